"""A timeline page joins authors and quoted posts for the rows it shows only (found by `make bench`)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import paging
from practice import selectors
from tests.factories import PostFactory, world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def test_the_display_query_reads_only_the_page_it_shows(w):
    now = timezone.now()
    posts = [PostFactory(feed=w.a, author=w.employee, created_at=now - timedelta(minutes=i)) for i in range(30)]
    with CaptureQueriesContext(connection) as queries:
        page = selectors.home_timeline(w.employee, size=5)
    assert [p.pk for p in page.items] == [p.pk for p in posts[:5]]
    assert page.next_cursor == paging.encode_cursor(posts[4].created_at, posts[4].pk)
    display = [q["sql"] for q in queries.captured_queries if 'JOIN "practice_feed"' in q["sql"]]
    assert display, "the page's rows are loaded with their feed"
    assert all('"practice_post"."id" IN (' in sql for sql in display)


def test_an_empty_timeline_asks_once(w):
    with CaptureQueriesContext(connection) as queries:
        page = selectors.feed_timeline(w.employee, w.a)
    assert page.items == [] and page.next_cursor is None
    assert not [q for q in queries.captured_queries if 'JOIN "practice_feed"' in q["sql"]]
