"""Many people enrol at once: capacity holds and the waitlist keeps arrival order (real PostgreSQL)."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from courses.models import Enrolment, Session
from courses.services import enrolment as svc
from tests.factories import SessionFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def run_concurrently(fn, items, workers=40):
    barrier = threading.Barrier(min(workers, len(items)))
    errors = []

    def call(item):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            return fn(item)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(call, items))
    return results, errors


def test_200_people_racing_for_20_seats():
    session = SessionFactory(capacity=20)
    people = UserFactory.create_batch(200)
    results, errors = run_concurrently(lambda p: svc.enrol(person=p, session=session), people)
    assert errors == []
    session.refresh_from_db()
    enrolled = Enrolment.objects.filter(session=session, status="enrolled")
    waitlisted = Enrolment.objects.filter(session=session, status="waitlisted").order_by("queued_at", "pk")
    assert session.seats_taken == 20 == enrolled.count()
    assert waitlisted.count() == 180
    # Arrival order: everyone seated got through the lock before anyone waitlisted,
    # and the waitlist is served in the order people joined it.
    assert max(enrolled.values_list("pk", flat=True)) < min(waitlisted.values_list("pk", flat=True))
    assert list(waitlisted.values_list("pk", flat=True)) == sorted(waitlisted.values_list("pk", flat=True))


def test_concurrent_cancellations_promote_exactly_the_first_five():
    session = SessionFactory(capacity=5)
    seated = [svc.enrol(person=p, session=session) for p in UserFactory.create_batch(5)]
    waiting = [svc.enrol(person=p, session=session) for p in UserFactory.create_batch(10)]
    _, errors = run_concurrently(lambda e: svc.cancel(enrolment=e, actor=e.user), seated, workers=5)
    assert errors == []
    statuses = [Enrolment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == ["enrolled"] * 5 + ["waitlisted"] * 5
    assert Session.objects.get(pk=session.pk).seats_taken == 5


def test_one_person_racing_for_two_sessions_of_a_course_gets_one():
    session_a = SessionFactory(capacity=5)
    session_b = SessionFactory(capacity=5, course=session_a.course)
    person = UserFactory()
    results, errors = run_concurrently(lambda s: svc.enrol(person=person, session=s), [session_a, session_b] * 5)
    assert all(isinstance(e, svc.AlreadyEnrolled) for e in errors)
    assert Enrolment.objects.filter(user=person, status__in=Enrolment.ACTIVE).count() == 1
