"""Abuse limits: sign-in rate limits, the feed's posting limit, and unguessable private URLs."""

from __future__ import annotations

import math
from collections import Counter
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from courses import notices as kinds
from courses.models import CalendarFeed, Completion
from courses.models.core import new_token
from notifications.services import unsubscribe_token
from practice.models import Post
from tests.factories import CourseFactory, world
from tweetcamp import settings as production

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def test_the_sign_in_rate_limits_are_on_in_production_settings():
    assert production.ACCOUNT_RATE_LIMITS_ENABLED is True


@override_settings(ACCOUNT_RATE_LIMITS_ENABLED=True)
def test_repeated_failed_sign_ins_are_stopped_with_a_message(client, employee):
    statuses = []
    for _ in range(8):
        response = client.post(reverse("account_login"), {"login": employee.email, "password": "wrong-password"})
        statuses.append(response.status_code)
    assert 500 not in statuses
    body = response.content.decode()
    assert "Too many failed login attempts" in body
    # Even the right password waits now: the limit is per address, not per guess.
    response = client.post(reverse("account_login"), {"login": employee.email, "password": "x"})
    assert "Too many failed login attempts" in response.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS_ENABLED=True)
def test_repeated_password_resets_are_limited(client, employee):
    responses = [client.post(reverse("account_reset_password"), {"email": employee.email}) for _ in range(8)]
    assert all(r.status_code in (200, 302, 429) for r in responses)
    assert responses[-1].status_code == 429 or b"Too many" in responses[-1].content


def test_posting_too_often_is_a_clear_message_on_reply_and_quote(client_for, w, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 2
    client = client_for(w.employee)
    target = Post.objects.create(feed=w.a, author=w.colleague, text="Our ward is hiring")
    assert client.post(reverse("practice:compose"), {"text": "one", "feed": w.a.pk}).status_code == 302
    assert (
        client.post(reverse("practice:compose"), {"text": "two", "feed": w.a.pk, "reply_to": target.pk}).status_code
        == 302
    )
    for extra in ({"reply_to": target.pk}, {"quote_of": target.pk}, {}):
        response = client.post(reverse("practice:compose"), {"text": "three", "feed": w.a.pk, **extra})
        assert response.status_code == 400
        assert b"You can make 2 posts every 5 minutes" in response.content
    response = client.post(reverse("practice:post-retweet", args=[target.pk]))
    assert response.status_code in (200, 302, 400)
    assert Post.objects.filter(author=w.employee).count() == 2


def test_posting_still_works_when_the_cache_is_away(client_for, w, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 1
    with mock.patch("practice.services.posting.cache.add", side_effect=RedisConnectionError("Connection refused")):
        response = client_for(w.employee).post(reverse("practice:compose"), {"text": "still here", "feed": w.a.pk})
    assert response.status_code == 302
    assert Post.objects.filter(author=w.employee, text="still here").exists()


def _bits_per_char(tokens: list[str]) -> float:
    counts = Counter("".join(tokens))
    total = sum(counts.values())
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def test_private_urls_use_long_random_tokens(employee):
    feed = CalendarFeed.objects.create(user=employee)
    completion = Completion.objects.create(user=employee, course=CourseFactory())
    for token in (feed.token, completion.certificate_code):
        assert len(token) >= 32  # 24 random bytes, URL-safe base64: 192 bits
    sample = [new_token() for _ in range(2000)]
    assert len(set(sample)) == len(sample)
    assert {len(t) for t in sample} == {32}
    # base64url spreads evenly over 64 symbols: close to 6 bits a character, nothing guessable.
    assert _bits_per_char(sample) > 5.9


def test_a_wrong_token_finds_nothing(client, employee):
    feed = CalendarFeed.objects.create(user=employee)
    completion = Completion.objects.create(user=employee, course=CourseFactory())
    assert client.get(reverse("courses:calendar-feed", args=[feed.token])).status_code == 200
    assert client.get(reverse("courses:certificate-verify", args=[completion.certificate_code])).status_code == 200
    for guess in (feed.token[:-1] + ("A" if feed.token[-1] != "A" else "B"), "1", feed.token.upper()):
        assert client.get(reverse("courses:calendar-feed", args=[guess])).status_code == 404
    assert client.get(reverse("courses:certificate-verify", args=[completion.certificate_code[:8]])).status_code == 404


def test_notification_unsubscribe_links_are_signed(client, employee):
    token = unsubscribe_token(employee, kinds.SESSION_REMINDER)
    tampered = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    assert client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 200
    assert client.get(reverse("notifications:unsubscribe", args=[tampered])).status_code in (400, 404)
