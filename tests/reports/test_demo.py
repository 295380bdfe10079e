import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from courses.models import Completion, Enrolment, Submission
from practice.models import Post
from reports import demo as reports_demo
from tweetcamp import demo

pytestmark = pytest.mark.django_db


def test_the_demo_camp_has_enough_people_for_the_dashboard_and_loads_once(client):
    cache.clear()  # no rate-limit counts left by earlier tests
    started = time.monotonic()
    demo.load()
    first = time.monotonic() - started
    counts = (
        User.objects.count(),
        Completion.objects.count(),
        Enrolment.objects.count(),
        Submission.objects.count(),
        Post.objects.count(),
    )
    demo.load()
    assert (
        User.objects.count(),
        Completion.objects.count(),
        Enrolment.objects.count(),
        Submission.objects.count(),
        Post.objects.count(),
    ) == counts
    assert User.objects.filter(email__startswith="staff").count() == reports_demo.STAFF
    assert first < 20

    client.force_login(User.objects.get(email="admin@example.org"))
    context = client.get(reverse("reports:dashboard")).context
    summary = context["summary"]
    assert summary.total.assigned > 150 and 0 < summary.total.done < summary.total.assigned
    assert summary.total.overdue > 10
    assert len(summary.departments) >= 6
    assert len(context["months"]) >= 6 and context["failed_rules"] and context["drills"]
    assert sum(row.attended for row in context["sessions"]) > 30

    client.force_login(User.objects.get(email="manager@example.org"))
    managed = client.get(reverse("reports:dashboard")).context["summary"]
    assert 0 < managed.total.assigned < summary.total.assigned

    client.force_login(User.objects.get(email="trainer@example.org"))
    sessions = client.get(reverse("reports:sessions")).context["rows"]
    past = next(r.session for r in sessions if r.session.hashtag == "#TweetCampNov")
    reports = client.get(reverse("reports:after-action", args=[past.pk])).context["reports"]
    assert any(r.findings for r in reports) and any(r.responded for r in reports)
