"""A small camp for report tests.

Hospital > Nursing (the persona fixtures' department) > ICU, and Pharmacy (the outsider's)
beside it. "Privacy" is assigned to Nursing with a past due date: the employee completed it,
the colleague, the manager and the ICU nurse are overdue. "Posting" is assigned to everyone
with the Employee role, due in the future: nobody has done it yet, nobody is overdue.
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Department
from accounts.roles import Role
from courses.models import Enrolment
from tests.factories import CourseFactory, DepartmentFactory, SessionFactory, UserFactory
from tests.factories.assignments import assign, complete, drill_for, graded, rule


@pytest.fixture
def camp(db, department, employee, colleague, outsider, trainer, manager, admin_user):
    hospital = DepartmentFactory(name="Hospital")
    Department.objects.filter(pk__in=[department.pk, outsider.department_id]).update(parent=hospital)
    icu = DepartmentFactory(name="ICU", parent=department)
    icu_nurse = UserFactory(display_name="Ian ICU", handle="ian", department=icu)
    other_manager = UserFactory(
        display_name="Pat Pharmacy Manager", handle="pat", department=outsider.department, roles=[Role.MANAGER]
    )
    privacy = CourseFactory(title="Privacy")
    posting = CourseFactory(title="Posting")
    assign(privacy, actor=admin_user, departments=[department], due_on=date.today() - timedelta(days=10))
    assign(
        posting,
        actor=admin_user,
        roles=[Group.objects.get(name=Role.EMPLOYEE)],
        due_on=date.today() + timedelta(days=30),
    )
    complete(employee, privacy)
    session = SessionFactory(
        course=privacy, trainers=[trainer], capacity=4, starts_at=timezone.now() - timedelta(days=2)
    )
    other_session = SessionFactory(course=posting, capacity=5)
    for person, status in ((employee, "attended"), (colleague, "no_show"), (icu_nurse, "enrolled")):
        Enrolment.objects.create(session=session, course=privacy, user=person, status=status)
    Enrolment.objects.create(session=other_session, course=posting, user=outsider, status="enrolled")
    session.seats_taken = 3
    session.save(update_fields=["seats_taken"])
    drill = drill_for(privacy, title="Hashtag drill")
    graded(drill, employee, session, score=100, results=[rule("Uses #hashtag", True), rule("Links", True, "link")])
    graded(drill, colleague, session, score=50, results=[rule("Uses #hashtag", False), rule("Links", True, "link")])
    graded(drill, icu_nurse, session, score=0, results=[rule("Uses #hashtag", False), rule("Links", False, "link")])
    return SimpleNamespace(
        hospital=hospital,
        nursing=department,
        icu=icu,
        pharmacy=outsider.department,
        icu_nurse=icu_nurse,
        other_manager=other_manager,
        privacy=privacy,
        posting=posting,
        session=session,
        other_session=other_session,
        drill=drill,
    )
