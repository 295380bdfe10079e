"""Keyset (cursor) pagination: stable pages by (created_at, id), opaque cursors, junk refused."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core import paging
from practice import selectors, services
from tests.factories import PostFactory, world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def test_pages_walk_every_post_once_newest_first_even_with_equal_times(w):
    same_time = timezone.now()
    posts = [PostFactory(feed=w.a, author=w.employee, created_at=same_time) for _ in range(7)]
    posts += [
        PostFactory(feed=w.a, author=w.employee, created_at=same_time - timedelta(minutes=i)) for i in range(1, 9)
    ]
    seen, cursor = [], None
    while True:
        page = selectors.home_timeline(w.employee, cursor=cursor, size=4)
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(posts) == len({p.pk for p in seen})
    keys = [(p.created_at, p.pk) for p in seen]
    assert keys == sorted(keys, reverse=True)


def test_a_new_post_does_not_shift_the_next_page(w):
    for i in range(5):
        PostFactory(feed=w.a, author=w.employee, created_at=timezone.now() - timedelta(minutes=10 - i))
    first = selectors.home_timeline(w.employee, size=2)
    PostFactory(feed=w.a, author=w.employee)  # arrives while the person reads page one
    second = selectors.home_timeline(w.employee, cursor=first.next_cursor, size=2)
    assert not {p.pk for p in first.items} & {p.pk for p in second.items}
    assert second.items[0].created_at < first.items[-1].created_at


@pytest.mark.parametrize(
    "token", ["junk", "MTIzNA", "bm90LWEtZGF0ZXwx", "MjAyNi0wMS0wMVQwMDowMDowMHwx", "%%%", "x" * 500]
)
def test_a_bad_cursor_is_refused(token):
    with pytest.raises(paging.BadCursor):
        paging.decode_cursor(token)


@pytest.mark.parametrize("name", ["home", "mentions", "notifications", "search"])
def test_a_bad_cursor_on_a_page_is_a_400(client_for, w, name):
    url = reverse(f"practice:{name}")
    response = client_for(w.employee).get(url, {"cursor": "not-a-cursor", "q": "x"})
    assert response.status_code == 400


def test_the_more_link_carries_the_cursor_and_htmx_gets_only_rows(client_for, w):
    for i in range(25):
        PostFactory(feed=w.a, author=w.employee, text=f"numbered {i}", created_at=timezone.now() - timedelta(minutes=i))
    client = client_for(w.employee)
    page = client.get(reverse("practice:home"))
    cursor = page.context["page"].next_cursor
    assert f"cursor={cursor}" in page.content.decode()
    more = client.get(reverse("practice:home"), {"cursor": cursor}, headers={"HX-Request": "true"})
    body = more.content.decode()
    assert "numbered 24" in body and "numbered 0" not in body
    assert "<html" not in body


def test_hashtag_pages_walk_every_tagged_post_once_even_with_equal_times(w, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 0
    start = timezone.now()
    with time_machine.travel(start, tick=False):  # seven posts at the very same instant
        tagged = [
            services.create_post(user=w.employee, feed=w.a, text=f"Same moment {i} #Safe #Week") for i in range(7)
        ]
    for minute in range(1, 6):
        with time_machine.travel(start - timedelta(minutes=minute), tick=False):
            tagged.append(services.create_post(user=w.colleague, feed=w.a, text=f"Earlier {minute} #safe"))
            services.create_post(user=w.colleague, feed=w.a, text=f"Untagged {minute}")
    seen, cursor = [], None
    while True:
        page = selectors.hashtag_posts(w.employee, "SAFE", cursor=cursor, size=4)
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
        assert len(page.items) == 4 or cursor is None
    assert sorted(p.pk for p in seen) == sorted(p.pk for p in tagged)
    keys = [(p.created_at, p.pk) for p in seen]
    assert keys == sorted(keys, reverse=True)
