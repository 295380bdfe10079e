"""Seeding at a tiny scale: the counts are right, the denormalised counters agree with the rows, and the
indexes and constraints dropped for COPY are all back. Needs PostgreSQL (COPY)."""

import pytest
from django.db import connection
from django.db.models import Count, F, Q
from django.test import Client

from accounts.models import User
from bench import logins, seed
from bench.pages import pages, user_for
from courses.models import Enrolment, Session, Submission
from practice.models import Follow, Post

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SCALE = 0.002


def _index_names() -> set[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        names = {row[0] for row in cur.fetchall()}
        cur.execute("SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace")
        return names | {row[0] for row in cur.fetchall()}


@pytest.fixture
def seeded():
    before = _index_names()
    connection.ensure_connection()
    meta = seed.seed(connection.connection, SCALE, password_hash="unusable")
    yield meta, before
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_meta")


def test_it_seeds_the_counts_of_its_scale(seeded):
    meta, _ = seeded
    sizes = seed.Sizes.for_scale(SCALE)
    assert Post.objects.count() == sizes.posts
    assert User.objects.count() == meta.counts["users"]
    assert Submission.objects.count() == sizes.submissions
    assert Enrolment.objects.count() == meta.counts["enrolments"]
    assert Session.objects.count() == sizes.sessions + 2  # and the storm's and the graders' sessions
    assert Follow.objects.filter(follower_id=meta.viewer_id, user__isnull=False).count() == sizes.follow_median
    assert Follow.objects.filter(follower_id=meta.heavy_viewer_id, user__isnull=False).count() == sizes.follow_max


def test_denormalised_counters_match_the_rows(seeded):
    wrong = Post.objects.annotate(
        n_replies=Count("replies", distinct=True),
        n_likes=Count("likes", distinct=True),
        n_retweets=Count("retweets", distinct=True),
    ).filter(~Q(reply_count=F("n_replies")) | ~Q(like_count=F("n_likes")) | ~Q(retweet_count=F("n_retweets")))
    assert not wrong.exists()
    seats = Session.objects.annotate(
        held=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.HOLDS_SEAT))
    ).exclude(seats_taken=F("held"))
    assert not seats.exists()


def test_every_index_and_constraint_is_back(seeded):
    _, before = seeded
    assert before <= _index_names()


def test_every_measured_page_opens_for_its_person(seeded):
    meta, _ = seeded
    meta = meta.__dict__
    measured = [p for p in pages(meta) if p.path]
    keys = logins.sessions_for(sorted({user_for(p, meta) for p in measured}))
    for page in measured:
        client = Client()
        client.cookies["sessionid"] = keys[user_for(page, meta)]
        assert client.get(page.path).status_code == 200, page.name
