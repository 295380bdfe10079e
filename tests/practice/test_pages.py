"""Every page answers for a member, and says 404 (not 403, which would confirm it exists) across cohorts."""

import pytest
from django.urls import reverse

from practice import services
from tests.factories import PersonaFactory, world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


@pytest.fixture
def content(w):
    persona = PersonaFactory(handle="NewsDesk", name="News Desk", feed=w.a)
    post = services.create_post(user=w.colleague, feed=w.a, text="Hello @erin #SafeSocial see example.org")
    reply = services.reply(user=w.employee, post=post, text="Hi @cal")
    services.retweet(user=w.employee, post=post)
    services.quote(user=w.employee, post=post, text="Quoting @NewsDesk")
    services.like(user=w.employee, post=post)
    services.follow(user=w.employee, target=w.colleague)
    services.follow(user=w.employee, target=persona)
    services.post_as_persona(user=w.trainer, persona=persona, feed=w.a, text="Scenario begins #SafeSocial")
    return {"post": post, "reply": reply, "persona": persona}


def page_urls(w, content):
    return [
        reverse("practice:home"),
        reverse("practice:feed", args=[w.a.pk]),
        reverse("practice:feed", args=[w.open.pk]),
        reverse("practice:post", args=[content["post"].pk]),
        reverse("practice:post", args=[content["reply"].pk]),
        reverse("practice:profile", args=["cal"]),
        reverse("practice:persona", args=["NewsDesk"]),
        reverse("practice:hashtag", args=["safesocial"]),
        reverse("practice:mentions"),
        reverse("practice:notifications"),
        reverse("practice:search") + "?q=hello",
        reverse("practice:search") + "?q=%23SafeSocial",
        reverse("practice:compose") + f"?quote_of={content['post'].pk}",
        reverse("practice:compose") + f"?reply_to={content['post'].pk}",
    ]


def test_every_page_answers_for_a_member(client_for, w, content):
    client = client_for(w.employee)
    for url in page_urls(w, content):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_trainer_console_answers_for_the_cohorts_trainer(client_for, w, content):
    response = client_for(w.trainer).get(reverse("practice:console", args=[w.a.pk]))
    assert response.status_code == 200
    assert b"Scenario timeline" in response.content


@pytest.mark.parametrize("who", ["employee", "colleague", "outsider", "admin"])
def test_the_console_is_for_trainers_of_that_cohort_only(client_for, w, who):
    response = client_for(getattr(w, who)).get(reverse("practice:console", args=[w.a.pk]))
    assert response.status_code == (404 if who in ("outsider", "admin") else 403)


@pytest.mark.parametrize("who", ["outsider", "admin"])
def test_cohort_pages_are_not_found_for_people_outside_it(client_for, w, content, who):
    client = client_for(getattr(w, who))
    for url in (
        reverse("practice:feed", args=[w.a.pk]),
        reverse("practice:post", args=[content["post"].pk]),
        reverse("practice:persona", args=["NewsDesk"]),
        reverse("practice:compose") + f"?quote_of={content['post'].pk}",
    ):
        assert client.get(url).status_code == 404, url


def test_an_outsider_sees_no_cohort_post_on_profiles_hashtags_or_search(client_for, w, content):
    client = client_for(w.outsider)
    for url in (
        reverse("practice:profile", args=["cal"]),
        reverse("practice:hashtag", args=["safesocial"]),
        reverse("practice:search") + "?q=hello",
        reverse("practice:home"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert b"Hello" not in response.content, url
        assert b"Scenario begins" not in response.content, url


def test_pages_need_sign_in(client, w):
    response = client.get(reverse("practice:home"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_bad_cursor_is_a_400_not_a_500(client_for, w):
    client = client_for(w.employee)
    for cursor in ("junk", "!!!", "MjAyNi0xMS0yM3w", "bm90LWEtZGF0ZXwx", ""):
        response = client.get(reverse("practice:home"), {"cursor": cursor})
        assert response.status_code in (200, 400), cursor
    assert client.get(reverse("practice:home"), {"cursor": "junk"}).status_code == 400
