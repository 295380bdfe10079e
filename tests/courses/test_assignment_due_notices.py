from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from courses import tasks
from courses.reminders import notify_course_due
from notifications.models import Delivery
from tests.factories import CourseFactory, DepartmentFactory, UserFactory
from tests.factories.assignments import assign, complete
from tweetcamp.celery import app

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("UTC"))


def run_sweep() -> list[tuple[int, list]]:
    batches = []
    tasks.sweep(enqueue=lambda course_id, items: batches.append((course_id, items)))
    for course_id, items in batches:
        tasks.send_course_due_batch(course_id, items)
    return batches


@time_machine.travel(NOW, tick=False)
def test_the_sweep_sends_due_soon_and_overdue_notices_once(admin_user):
    unit = DepartmentFactory()
    soon, late, done = (UserFactory(department=unit) for _ in range(3))
    far = UserFactory()
    due_soon = CourseFactory(title="Due soon")
    overdue = CourseFactory(title="Overdue")
    assign(due_soon, actor=admin_user, people=[soon, done], due_on=date(2026, 3, 3))
    assign(overdue, actor=admin_user, people=[late], due_on=date(2026, 2, 26))
    assign(CourseFactory(), actor=admin_user, people=[far], due_on=date(2026, 9, 1))  # outside the window
    complete(done, due_soon)

    batches = run_sweep()
    handed = {(pid, cid) for cid, items in batches for pid, _ in items}
    assert handed == {(soon.pk, due_soon.pk), (late.pk, overdue.pk)}
    kinds = sorted(Delivery.objects.values_list("recipient__handle", "kind"))
    assert kinds == sorted([(soon.handle, "course_due_soon"), (late.handle, "course_overdue")])

    run_sweep()  # the next sweep finds the same people; the ledger keeps each notice to one
    assert Delivery.objects.count() == 2


def test_the_window_follows_the_longest_rules():
    start, end = tasks.window(NOW)
    assert start <= NOW - timedelta(days=21) and NOW + timedelta(days=3) < end


def test_the_sweep_is_on_the_beat_and_its_batches_on_the_bulk_queue(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["course-due-notices"]
    assert entry["task"] == "courses.tasks.send_course_due_wave"
    assert "courses.tasks.send_course_due_wave" in app.tasks
    for name in ("send_course_due_wave", "send_course_due_batch"):
        route = app.amqp.router.route({}, f"courses.tasks.{name}")
        assert route["queue"].name == "bulk"


def test_an_expired_certificate_gets_overdue_notices_again(admin_user):
    person = UserFactory(department=DepartmentFactory())
    course = CourseFactory(title="Yearly refresher")
    assign(course, actor=admin_user, people=[person], due_on=date(2025, 1, 31), recertify_months=12)
    complete(person, course, at=datetime(2025, 1, 15, tzinfo=ZoneInfo("UTC")))
    expired = datetime(2026, 1, 15, tzinfo=ZoneInfo("UTC"))
    # Still valid: nothing to say.
    assert notify_course_due(person=person, course=course, due_at=expired, now=expired - timedelta(days=10)) == []
    # Expired a week ago: the course is open again and overdue.
    sent = notify_course_due(person=person, course=course, due_at=expired, now=expired + timedelta(days=7))
    assert [d.kind for d in sent if d.recipient == person] == ["course_overdue"]
