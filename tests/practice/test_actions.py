"""Post actions work in place with htmx and as plain form posts (POST-redirect-GET), for members only."""

import pytest
from django.urls import reverse

from practice import services
from practice.models import FeedMembership, FeedNotification, Follow, Like, Post
from tests.factories import PersonaFactory, world

HTMX = {"HX-Request": "true"}


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


@pytest.fixture
def post(w):
    return services.create_post(user=w.colleague, feed=w.a, text="Cohort post")


def test_like_without_javascript_redirects_back(client_for, w, post):
    client = client_for(w.employee)
    response = client.post(reverse("practice:post-like", args=[post.pk]), {"next": "/feed/?x=1"})
    assert response.status_code == 302 and response["Location"] == "/feed/?x=1"
    assert Like.objects.filter(user=w.employee, post=post).exists()


def test_an_offsite_next_is_ignored(client_for, w, post):
    response = client_for(w.employee).post(
        reverse("practice:post-like", args=[post.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("practice:home")


def test_like_with_htmx_returns_the_card_pressed(client_for, w, post):
    response = client_for(w.employee).post(reverse("practice:post-like", args=[post.pk]), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith("<article") and 'aria-pressed="true"' in body
    assert 'aria-label="Liked, 1 like"' in body


def test_unlike_retweet_and_undo_in_place(client_for, w, post):
    client = client_for(w.employee)
    client.post(reverse("practice:post-like", args=[post.pk]), headers=HTMX)
    client.post(reverse("practice:post-unlike", args=[post.pk]), headers=HTMX)
    assert not Like.objects.exists()
    body = client.post(reverse("practice:post-retweet", args=[post.pk]), headers=HTMX).content.decode()
    assert 'aria-label="Retweeted, 1 retweet"' in body
    client.post(reverse("practice:post-unretweet", args=[post.pk]), headers=HTMX)
    assert not Post.objects.filter(retweet_of=post, deleted_at__isnull=True).exists()


def test_delete_own_post_in_place_removes_the_card(client_for, w, post):
    response = client_for(w.colleague).post(reverse("practice:post-delete", args=[post.pk]), headers=HTMX)
    assert response.status_code == 200 and response.content == b""
    post.refresh_from_db()
    assert post.is_deleted


def test_nobody_deletes_another_persons_post(client_for, w, post):
    assert client_for(w.employee).post(reverse("practice:post-delete", args=[post.pk])).status_code == 403
    assert client_for(w.trainer).post(reverse("practice:post-delete", args=[post.pk])).status_code == 403
    assert client_for(w.outsider).post(reverse("practice:post-delete", args=[post.pk])).status_code == 404
    post.refresh_from_db()
    assert not post.is_deleted


def test_a_retweet_of_a_deleted_post_says_it_was_deleted(client_for, w, post):
    services.retweet(user=w.employee, post=post)
    services.delete_post(user=w.colleague, post=post)
    body = client_for(w.employee).get(reverse("practice:profile", args=["erin"])).content.decode()
    assert "This post was deleted." in body and "Cohort post" not in body


@pytest.mark.parametrize("action", ["post-like", "post-unlike", "post-retweet", "post-unretweet", "post-delete"])
@pytest.mark.parametrize("who", ["outsider", "admin"])
def test_no_action_across_cohorts(client_for, w, post, action, who):
    response = client_for(getattr(w, who)).post(reverse(f"practice:{action}", args=[post.pk]))
    assert response.status_code == 404
    assert not Like.objects.exists() and Post.objects.count() == 1


@pytest.mark.parametrize("who", ["outsider", "admin"])
def test_no_reply_or_quote_across_cohorts(client_for, w, post, who):
    client = client_for(getattr(w, who))
    for field in ("reply_to", "quote_of"):
        response = client.post(reverse("practice:compose"), {"text": "sneaky", "feed": w.open.pk, field: post.pk})
        assert response.status_code == 404
    assert Post.objects.count() == 1


def test_no_post_into_a_feed_one_does_not_belong_to(client_for, w):
    response = client_for(w.outsider).post(reverse("practice:compose"), {"text": "let me in", "feed": w.a.pk})
    assert response.status_code == 400  # the feed is not one of their choices
    assert not Post.objects.exists()


def test_a_post_is_always_by_the_signed_in_person(client_for, w):
    client_for(w.employee).post(
        reverse("practice:compose"), {"text": "me", "feed": w.a.pk, "author": w.colleague.pk, "persona": 1}
    )
    assert Post.objects.get().author == w.employee


def test_reply_without_javascript_goes_to_the_conversation(client_for, w, post):
    response = client_for(w.employee).post(
        reverse("practice:compose"), {"text": "my answer", "feed": w.a.pk, "reply_to": post.pk}
    )
    reply = Post.objects.get(reply_to=post)
    assert response.status_code == 302 and response["Location"] == reverse("practice:post", args=[reply.pk])
    thread = client_for(w.colleague).get(reverse("practice:post", args=[post.pk])).content.decode()
    assert "my answer" in thread


def test_compose_with_htmx_returns_a_fresh_composer_and_triggers_the_poll(client_for, w):
    response = client_for(w.employee).post(reverse("practice:compose"), {"text": "hello", "feed": w.a.pk}, headers=HTMX)
    assert response.status_code == 200
    assert 'id="composer"' in response.content.decode() and "hello</textarea>" not in response.content.decode()
    assert "postCreated" in response.headers.get("HX-Trigger", "")


def test_compose_error_with_htmx_keeps_the_text(client_for, w):
    response = client_for(w.employee).post(
        reverse("practice:compose"), {"text": "x" * 300, "feed": w.a.pk}, headers=HTMX
    )
    body = response.content.decode()
    assert "20 characters too long" in body and "x" * 300 in body


def test_a_quote_embeds_the_quoted_post(client_for, w, post):
    client = client_for(w.employee)
    client.post(reverse("practice:compose"), {"text": "So true", "feed": w.a.pk, "quote_of": post.pk})
    quote = Post.objects.get(quote_of=post)
    body = client.get(reverse("practice:post", args=[quote.pk])).content.decode()
    assert "So true" in body and "Cohort post" in body and "post__quote" in body


def test_after_a_quote_the_learner_lands_on_it_with_htmx_or_without(client_for, w, post):
    client = client_for(w.employee)
    data = {"text": "Worth a read", "feed": w.a.pk, "quote_of": post.pk}
    plain = client.post(reverse("practice:compose"), data)
    first = Post.objects.get(quote_of=post)
    assert plain.status_code == 302 and plain["Location"] == reverse("practice:post", args=[first.pk])
    data["text"] = "And again, for the night team"
    swapped = client.post(reverse("practice:compose"), data, headers={"HX-Request": "true"})
    second = Post.objects.filter(quote_of=post).latest("pk")
    assert swapped["HX-Redirect"] == reverse("practice:post", args=[second.pk])


def test_follow_and_unfollow_with_and_without_htmx(client_for, w):
    client = client_for(w.employee)
    response = client.post(reverse("practice:follow", args=["cal"]))
    assert response.status_code == 302
    assert Follow.objects.filter(follower=w.employee, user=w.colleague).exists()
    body = client.post(reverse("practice:unfollow", args=["cal"]), headers=HTMX).content.decode()
    assert 'id="follow-button"' in body and "Follow<span" in body
    assert not Follow.objects.exists()
    assert FeedNotification.objects.filter(recipient=w.colleague, kind="follow").count() == 1


def test_following_oneself_is_a_message_not_an_error(client_for, w):
    response = client_for(w.employee).post(reverse("practice:follow", args=["erin"]), follow=True)
    assert response.status_code == 200
    assert b"You cannot follow yourself." in response.content


def test_an_outsider_cannot_follow_a_cohort_persona(client_for, w):
    PersonaFactory(handle="NewsDesk", feed=w.a)
    assert client_for(w.outsider).post(reverse("practice:persona-follow", args=["NewsDesk"])).status_code == 404


def test_the_trainer_hides_a_post_and_its_author_sees_why(client_for, w, post):
    client = client_for(w.trainer)
    assert client.get(reverse("practice:post-hide", args=[post.pk])).status_code == 200
    response = client.post(reverse("practice:post-hide", args=[post.pk]), {"reason": "Shares a patient detail"})
    assert response.status_code == 302
    author_view = client_for(w.colleague).get(reverse("practice:feed", args=[w.a.pk])).content.decode()
    assert "Shares a patient detail" in author_view and "Cohort post" in author_view
    other_view = client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk])).content.decode()
    assert "Cohort post" not in other_view
    assert client_for(w.employee).get(reverse("practice:post", args=[post.pk])).status_code == 404


@pytest.mark.parametrize("who", ["employee", "colleague"])
def test_learners_cannot_hide(client_for, w, post, who):
    client = client_for(getattr(w, who))
    assert client.post(reverse("practice:post-hide", args=[post.pk]), {"reason": "x"}).status_code == 403


def test_notifications_count_and_mark_read(client_for, w, post):
    services.like(user=w.employee, post=post)
    services.reply(user=w.employee, post=post, text="hey @cal")
    client = client_for(w.colleague)
    body = client.get(reverse("practice:notifications")).content.decode()
    assert "liked your post" in body and "replied to your post" in body and "mentioned you" in body
    assert '3<span class="visually-hidden"> unread' in body
    client.post(reverse("practice:notifications-read"))
    assert not FeedNotification.objects.filter(recipient=w.colleague, read_at__isnull=True).exists()


def test_the_poll_returns_only_newer_posts(client_for, w, post):
    client = client_for(w.employee)
    services.follow(user=w.employee, target=w.colleague)
    home = client.get(reverse("practice:home"))
    since = home.context["poll_since"]
    newer = services.create_post(user=w.colleague, feed=w.a, text="Fresh news")
    body = client.get(reverse("practice:home-poll"), {"since": since}, headers=HTMX).content.decode()
    assert "Fresh news" in body and "Cohort post" not in body and "1 new post" in body
    assert f"post-{newer.pk}" in body
    assert client.get(reverse("practice:home-poll"), {"since": "junk"}).status_code == 400


def test_the_main_navigation_shows_the_feed_with_its_unread_count(client_for, w, post):
    services.like(user=w.employee, post=post)
    body = client_for(w.colleague).get(reverse("home")).content.decode()
    assert "Practice feed (1 new)" in body
    assert "Practice feed" in client_for(w.employee).get(reverse("home")).content.decode()


def test_the_console_lists_hidden_posts_and_shows_them_again(client_for, w, post):
    services.hide_post(user=w.trainer, post=post, reason="Too much detail")
    client = client_for(w.trainer)
    url = reverse("practice:console", args=[w.a.pk])
    body = client.get(url).content.decode()
    assert "Too much detail" in body and "Cohort post" in body
    assert client.post(url, {"action": "unhide", "post": post.pk}).status_code == 302
    post.refresh_from_db()
    assert not post.is_hidden
    assert client.post(url, {"action": "unhide", "post": "junk"}).status_code == 404


def test_opening_the_home_timeline_starts_the_self_paced_clock(client_for, w):
    client_for(w.employee).get(reverse("practice:home"))
    assert FeedMembership.objects.get(feed=w.a, user=w.employee).first_visit_at is not None
    assert FeedMembership.objects.get(feed=w.a, user=w.colleague).first_visit_at is None
