"""Redis stops while people enrol, post and submit drills; when it returns, the sweeps finish the work once."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from courses import notices as kinds
from courses.models import Enrolment, EnrolmentEvent, Grade, Submission
from courses.tasks import send_reminder_wave, sweep_pending_submissions, sweep_unsent_enrolment_updates
from notifications.models import Delivery
from practice.models import Post
from tests.factories import LessonFactory, SessionFactory, UserFactory
from tests.factories.drills import DrillFactory
from tests.faults.conftest import ONLY_IN_MAKE_FAULTS, report, wait_for
from tweetcamp.celery import app

pytestmark = [ONLY_IN_MAKE_FAULTS, pytest.mark.services, pytest.mark.django_db(transaction=True)]

PEOPLE = 6


def _point_celery_at(url: str) -> None:
    """The web side's Celery producer, moved to another broker (its pools are rebuilt on next use)."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's process-wide producer pools, keyed by connection


@pytest.fixture
def web_on_private_redis(private_redis, settings):
    """In-process web requests whose cache and broker are the private Redis (so it can be stopped)."""
    redis_cache = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {"BACKEND": redis_cache, "LOCATION": private_redis.url}}
    before = app.conf.broker_url
    _point_celery_at(private_redis.url)
    yield private_redis
    _point_celery_at(before)


def test_redis_down_while_people_enrol_post_and_submit(web_on_private_redis, worker_processes):
    broker = web_on_private_redis
    starts = (timezone.now() + timedelta(minutes=50)).replace(microsecond=0)
    session = SessionFactory(
        hashtag="#OutageCamp", starts_at=starts, ends_at=starts + timedelta(hours=1), enrolment_closes_at=starts
    )
    drill = DrillFactory(lesson=LessonFactory(course=session.course), max_attempts=5)
    people = [UserFactory(handle=f"outage{i}") for i in range(PEOPLE)]
    # People who have held seats for a day: their one-hour reminder falls due during the outage.
    day_ago = timezone.now() - timedelta(days=1)
    seated = [UserFactory(handle=f"seated{i}") for i in range(PEOPLE)]
    Enrolment.objects.bulk_create(
        Enrolment(
            session=session,
            course=session.course,
            user=p,
            status="enrolled",
            created_at=day_ago,
            status_changed_at=day_ago,
            queued_at=day_ago,
        )
        for p in seated
    )
    session.capacity = 100
    session.save(update_fields=["capacity"])

    broker.stop()  # Redis goes away: no broker, no cache
    statuses: Counter[int] = Counter()
    slowest = 0.0
    messages: set[str] = set()
    for person in people:
        client = Client()
        client.force_login(person)
        for method, url, data in (
            ("post", reverse("courses:session-enrol", args=[session.pk]), {}),
            ("post", reverse("practice:compose"), {"text": f"Hello from {person.handle} #OutageCamp"}),
            ("post", reverse("courses:drill-attempt", args=[drill.pk]), {"text": "My attempt #OutageCamp"}),
            ("get", reverse("courses:drill-detail", args=[drill.pk]), {}),
        ):
            if url == reverse("practice:compose"):
                data["feed"] = session.feed_id
            began = time.monotonic()
            response = getattr(client, method)(url, data, follow=method == "post")
            slowest = max(slowest, time.monotonic() - began)
            statuses[response.status_code] += 1
            body = response.content.decode()
            assert response.status_code == 200, f"{url} answered {response.status_code} while Redis was down"
            if "Attempt sent" in body:
                messages.add("grade follows")

    # Nothing saved was lost.
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 2 * PEOPLE
    assert Post.objects.filter(feed=session.feed, text__startswith="Hello from").count() == PEOPLE
    submissions = list(Submission.objects.filter(drill=drill))
    assert len(submissions) == PEOPLE and all(s.status == "pending" for s in submissions)
    assert "grade follows" in messages, "the attempt page says the grade will follow"

    # Redis returns, empty: every message sent meanwhile is lost. Time passes; beat ticks (twice, to be sure).
    broker.start()
    _point_celery_at(broker.url)
    long_ago = timezone.now() - timedelta(minutes=10)
    Submission.objects.filter(drill=drill).update(created_at=long_ago)
    EnrolmentEvent.objects.filter(enrolment__session=session).update(at=long_ago)
    worker_processes(broker.url)
    for _ in range(2):
        sweep_pending_submissions.delay()
        sweep_unsent_enrolment_updates.delay()
        send_reminder_wave.delay()

    def progress() -> dict[str, int]:
        return {
            "graded": Submission.objects.filter(drill=drill, status="graded").count(),
            "unemailed": EnrolmentEvent.objects.filter(enrolment__session=session, emailed_at__isnull=True).count(),
            "reminded": Delivery.objects.filter(
                kind=kinds.SESSION_REMINDER, status="sent", recipient__in=seated
            ).count(),
        }

    def done() -> bool:
        now = progress()
        return now["graded"] == PEOPLE and now["unemailed"] == 0 and now["reminded"] == PEOPLE

    assert wait_for(done, timeout=120), f"the sweeps did not finish the work after Redis returned: {progress()}"
    time.sleep(3)  # let the duplicate sweep messages run too

    grades = Counter(Grade.objects.filter(submission__drill=drill).values_list("submission_id", flat=True))
    reminders = Counter(
        Delivery.objects.filter(kind=kinds.SESSION_REMINDER, recipient__in=seated).values_list(
            "recipient_id", flat=True
        )
    )
    mail = Counter(messages_in(worker_processes.mail_dir))
    duplicates = sum(n - 1 for counter in (grades, reminders) for n in counter.values() if n > 1)
    report(
        "redis outage",
        requests=sum(statuses.values()),
        errors=sum(n for code, n in statuses.items() if code >= 500),
        slowest_request_s=round(slowest, 2),
        grades=sum(grades.values()),
        reminders=sum(reminders.values()),
        emails=sum(mail.values()),
        duplicates=duplicates,
        lost=PEOPLE - len(grades),
    )
    assert duplicates == 0
    assert set(grades.values()) == {1} and len(grades) == PEOPLE
    assert set(reminders.values()) == {1} and len(reminders) == PEOPLE
    # Nobody got the same e-mail twice; everyone got theirs.
    assert all(n == 1 for n in mail.values()), [m for m, n in mail.items() if n > 1]
    recipients = {to for to, _ in mail}
    assert {p.email for p in people + seated} <= recipients


def messages_in(mail_dir) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the workers wrote with the file e-mail backend."""
    found = []
    for path in mail_dir.iterdir():
        to = subject = None
        for line in path.read_text().splitlines():
            if line.startswith("To: "):
                to = line.removeprefix("To: ").strip()
            elif line.startswith("Subject: "):
                subject = line.removeprefix("Subject: ").strip()
            elif line.startswith("-" * 20) and to:
                found.append((to, subject or ""))
                to = subject = None
        if to:
            found.append((to, subject or ""))
    return found
