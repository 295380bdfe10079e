from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from courses.models import Completion, Grade, Submission
from reports import selectors
from tests.factories import CourseFactory, DepartmentFactory, UserFactory
from tests.factories.assignments import assign

pytestmark = pytest.mark.django_db


def counts(c):
    return (c.assigned, c.done, c.overdue)


def by_course(summary):
    return {row.course.title: counts(row.counts) for row in summary.courses}


def by_department(summary):
    return {(row.department.name if row.department else None): counts(row.counts) for row in summary.departments}


def test_an_admin_sees_completion_per_course_and_per_department_rolled_up(client_for, admin_user, camp):
    response = client_for(admin_user).get(reverse("reports:dashboard"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert by_course(summary) == {"Privacy": (4, 1, 3), "Posting": (8, 0, 0)}
    assert counts(summary.total) == (12, 1, 3)
    departments = by_department(summary)
    # Hospital rolls up Nursing (with ICU) and Pharmacy; people with no department have a row of their own.
    assert departments["Hospital"] == (4 + 4 + 2, 1, 3)
    assert departments["Nursing"] == (8, 1, 3)
    assert departments["Pharmacy"] == (2, 0, 0)
    assert departments[None] == (2, 0, 0)  # the trainer and the admin
    page = response.content.decode()
    assert "<svg" in page and "Completion rate by course" in page
    assert "25%" in page  # Privacy: 1 of 4


def test_drilling_down_shows_a_department_and_its_sub_departments(client_for, admin_user, camp):
    response = client_for(admin_user).get(reverse("reports:dashboard"), {"department": camp.nursing.pk})
    summary = response.context["summary"]
    assert [(r.department.name, r.depth) for r in summary.departments] == [("Nursing", 0), ("ICU", 1)]
    assert by_department(summary)["ICU"] == (2, 0, 1)
    assert by_course(summary)["Privacy"] == (4, 1, 3)


def test_a_manager_sees_only_their_department_tree(client_for, manager, camp):
    response = client_for(manager).get(reverse("reports:dashboard"))
    summary = response.context["summary"]
    assert counts(summary.total) == (8, 1, 3)
    assert {r.department.name for r in summary.departments} == {"Nursing", "ICU"}


def test_a_manager_cannot_filter_their_way_into_another_department(client_for, manager, camp):
    response = client_for(manager).get(reverse("reports:dashboard"), {"department": camp.pharmacy.pk})
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert counts(response.context["summary"].total) == (8, 1, 3)  # the bad filter is ignored


@pytest.mark.parametrize(
    "params",
    [
        {"department": "x"},
        {"course": "999999"},
        {"session": "-1"},
        {"start": "yesterday"},
        {"start": "2026-05-01", "end": "2026-04-01"},
        {"end": "9999-99-99"},
        {"department": "99999999999999999999999"},
        {"session": "1e3", "course": "\x00"},
    ],
)
def test_bad_filters_are_form_errors_never_a_500(client_for, admin_user, camp, params):
    response = client_for(admin_user).get(reverse("reports:dashboard"), params)
    if any("\x00" in value for value in params.values()):
        # A NUL byte anywhere in the address is refused before any view runs.
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert response.context["form"].errors


def test_filters_by_course_session_and_date_range(client_for, admin_user, camp):
    client = client_for(admin_user)
    summary = client.get(reverse("reports:dashboard"), {"course": camp.privacy.pk}).context["summary"]
    assert by_course(summary) == {"Privacy": (4, 1, 3)}
    # A session narrows to its course and the people holding a seat in it.
    response = client.get(reverse("reports:dashboard"), {"session": camp.session.pk})
    assert by_course(response.context["summary"]) == {"Privacy": (3, 1, 2)}
    assert [r.session for r in response.context["sessions"]] == [camp.session]
    today = date.today()
    months = client.get(reverse("reports:dashboard"), {"start": today.isoformat()}).context["months"]
    assert sum(n for _, n in months) == 1
    months = client.get(reverse("reports:dashboard"), {"end": (today - timedelta(days=1)).isoformat()}).context[
        "months"
    ]
    assert months == []


def test_sessions_fill_and_attendance(client_for, admin_user, camp):
    rows = {r.session: r for r in client_for(admin_user).get(reverse("reports:dashboard")).context["sessions"]}
    row = rows[camp.session]
    assert (row.enrolled, row.attended, row.no_show, row.fill, row.attendance) == (3, 1, 1, 75, 50)


def test_drill_averages_and_the_rules_most_often_failed(client_for, admin_user, camp):
    context = client_for(admin_user).get(reverse("reports:dashboard")).context
    (drill,) = context["drills"]
    assert (drill.attempts, drill.average, drill.passed, drill.failed) == (3, 50, 1, 2)
    assert [(r.label, r.failures) for r in context["failed_rules"]] == [("Uses #hashtag", 2), ("Links", 1)]


def test_only_the_newest_automatic_grade_of_a_submission_counts(admin_user, camp):
    submission = Submission.objects.get(user__handle="cal")
    Grade.objects.create(submission=submission, rubric_version=2, score=100, passed=True, results=[])
    rules = selectors.failed_rules(selectors.submissions_in(selectors.Scope()))
    assert [(r.label, r.failures) for r in rules] == [("Links", 1), ("Uses #hashtag", 1)]


def test_people_list_and_drill_down_to_a_record(client_for, admin_user, camp, colleague):
    client = client_for(admin_user)
    response = client.get(reverse("reports:people"), {"department": camp.nursing.pk, "status": "overdue"})
    assert response.status_code == 200
    people = {person.handle: statuses for person, statuses in response.context["rows"]}
    assert set(people) == {"cal", "maya", "ian"}
    titles = [c.title for c in response.context["courses"]]
    privacy, posting = people["cal"][titles.index("Privacy")], people["cal"][titles.index("Posting")]
    assert privacy.status == "overdue" and privacy.due.date() == date.today() - timedelta(days=9)
    assert posting.status == "open" and posting.due.date() == date.today() + timedelta(days=31)
    page = response.content.decode()
    assert f"Overdue since {privacy.due:%Y-%m-%d}" in page
    assert f"Due {date.today() + timedelta(days=30):%Y-%m-%d}" in page  # the day the admin chose
    record = client.get(reverse("reports:person", args=[colleague.pk]))
    assert record.status_code == 200
    statuses = {a.assignment.course.title: a.status for a in record.context["record"].assignments}
    assert statuses == {"Privacy": "overdue", "Posting": "open"}


def test_my_record_shows_my_own_courses(client_for, employee, camp):
    response = client_for(employee).get(reverse("reports:my-record"))
    assert response.status_code == 200
    statuses = {a.assignment.course.title: a.status for a in response.context["record"].assignments}
    assert statuses == {"Privacy": "completed", "Posting": "open"}


def _grow(n: int, departments, course, admin_user) -> None:
    """n more people spread over the departments, a third with completions."""
    start = User.objects.count()
    people = User.objects.bulk_create(
        User(
            email=f"bulk{start + i}@example.org",
            handle=f"bulk{start + i}",
            display_name=f"Bulk {i}",
            department=departments[i % len(departments)],
        )
        for i in range(n)
    )
    Completion.objects.bulk_create(Completion(user=p, course=course) for p in people[::3])


def test_the_dashboard_answers_in_a_fixed_number_of_queries(
    client_for, admin_user, camp, django_assert_max_num_queries
):
    departments = [camp.nursing, camp.icu, camp.pharmacy, DepartmentFactory(parent=camp.icu)]
    for i in range(3):
        assign(CourseFactory(), actor=admin_user, departments=departments[:2], due_on=date(2026, 1, i + 1))
    client = client_for(admin_user)
    url = reverse("reports:dashboard")
    params = {"start": "2020-01-01"}
    client.get(url, params)  # warm caches (permissions, session)
    with django_assert_max_num_queries(QUERIES) as small:
        client.get(url, params)
    _grow(300, departments, camp.privacy, admin_user)
    with django_assert_max_num_queries(QUERIES) as large:
        response = client.get(url, params)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert response.context["summary"].total.assigned > 300


# The dashboard's whole budget, whatever the number of people: session, user and permissions (4);
# assignments with their courses and two prefetches (3); departments; the one aggregate over people;
# the month chart; sessions; drills (2); failed rules; the filter form's choices (3); and the
# navigation's unread badges (2).
QUERIES = 19


def test_the_people_page_and_the_session_report_do_not_grow_with_people(
    client_for, admin_user, camp, django_assert_max_num_queries
):
    client = client_for(admin_user)
    pages = [
        (reverse("reports:people"), {"status": "overdue"}),
        (reverse("reports:people"), {}),
        (reverse("reports:session", args=[camp.session.pk]), {}),
    ]
    small = []
    for url, params in pages:
        client.get(url, params)
        with django_assert_max_num_queries(25) as ctx:
            client.get(url, params)
        small.append(len(ctx.captured_queries))
    _grow(120, [camp.nursing, camp.icu], camp.privacy, admin_user)
    for (url, params), before in zip(pages, small, strict=True):
        with django_assert_max_num_queries(25) as ctx:
            assert client.get(url, params).status_code == 200
        assert len(ctx.captured_queries) == before, url


def test_a_manager_without_a_department_sees_nobody(client_for, camp):
    lost = UserFactory(roles=[Role.MANAGER])
    response = client_for(lost).get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert response.context["summary"].total.assigned == 0
    assert "You have no department yet" in response.content.decode()
    assert client_for(lost).get(reverse("reports:people"), {"status": "overdue"}).status_code == 200
    rows = client_for(lost).get(reverse("reports:export", args=["completions", "csv"]))
    assert b"".join(rows.streaming_content).decode().strip().splitlines()[1:] == []
