"""What a card shows, as on X: the post's age ("now", "5m", "2h", "3 Dec", "3 Dec 2025") in the viewer's
zone with the full time as a tooltip, never frozen by the card cache; icon actions named with their counts;
the time as the link that opens the conversation; quotes as embedded cards; badges."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from practice import services
from practice.models import Post
from practice.templatetags.practice_tags import time_label
from tests.factories import PersonaFactory, world

NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 0
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def card(html: str, post) -> str:
    found = re.search(rf'<article[^>]* id="post-{post.pk}".*?</article>', html, re.S)
    assert found, f"post {post.pk} is not on the page"
    return found.group(0)


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (timedelta(seconds=0), "now"),
        (timedelta(seconds=59), "now"),
        (timedelta(seconds=-30), "now"),  # a clock a little ahead
        (timedelta(minutes=5, seconds=30), "5m"),
        (timedelta(minutes=59), "59m"),
        (timedelta(hours=2, minutes=50), "2h"),
        (timedelta(hours=23, minutes=59), "23h"),
        (timedelta(days=1, hours=1), "3 Dec"),
        (timedelta(days=40), "25 Oct"),
        (timedelta(days=366), "3 Dec 2025"),
    ],
)
def test_the_age_label(age, label):
    with translation.override("en"), timezone.override(UTC):
        assert time_label(NOW - age, NOW) == label


def test_the_date_is_the_viewer_s_date():
    late_evening = datetime(2026, 1, 1, 23, 30, tzinfo=UTC)
    now = datetime(2026, 12, 4, tzinfo=UTC)
    with translation.override("en"):
        with timezone.override(UTC):
            assert time_label(late_evening, now) == "1 Jan"
        with timezone.override(ZoneInfo("Asia/Tokyo")):
            assert time_label(late_evening, now) == "2 Jan"
        with timezone.override(ZoneInfo("America/New_York")):
            assert time_label(datetime(2026, 1, 1, 3, tzinfo=UTC), now) == "31 Dec 2025"


def test_a_card_has_a_time_element_with_the_full_local_time(client_for, w):
    w.employee.time_zone = "Europe/Madrid"
    w.employee.save(update_fields=["time_zone"])
    with time_machine.travel(NOW, tick=False):
        post = services.create_post(user=w.colleague, feed=w.a, text="Ward 3 handover moved to 07:45.")
        Post.objects.filter(pk=post.pk).update(created_at=NOW - timedelta(hours=2, minutes=5))
        html = card(client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk])).content.decode(), post)
    time = re.search(r"<time [^>]*>[^<]*</time>", html).group(0)
    assert time == '<time datetime="2026-12-04T12:55:00+00:00" title="13:55 · 4 Dec 2026">2h</time>'


def test_the_card_cache_never_freezes_the_age(client_for, w):
    client = client_for(w.employee)
    feed = reverse("practice:feed", args=[w.a.pk])
    with time_machine.travel(NOW, tick=False):
        post = services.create_post(user=w.colleague, feed=w.a, text="Flu jabs in the atrium until 6pm.")
        assert ">now</time>" in card(client.get(feed).content.decode(), post)
    for later, label in ((timedelta(minutes=5), "5m"), (timedelta(hours=3), "3h"), (timedelta(days=2), "4 Dec")):
        with time_machine.travel(NOW + later, tick=False):
            assert f">{label}</time>" in card(client.get(feed).content.decode(), post)


def test_actions_are_icons_named_with_their_counts(client_for, w, settings):
    settings.SITE_URL = "https://camp.example.org"
    post = services.create_post(user=w.colleague, feed=w.a, text="Who's coming to the wellbeing walk?")
    for person in (w.employee, w.trainer):
        services.like(user=person, post=post)
    services.reply(user=w.trainer, post=post, text="Count me in")
    html = card(client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk])).content.decode(), post)
    labels = re.findall(r'class="post__action[^"]*"[^>]*aria-label="([^"]+)"', html)
    assert labels == ["Reply, 1 reply", "Retweet, 0 retweets", "Quote, 0 quotes", "Liked, 2 likes", "Share this post"]
    assert 'aria-pressed="true" aria-label="Liked, 2 likes"' in html
    assert html.count("<svg") >= 5 and "<img" not in html
    # Zero counts are not shown, as on X; the others are.
    assert re.findall(r'<span class="post__count">([^<]*)</span>', html) == ["1", "", "", "2"]
    # Share: the post's full address, ready to copy.
    assert f'type="url" value="https://camp.example.org/feed/posts/{post.pk}/" readonly' in html


def test_the_time_is_the_link_that_opens_the_conversation(client_for, w):
    post = services.create_post(user=w.colleague, feed=w.a, text="Thread below on safe sharing 🧵")
    html = card(client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk])).content.decode(), post)
    stretched = re.findall(r'<a class="[^"]*post__stretch[^"]*" href="([^"]+)"', html)
    assert stretched == [reverse("practice:post", args=[post.pk])]
    assert "open conversation" in html


def test_a_quote_is_an_embedded_card_with_its_own_link(client_for, w):
    quoted = services.create_post(user=w.colleague, feed=w.a, text="New visiting hours from Monday.")
    quote = services.quote(user=w.trainer, post=quoted, text="Please share with families.")
    html = card(client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk])).content.decode(), quote)
    embed = re.search(r'<blockquote class="post__quote">.*?</blockquote>', html, re.S).group(0)
    assert "Cal Colleague" in embed and "@cal" in embed and "New visiting hours from Monday." in embed
    assert f'class="post__stretch" href="{reverse("practice:post", args=[quoted.pk])}"' in embed
    assert "<time " in embed


def test_replies_say_who_they_answer_and_personas_wear_a_badge(client_for, w):
    desk = PersonaFactory(handle="WardNews", name="Ward News", feed=w.a)
    original = services.post_as_persona(user=w.trainer, persona=desk, feed=w.a, text="Lifts in block C are out.")
    reply = services.reply(user=w.colleague, post=original, text="Thanks for the heads-up")
    html = client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk])).content.decode()
    assert 'Replying to <a href="/feed/personas/WardNews/">@WardNews</a>' in card(html, reply)
    assert '<span class="badge badge--persona">Persona</span>' in card(html, original)
    assert "badge--persona" not in card(html, reply)
