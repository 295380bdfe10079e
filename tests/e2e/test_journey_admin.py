"""Journey 3: an admin assigns a course to a department, reads the dashboard, drills down to a person,
and downloads the CSV."""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from courses.models import Assignment
from tests.factories import CourseFactory, DepartmentFactory, UserFactory, verified_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_journey(site, check, tmp_path):
    ada = verified_user(display_name="Ada Admin", handle="ada", email="ada@example.org", roles=[Role.ADMIN])
    nursing = DepartmentFactory(name="Nursing", code="nursing")
    DepartmentFactory(name="Pharmacy", code="pharmacy")
    course = CourseFactory(title="Posting well", slug="posting-well")
    erin = UserFactory(display_name="Erin Employee", handle="erin", department=nursing)
    UserFactory(display_name="Nico Nurse", handle="nico", department=nursing)
    page = site.page(user=ada)

    # Assign the course to Nursing, due 30 days after assignment.
    page.goto("/assignments/")
    check(page, "assignments")
    page.goto("/assignments/new/")
    page.locator("#id_course").select_option(label="Posting well")
    page.get_by_label("Nursing").check()
    page.locator("#id_due_rule").select_option("after_assigned")
    page.locator("#id_due_days").fill("30")
    check(page, "assignment-form")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/assignments/$"))
    assignment = Assignment.objects.get(course=course)
    assert list(assignment.departments.all()) == [nursing]
    check(page, "assignments-saved")

    # The dashboard counts the two nurses as assigned; drill down to the people, then to Erin.
    page.goto("/reports/")
    expect(page.locator("main")).to_contain_text("Posting well")
    check(page, "dashboard")
    page.goto(f"/reports/people/?department={nursing.pk}")
    check(page, "people")
    page.get_by_role("link", name="Erin Employee").click()
    expect(page).to_have_url(re.compile(rf"/reports/people/{erin.pk}/$"))
    expect(page.locator("main")).to_contain_text("Posting well")
    check(page, "person")

    # The completions CSV.
    page.goto("/reports/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Completions (CSV)").click()
    path = tmp_path / "completions.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert any("Erin Employee" in " ".join(row.values()) for row in rows), rows
