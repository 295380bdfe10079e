"""Who may do what with a cohort post, for each access persona: the owner (author), a colleague in the
same cohort, an outsider in another cohort, the cohort's trainer, and an admin who is in no cohort."""

import pytest
from django.urls import reverse

from practice import services
from practice.models import Like, Post
from tests.factories import world

READ = {"owner": 200, "colleague": 200, "trainer": 200, "outsider": 404, "admin": 404}


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def person(w, who):
    return {"owner": w.employee, "colleague": w.colleague, "trainer": w.trainer}.get(who) or getattr(w, who)


@pytest.fixture
def post(w):
    return services.create_post(user=w.employee, feed=w.a, text="Owner's cohort post #OnlyUs")


@pytest.mark.parametrize("who", READ)
def test_reading_a_cohort_post(client_for, w, post, who):
    client = client_for(person(w, who))
    assert client.get(reverse("practice:post", args=[post.pk])).status_code == READ[who]
    body = client.get(reverse("practice:hashtag", args=["onlyus"])).content.decode()
    assert ("Owner&#x27;s cohort post" in body) == (READ[who] == 200)


@pytest.mark.parametrize("who", READ)
def test_liking_retweeting_and_replying(client_for, w, post, who):
    client = client_for(person(w, who))
    expected = 302 if READ[who] == 200 else 404
    assert client.post(reverse("practice:post-like", args=[post.pk])).status_code == expected
    assert client.post(reverse("practice:post-retweet", args=[post.pk])).status_code == expected
    reply = {"text": "a reply", "feed": w.open.pk, "reply_to": post.pk}
    assert client.post(reverse("practice:compose"), reply).status_code == expected
    members = READ[who] == 200
    assert Like.objects.filter(post=post).exists() == members
    assert Post.objects.filter(reply_to=post, feed=w.a).exists() == members


@pytest.mark.parametrize("who", READ)
def test_deleting_the_post(client_for, w, post, who):
    response = client_for(person(w, who)).post(reverse("practice:post-delete", args=[post.pk]))
    expected = {"owner": 302, "colleague": 403, "trainer": 403, "outsider": 404, "admin": 404}[who]
    assert response.status_code == expected
    post.refresh_from_db()
    assert post.is_deleted == (who == "owner")


@pytest.mark.parametrize("who", READ)
def test_hiding_the_post(client_for, w, post, who):
    response = client_for(person(w, who)).post(reverse("practice:post-hide", args=[post.pk]), {"reason": "why"})
    expected = {"owner": 403, "colleague": 403, "trainer": 302, "outsider": 404, "admin": 404}[who]
    assert response.status_code == expected
    post.refresh_from_db()
    assert post.is_hidden == (who == "trainer")


def test_the_admin_moderates_the_open_feed(client_for, w):
    post = services.create_post(user=w.employee, feed=w.open, text="Open feed post")
    response = client_for(w.admin).post(reverse("practice:post-hide", args=[post.pk]), {"reason": "Off topic"})
    assert response.status_code == 302
