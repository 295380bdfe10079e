"""Due-soon and overdue notices, with the manager's copy after business days (called by the assignments' sweep)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from accounts.roles import Role
from courses.models import Completion, ReminderRule
from courses.reminders import business_days_between, notify_course_due
from tests.factories import CourseFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

DUE = datetime(2031, 6, 6, 21, 0, tzinfo=UTC)  # Friday 16:00 in Chicago (CDT)


@pytest.fixture
def learner(department):
    return UserFactory(department=department, time_zone="America/Chicago")


def sweep(learner, course, at, time_machine):
    time_machine.move_to(at, tick=False)
    return notify_course_due(person=learner, course=course, due_at=DUE)


def test_due_soon_overdue_and_the_managers_copy_each_go_once(time_machine, learner, manager, department):
    course = CourseFactory(title="Basics")
    boss_upstairs = UserFactory(department=DepartmentFactory(), roles=[Role.MANAGER])
    department.parent = boss_upstairs.department
    department.save()
    assert sweep(learner, course, DUE - timedelta(days=4), time_machine) == []
    (soon,) = sweep(learner, course, DUE - timedelta(days=3), time_machine)
    assert soon.kind == "course_due_soon"
    assert "Friday 6 June 2031, 16:00 CDT" in mail.outbox[0].body and "(America/Chicago)" in mail.outbox[0].body
    assert sweep(learner, course, DUE - timedelta(days=1), time_machine) == []
    (overdue,) = sweep(learner, course, DUE + timedelta(minutes=1), time_machine)
    assert overdue.kind == "course_overdue" and overdue.recipient == learner
    # Friday → Monday, Tuesday: two business days; the copy goes on the third (Wednesday in Chicago).
    assert sweep(learner, course, datetime(2031, 6, 10, 22, 0, tzinfo=UTC), time_machine) == []
    (copy,) = sweep(learner, course, datetime(2031, 6, 11, 14, 0, tzinfo=UTC), time_machine)
    assert copy.recipient == manager and copy.kind == "course_overdue_manager"
    assert "3 business days overdue" in mail.outbox[-1].body and learner.display_name in mail.outbox[-1].subject
    assert sweep(learner, course, datetime(2031, 6, 20, 14, 0, tzinfo=UTC), time_machine) == []
    assert [m.to for m in mail.outbox] == [[learner.email], [learner.email], [manager.email]]


def test_nothing_for_a_completed_course(time_machine, learner):
    course = CourseFactory()
    Completion.objects.create(user=learner, course=course)
    assert sweep(learner, course, DUE + timedelta(days=9), time_machine) == []


def test_a_courses_own_rules_replace_the_defaults(time_machine, learner, manager):
    course = CourseFactory()
    ReminderRule.objects.create(course=course, kind="course_due_soon", offset=timedelta(days=7))
    ReminderRule.objects.create(course=course, kind="course_overdue", offset=timedelta(0), copy_to_manager=False)
    assert [d.kind for d in sweep(learner, course, DUE - timedelta(days=7), time_machine)] == ["course_due_soon"]
    assert [d.kind for d in sweep(learner, course, DUE + timedelta(days=20), time_machine)] == ["course_overdue"]


def test_business_days_skip_weekends_in_the_persons_zone():
    friday_evening = datetime(2031, 6, 6, 23, 30, tzinfo=UTC)  # still Friday in Chicago, Saturday in London
    monday = datetime(2031, 6, 9, 15, 0, tzinfo=UTC)
    assert business_days_between(friday_evening, monday, "America/Chicago") == 1
    assert business_days_between(friday_evening, monday, "Europe/London") == 1
    assert business_days_between(DUE, DUE, "UTC") == 0
