"""A person's feeds are read through their own memberships (an index), never by joining every membership."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice import access
from practice.models import Feed
from tests.factories import FeedFactory, MembershipFactory


def test_a_member_gets_the_open_feed_and_their_cohorts_only(db, employee, colleague):
    open_feed = Feed.objects.filter(kind=Feed.Kind.OPEN).first() or FeedFactory(kind=Feed.Kind.OPEN)
    mine, theirs = FeedFactory(), FeedFactory()
    MembershipFactory(feed=mine, user=employee)
    MembershipFactory(feed=theirs, user=colleague)
    with CaptureQueriesContext(connection) as queries:
        ids = access.feed_ids_for(employee)
    assert ids == sorted([open_feed.pk, mine.pk])
    assert access.cohort_ids_for(employee) == [mine.pk]
    [sql] = [q["sql"] for q in queries.captured_queries if 'FROM "practice_feed"' in q["sql"]]
    assert "JOIN" not in sql and "DISTINCT" not in sql
