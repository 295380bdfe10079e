"""The notifications tab as on X: likes, retweets and follows of one post on one day are one line
("Grace Okafor and 6 others liked your post"); mentions and replies keep a line each."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from practice import services
from tests.factories import verified_user

pytestmark = pytest.mark.django_db

NAMES = ["Priya Nair", "Tom Walsh", "Aisha Khan", "Liam Byrne", "Mei Chen", "Sam Reid", "Grace Okafor"]


def lines(client) -> list[str]:
    body = client.get(reverse("practice:notifications")).content.decode()
    items = re.findall(r'<li class="notification[^"]*">(.*?)</li>', body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_seven_likes_of_one_post_are_one_line_and_a_reply_keeps_its_own(settings, client_for):
    settings.PRACTICE_POST_RATE_LIMIT = 0
    cal = verified_user(display_name="Cal Colleague", handle="cal", email="cal@example.org")
    feed = services.open_feed()
    post = services.create_post(user=cal, feed=feed, text="Night shift on 4B raised £1,200 for the hospice.")
    people = []
    for name in NAMES:
        handle = name.split()[0].lower()
        people.append(verified_user(display_name=name, handle=handle, email=f"{handle}@example.org"))
        services.like(user=people[-1], post=post)
    services.reply(user=people[0], post=post, text="Amazing, well done all!")
    services.follow(user=people[1], target=cal)

    shown = lines(client_for(cal))
    assert len(shown) == 3
    assert shown[0].startswith("Unread: Tom Walsh followed you")  # newest first
    assert shown[1].startswith("Unread: Priya Nair replied to your post")
    assert shown[2].startswith("Unread: Grace Okafor and 6 others liked your post")
    assert sum("liked your post" in line for line in shown) == 1


def test_likes_on_another_day_or_another_post_are_their_own_line(settings, client_for):
    settings.PRACTICE_POST_RATE_LIMIT = 0
    cal = verified_user(display_name="Cal Colleague", handle="cal", email="cal@example.org", time_zone="UTC")
    feed = services.open_feed()
    first = services.create_post(user=cal, feed=feed, text="Flu clinic is open until 6pm.")
    second = services.create_post(user=cal, feed=feed, text="Parking on level 2 is closed today.")
    priya = verified_user(display_name="Priya Nair", handle="priya", email="priya@example.org")
    tom = verified_user(display_name="Tom Walsh", handle="tom", email="tom@example.org")
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        services.like(user=priya, post=first)
    services.like(user=tom, post=first)
    services.like(user=tom, post=second)

    shown = lines(client_for(cal))
    assert [line.split(" liked")[0] for line in shown] == [
        "Unread: Tom Walsh",
        "Unread: Tom Walsh",
        "Unread: Priya Nair",
    ]
    assert not any("others" in line or "1 other" in line for line in shown)
