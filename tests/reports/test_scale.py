"""The acceptance's size: 100,000 people and 10 courses on PostgreSQL, same queries as with a hundred."""

import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department, User
from courses.models import Assignment, Completion
from tests.factories import CourseFactory
from tests.factories.assignments import assign

pytestmark = [pytest.mark.django_db, pytest.mark.services]

PEOPLE = 100_000
BATCH = 5_000


def departments() -> list[Department]:
    root = Department.objects.create(name="Scale Health", code="scale-root")
    out = [root]
    for i in range(8):
        division = Department.objects.create(name=f"Division {i}", code=f"scale-div-{i}", parent=root)
        out.append(division)
        for j in range(5):
            out.append(Department.objects.create(name=f"Unit {i}.{j}", code=f"scale-unit-{i}-{j}", parent=division))
    return out


def add_people(count: int, depts: list[Department], courses, offset: int = 0) -> None:
    joined = timezone.now() - timedelta(days=400)
    for start in range(0, count, BATCH):
        batch = User.objects.bulk_create(
            User(
                email=f"scale{offset + i}@example.org",
                handle=f"s{offset + i}",
                display_name=f"Scale {offset + i}",
                password="!",
                department=depts[(offset + i) % len(depts)],
                date_joined=joined,
            )
            for i in range(start, min(start + BATCH, count))
        )
        Completion.objects.bulk_create(
            Completion(user=p, course=courses[n % len(courses)], certificate_code=f"scale-{p.pk}-{n}")
            for n, p in enumerate(batch)
            if n % 3
        )


def test_the_dashboard_answers_100000_people_and_10_courses_in_a_fixed_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    depts = departments()
    courses = [CourseFactory(title=f"Scale course {i}") for i in range(10)]
    for i, course in enumerate(courses):
        assign(
            course,
            actor=admin_user,
            departments=[depts[0] if i % 2 else depts[1 + i % 8 * 6]],
            due_rule=Assignment.DueRule.AFTER_JOINED if i % 3 == 0 else Assignment.DueRule.FIXED,
            due_on=date.today() - timedelta(days=i),
            due_days=30,
            recertify_months=12 if i == 4 else None,
        )
    add_people(100, depts, courses)
    client.force_login(admin_user)
    url = reverse("reports:dashboard")
    client.get(url)
    with django_assert_max_num_queries(25) as small:
        client.get(url)

    started = time.monotonic()
    add_people(PEOPLE - 100, depts, courses, offset=100)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    loaded = time.monotonic() - started

    started = time.monotonic()
    with django_assert_max_num_queries(25) as large:
        response = client.get(url)
    answered = time.monotonic() - started
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    summary = response.context["summary"]
    assert User.objects.count() >= PEOPLE
    assert summary.total.assigned >= PEOPLE  # every person holds at least the five all-staff courses
    assert 0 < summary.total.done < summary.total.assigned
    print(f"\n100k people: loaded in {loaded:.1f}s, dashboard in {answered:.2f}s, {len(large)} queries")
