from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role
from courses.models import Assignment, Completion
from courses.selectors import assignments as rules
from courses.services import assignments as services
from courses.services import completion
from tests.factories import CourseFactory, DepartmentFactory, UserFactory
from tests.factories.assignments import assign, complete

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def tree():
    """Hospital > Nursing > ICU, and Pharmacy beside Nursing."""
    hospital = DepartmentFactory(name="Hospital")
    nursing = DepartmentFactory(name="Nursing", parent=hospital)
    icu = DepartmentFactory(name="ICU", parent=nursing)
    pharmacy = DepartmentFactory(name="Pharmacy", parent=hospital)
    return hospital, nursing, icu, pharmacy


def test_a_department_target_includes_every_sub_department(tree, admin_user):
    hospital, nursing, icu, pharmacy = tree
    nurse, icu_nurse, pharmacist = (UserFactory(department=d) for d in (nursing, icu, pharmacy))
    gone = UserFactory(department=icu, is_active=False)
    assignment = assign(CourseFactory(), actor=admin_user, departments=[nursing])
    people = set(rules.assigned_people(assignment))
    assert people == {nurse, icu_nurse}
    assert pharmacist not in people and gone not in people


def test_roles_and_named_people_are_targets_too(tree, admin_user, trainer):
    _, nursing, _, pharmacy = tree
    named = UserFactory(department=pharmacy)
    assignment = assign(CourseFactory(), actor=admin_user, roles=[Group.objects.get(name=Role.TRAINER)], people=[named])
    assert set(rules.assigned_people(assignment)) == {trainer, named}


def test_an_assignment_needs_a_target():
    course = CourseFactory()
    with pytest.raises(services.AssignmentError):
        services.create_assignment(details=services.AssignmentDetails(course=course, due_days=10), actor=UserFactory())


@time_machine.travel(NOW, tick=False)
def test_the_three_due_rules(tree, admin_user):
    _, nursing, _, _ = tree
    person = UserFactory(department=nursing, date_joined=NOW - timedelta(days=3))
    fixed = assign(CourseFactory(), actor=admin_user, departments=[nursing], due_on=date(2026, 3, 10))
    after_assigned = assign(
        CourseFactory(),
        actor=admin_user,
        departments=[nursing],
        due_rule=Assignment.DueRule.AFTER_ASSIGNED,
        due_days=14,
    )
    after_joined = assign(
        CourseFactory(),
        actor=admin_user,
        departments=[nursing],
        due_rule=Assignment.DueRule.AFTER_JOINED,
        due_days=14,
    )
    # A fixed date is due by the end of that day.
    assert rules.due_date_for(person, fixed) == datetime(2026, 3, 11, tzinfo=UTC)
    assert rules.due_date_for(person, after_assigned) == NOW + timedelta(days=14)
    assert rules.due_date_for(person, after_joined) == NOW + timedelta(days=11)


def test_the_overdue_list_is_who_passed_the_due_date_without_completing(tree, admin_user):
    _, nursing, icu, pharmacy = tree
    with time_machine.travel(NOW, tick=False):
        early = UserFactory(department=nursing, date_joined=NOW - timedelta(days=30))
        late = UserFactory(department=icu, date_joined=NOW - timedelta(days=2))
        done = UserFactory(department=nursing, date_joined=NOW - timedelta(days=30))
        UserFactory(department=pharmacy, date_joined=NOW - timedelta(days=30))
        course = CourseFactory()
        assign(course, actor=admin_user, departments=[nursing], due_rule=Assignment.DueRule.AFTER_JOINED, due_days=7)
        complete(done, course)
        assert set(rules.overdue()) == {early}
    with time_machine.travel(NOW + timedelta(days=6), tick=False):
        assert set(rules.overdue()) == {early, late}
        assert set(rules.overdue_for_course(course=course)) == {early, late}
        assert not rules.overdue(courses=[CourseFactory()]).exists()


def test_a_fixed_date_is_overdue_the_day_after(tree, admin_user):
    _, nursing, _, _ = tree
    person = UserFactory(department=nursing)
    assign(CourseFactory(), actor=admin_user, departments=[nursing], due_on=date(2026, 3, 10))
    with time_machine.travel(datetime(2026, 3, 10, 23, 59, tzinfo=UTC), tick=False):
        assert not rules.overdue().exists()
    with time_machine.travel(datetime(2026, 3, 11, 0, 1, tzinfo=UTC), tick=False):
        assert list(rules.overdue()) == [person]


def test_recertification_reopens_the_course_and_a_new_cycle_gets_its_own_certificate(tree, admin_user):
    _, nursing, _, _ = tree
    course = CourseFactory(require_lessons=False, require_drills=False, require_attendance=False, require_policy=False)
    person = UserFactory(department=nursing)
    assign(course, actor=admin_user, departments=[nursing], due_on=date(2025, 1, 31), recertify_months=12)
    first = complete(person, course, at=datetime(2025, 1, 15, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 1, 14, tzinfo=UTC), tick=False):
        assert not rules.overdue().exists()
        assert rules.reopened_at(person=person, course=course) is None
        assert completion.check_completion(person=person, course=course) == first
    with time_machine.travel(datetime(2026, 1, 16, tzinfo=UTC), tick=False):
        # The certificate expired yesterday: overdue since then, and the course is open again.
        assert list(rules.overdue()) == [person]
        assert rules.reopened_at(person=person, course=course) == datetime(2026, 1, 15, tzinfo=UTC)
        second = completion.check_completion(person=person, course=course)
        assert second.cycle == 2 and second.certificate_code != first.certificate_code
        assert not rules.overdue().exists()
        assert completion.check_completion(person=person, course=course) == second  # once per cycle
    assert list(Completion.objects.filter(user=person).order_by("cycle").values_list("cycle", flat=True)) == [1, 2]


def test_without_recertification_one_completion_is_enough_forever(tree, admin_user):
    _, nursing, _, _ = tree
    course = CourseFactory()
    person = UserFactory(department=nursing)
    assign(course, actor=admin_user, departments=[nursing], due_on=date(2020, 1, 1))
    complete(person, course, at=datetime(2020, 1, 1, tzinfo=UTC))
    assert not rules.overdue().exists()
    assert rules.reopened_at(person=person, course=course) is None


def test_changes_to_an_assignment_are_kept_in_its_history(tree, admin_user):
    _, nursing, icu, _ = tree
    assignment = assign(CourseFactory(), actor=admin_user, departments=[nursing])
    services.update_assignment(
        assignment=assignment,
        details=services.AssignmentDetails(course=assignment.course, departments=[icu], due_days=30),
        actor=admin_user,
    )
    history = list(assignment.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].history_user == admin_user and history[-1].due_days == 30


# --- the admin pages ----------------------------------------------------------------------------


def test_an_admin_assigns_a_course_to_departments_roles_and_people(client_for, admin_user, tree, employee):
    _, nursing, _, _ = tree
    course = CourseFactory(title="Privacy")
    client = client_for(admin_user)
    response = client.post(
        reverse("courses:assignment-create"),
        {
            "course": course.pk,
            "departments": [nursing.pk],
            "roles": [Group.objects.get(name=Role.MANAGER).pk],
            "people_text": f"{employee.email}\n@{admin_user.handle}",
            "due_rule": "after_assigned",
            "due_days": "30",
            "recertify_months": "12",
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(course=course)
    assert set(assignment.people.all()) == {employee, admin_user}
    assert assignment.recertify_months == 12 and assignment.created_by == admin_user
    page = client.get(reverse("courses:assignment-list"))
    assert page.status_code == 200 and "Privacy" in page.content.decode()


def test_the_form_names_unknown_people_and_missing_due_values(client_for, admin_user):
    course = CourseFactory()
    response = client_for(admin_user).post(
        reverse("courses:assignment-create"),
        {"course": course.pk, "people_text": "nobody@example.org", "due_rule": "fixed"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "people_text" in form.errors and "due_on" in form.errors
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("who", ["employee", "trainer", "manager"])
def test_only_admins_manage_assignments(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("courses:assignment-list")).status_code == 403
    assert client.get(reverse("courses:assignment-create")).status_code == 403


def test_an_admin_edits_and_removes_an_assignment(client_for, admin_user, tree):
    _, nursing, icu, _ = tree
    assignment = assign(CourseFactory(), actor=admin_user, departments=[nursing])
    client = client_for(admin_user)
    url = reverse("courses:assignment-edit", args=[assignment.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"course": assignment.course_id, "departments": [icu.pk], "due_rule": "after_joined", "due_days": "5"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert list(assignment.departments.all()) == [icu] and assignment.due_on is None
    assert client.post(reverse("courses:assignment-delete", args=[assignment.pk])).status_code == 302
    assert not Assignment.objects.exists()
    assert Assignment.history.filter(id=assignment.pk, history_type="-").exists()  # the history survives
