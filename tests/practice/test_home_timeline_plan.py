"""The home timeline of a person following 500 accounts among many posts uses an index on PostgreSQL
and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from core import paging
from practice import selectors
from practice.models import FeedMembership, Follow
from tests.factories import UserFactory, cohort

ACCOUNTS = 2_000
FOLLOWED = 500
POSTS = 100_000


def build(viewer):
    feed = cohort(name="Big cohort", learners=[viewer])
    now = timezone.now()
    users = User.objects.bulk_create(
        [User(email=f"bulk{i}@example.org", handle=f"bulk{i}", display_name=f"Bulk {i}") for i in range(ACCOUNTS)]
    )
    FeedMembership.objects.bulk_create([FeedMembership(feed=feed, user=u) for u in users])
    Follow.objects.bulk_create([Follow(follower=viewer, user=u) for u in users[:FOLLOWED]])
    first_id, last_id = users[0].pk, users[-1].pk
    with connection.cursor() as cursor:
        # 100,000 posts in one statement: authors spread over every account, seven seconds apart.
        cursor.execute(
            """
            INSERT INTO practice_post (feed_id, author_id, text, created_at, reply_count, retweet_count,
                                       quote_count, like_count, hidden_reason)
            SELECT %s, %s + (n * 7919) %% (%s - %s + 1), 'bulk post ' || n, %s - n * interval '7 seconds',
                   0, 0, 0, 0, ''
            FROM generate_series(1, %s) AS n
            """,
            [feed.pk, first_id, last_id, first_id, now, POSTS],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE practice_post; ANALYZE practice_follow; ANALYZE practice_feedmembership")
    return feed


@pytest.mark.services
@pytest.mark.django_db(transaction=False)
def test_the_home_timeline_uses_an_index_for_500_follows_among_100k_posts():
    viewer = UserFactory(handle="reader")
    build(viewer)
    qs = selectors.home_queryset(viewer).order_by("-created_at", "-id")[:21]
    plan = qs.explain()
    print(plan)
    assert "Index" in plan and "practice_post" in plan.replace('"', "")
    assert "Seq Scan on practice_post" not in plan

    with CaptureQueriesContext(connection) as first:
        page = selectors.home_timeline(viewer)
    with CaptureQueriesContext(connection) as second:
        selectors.home_timeline(viewer, cursor=page.next_cursor)
    assert len(page.items) == paging.KEYSET_PAGE_SIZE
    assert len(first.captured_queries) == len(second.captured_queries) <= 8
