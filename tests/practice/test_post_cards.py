"""Timeline cards come from a cache, yet each viewer sees every card as it is now, with their own state,
their own form token and address, in their own language, and user text stays escaped."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from practice import cards, selectors, services
from tests.factories import world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 0
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def card(html: str, post) -> str:
    found = re.search(rf'<article[^>]* id="post-{post.pk}".*?</article>', html, re.S)
    assert found, f"post {post.pk} is not on the page"
    return found.group(0)


def like_button(card_html: str) -> str:
    return re.search(r"<button[^>]*post__action--like.*?</button>", card_html, re.S).group(0)


def test_a_cached_card_shows_new_counts_names_and_deletion(client_for, w):
    post = services.create_post(user=w.colleague, feed=w.a, text="Hand hygiene week #SafeSocial")
    client = client_for(w.employee)
    home = reverse("practice:feed", args=[w.a.pk])
    first = card(client.get(home).content.decode(), post)
    assert 'aria-label="Like, 0 likes"' in like_button(first)
    assert "Cal Colleague" in first

    services.like(user=w.trainer, post=post)
    second = card(client.get(home).content.decode(), post)
    assert 'aria-label="Like, 1 like"' in like_button(second)
    assert '<span class="post__count">1</span>' in like_button(second)

    w.colleague.display_name = "Cal Renamed"
    w.colleague.save(update_fields=["display_name"])
    third = card(client.get(home).content.decode(), post)
    assert "Cal Renamed" in third and "Cal Colleague" not in third

    services.delete_post(user=w.colleague, post=post)
    assert f'id="post-{post.pk}"' not in client.get(home).content.decode()  # gone from timelines


def test_two_viewers_each_see_their_own_liked_and_own_post_state(client_for, w):
    post = services.create_post(user=w.trainer, feed=w.a, text="Shared by both learners")
    services.like(user=w.employee, post=post)
    page = reverse("practice:feed", args=[w.a.pk])

    mine = card(client_for(w.employee).get(page).content.decode(), post)
    theirs = card(client_for(w.colleague).get(page).content.decode(), post)
    authors = card(client_for(w.trainer).get(page).content.decode(), post)
    assert 'aria-pressed="true" aria-label="Liked, 1 like"' in like_button(mine)
    assert 'aria-pressed="false" aria-label="Like, 1 like"' in like_button(theirs)
    assert "your post" not in mine and "Hide" not in theirs
    assert "your post" in authors and "Hide" in authors  # the trainer wrote it and moderates cohort A


def test_a_cached_card_carries_this_request_s_form_token_and_address(w):
    post = services.create_post(user=w.colleague, feed=w.a, text="Form token test")
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.employee)
    client.get(reverse("practice:profile", args=[w.colleague.handle]))  # caches the card
    feed_page = reverse("practice:feed", args=[w.a.pk])
    html = card(client.get(feed_page).content.decode(), post)

    assert f'name="next" value="{feed_page}"' in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("practice:post-like", args=[post.pk]), {"csrfmiddlewaretoken": token, "next": feed_page}
    )
    assert response.status_code == 302 and response["Location"] == feed_page
    post.refresh_from_db()
    assert post.like_count == 1


def test_cards_follow_the_viewer_s_language(client_for, w):
    post = services.create_post(user=w.colleague, feed=w.a, text="Hola")
    home = reverse("practice:feed", args=[w.a.pk])
    english = card(client_for(w.employee).get(home).content.decode(), post)
    assert "open conversation" in english
    w.employee.language = "es"
    w.employee.save(update_fields=["language"])
    spanish = card(client_for(w.employee).get(home).content.decode(), post)
    assert "abrir la conversación" in spanish and "open conversation" not in spanish


def test_user_text_stays_escaped_in_a_cached_card(client_for, w):
    post = services.create_post(user=w.colleague, feed=w.a, text='<script>alert("x")</script> & "quotes"')
    client = client_for(w.employee)
    for _ in range(2):  # rendered, then from the cache
        html = card(client.get(reverse("practice:feed", args=[w.a.pk])).content.decode(), post)
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html


def test_a_cached_card_is_the_card_the_template_renders(w):
    quoted = services.create_post(user=w.colleague, feed=w.a, text="Original @erin #SafeSocial https://example.org")
    services.quote(user=w.trainer, post=quoted, text="Worth reading @cal")
    services.retweet(user=w.colleague, post=quoted)
    services.like(user=w.employee, post=quoted)
    request = RequestFactory().get(reverse("practice:feed", args=[w.a.pk]))
    request.user = w.employee
    page = selectors.feed_timeline(w.employee, w.a)
    assert len(page.items) == 2  # the retweet (which is the original's card too) and the quote

    def tokens_out(html: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", str(html))

    for _ in range(2):  # rendered, then from the cache
        produced = cards.render_cards(request, page.items)
        for post, html in zip(page.items, produced, strict=True):
            direct = selectors.post_for(w.employee, post.pk)
            expected = render_to_string("partials/practice/post.html", {"post": direct}, request)
            assert tokens_out(html) == tokens_out(expected)


def test_only_the_author_gets_the_delete_button_on_a_shared_card(client_for, w):
    post = services.create_post(user=w.employee, feed=w.a, text="My own post")
    page = reverse("practice:feed", args=[w.a.pk])
    assert "your post" in card(client_for(w.employee).get(page).content.decode(), post)
    assert "your post" not in card(client_for(w.colleague).get(page).content.decode(), post)


def test_timelines_still_show_when_the_card_cache_is_unreachable(client_for, w, settings):
    settings.CACHES = {
        **settings.CACHES,
        # Nothing listens on port 9 here: every call fails the way a stopped Redis does.
        "cards": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    }
    post = services.create_post(user=w.colleague, feed=w.a, text="Still here without a cache")
    response = client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk]))
    assert response.status_code == 200
    assert "Still here without a cache" in card(response.content.decode(), post)
