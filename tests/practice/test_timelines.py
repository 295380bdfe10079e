"""What each timeline holds."""

import pytest
from django.urls import reverse

from practice import selectors, services
from tests.factories import PersonaFactory, world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def texts(page):
    return {(p.retweet_of or p).text for p in page.items}


def test_home_holds_me_those_i_follow_and_my_cohorts_personas(w):
    cohort_persona = PersonaFactory(handle="WardNews", feed=w.a)
    global_persona = PersonaFactory(handle="CityDesk")
    services.create_post(user=w.employee, feed=w.a, text="mine")
    services.create_post(user=w.colleague, feed=w.a, text="colleague, not followed yet")
    services.create_post(user=w.outsider, feed=w.open, text="outsider in the open feed")
    services.post_as_persona(user=w.trainer, persona=cohort_persona, feed=w.a, text="cohort persona")
    services.post_as_persona(user=w.admin, persona=global_persona, feed=w.open, text="global persona")
    assert texts(selectors.home_timeline(w.employee)) == {"mine", "cohort persona"}

    services.follow(user=w.employee, target=w.colleague)
    services.follow(user=w.employee, target=w.outsider)
    services.follow(user=w.employee, target=global_persona)
    assert texts(selectors.home_timeline(w.employee)) == {
        "mine",
        "cohort persona",
        "colleague, not followed yet",
        "outsider in the open feed",
        "global persona",
    }
    # The outsider follows the employee but never sees cohort A.
    services.follow(user=w.outsider, target=w.employee)
    assert "mine" not in texts(selectors.home_timeline(w.outsider))


def test_a_retweet_appears_in_the_followers_home(w):
    post = services.create_post(user=w.colleague, feed=w.open, text="worth a retweet")
    services.retweet(user=w.outsider, post=post)
    services.follow(user=w.employee, target=w.outsider)
    items = selectors.home_timeline(w.employee).items
    assert [i.retweet_of_id for i in items] == [post.pk]


def test_mentions_page_lists_posts_that_mention_me(client_for, w):
    services.create_post(user=w.colleague, feed=w.a, text="hey @ERIN look")
    services.create_post(user=w.colleague, feed=w.a, text="hey @cal")
    body = client_for(w.employee).get(reverse("practice:mentions")).content.decode()
    assert "hey <a" in body and "look" in body and "hey @cal" not in body


def test_search_needs_every_word_and_hashtags_as_tags(w):
    services.create_post(user=w.employee, feed=w.a, text="Flu clinic opens Monday #FluSeason")
    services.create_post(user=w.employee, feed=w.a, text="Flu talk on Tuesday")
    services.create_post(user=w.employee, feed=w.a, text="Mention of FluSeason without a tag")
    assert texts(selectors.search_posts(w.employee, "flu monday")) == {"Flu clinic opens Monday #FluSeason"}
    assert texts(selectors.search_posts(w.employee, "#fluseason")) == {"Flu clinic opens Monday #FluSeason"}
    assert texts(selectors.search_posts(w.employee, "   ")) == set()


def test_a_unicode_hashtag_has_its_own_page(client_for, w):
    services.create_post(user=w.employee, feed=w.a, text="Hola #Enfermería y #日本語")
    client = client_for(w.employee)
    post_page = client.get(reverse("practice:home")).content.decode()
    url = reverse("practice:hashtag", args=["enfermería"])
    assert url in post_page or url.replace("%C3%AD", "í") in post_page
    assert "Hola" in client.get(url).content.decode()
    assert "Hola" in client.get(reverse("practice:hashtag", args=["日本語"])).content.decode()


def test_the_feed_poll_brings_new_posts_of_that_feed(client_for, w):
    client = client_for(w.employee)
    page = client.get(reverse("practice:feed", args=[w.a.pk]))
    services.create_post(user=w.colleague, feed=w.a, text="new in cohort A")
    services.create_post(user=w.colleague, feed=w.open, text="new in the open feed")
    body = client.get(
        reverse("practice:feed-poll", args=[w.a.pk]),
        {"since": page.context["poll_since"]},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "new in cohort A" in body and "new in the open feed" not in body
    assert client_for(w.outsider).get(reverse("practice:feed-poll", args=[w.a.pk]), {"since": "x"}).status_code == 404


def test_a_thread_shows_ancestors_and_replies_in_order(client_for, w):
    root = services.create_post(user=w.colleague, feed=w.a, text="root question")
    middle = services.reply(user=w.employee, post=root, text="middle answer")
    services.reply(user=w.colleague, post=middle, text="first reply")
    services.reply(user=w.trainer, post=middle, text="second reply")
    thread = selectors.conversation(w.employee, middle)
    assert [p.text for p in thread.ancestors] == ["root question"]
    assert [p.text for p in thread.replies.items] == ["first reply", "second reply"]
    body = client_for(w.employee).get(reverse("practice:post", args=[middle.pk])).content.decode()
    assert body.index("root question") < body.index("middle answer") < body.index("first reply")
