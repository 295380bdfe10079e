"""The roster CSV neutralises every cell a spreadsheet could run as a formula, "\\n" included."""

import csv
import io

import pytest
from django.urls import reverse

from courses.services.enrolment import enrol
from tests.factories import DepartmentFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\n"]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_a_cell_that_starts_like_a_formula_is_exported_as_text(client_for, trainer, start):
    session = SessionFactory(capacity=5, trainers=[trainer])
    person = UserFactory(
        display_name=f"{start}SUM(A1:A9)", handle="risky", department=DepartmentFactory(name=f"{start}Ops")
    )
    enrol(person=person, session=session)
    response = client_for(trainer).get(reverse("courses:roster-csv", args=[session.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][0] == f"'{start}SUM(A1:A9)"
    assert rows[1][3] == f"'{start}Ops"


def test_a_plain_cell_is_left_alone(client_for, trainer):
    session = SessionFactory(capacity=5, trainers=[trainer])
    enrol(person=UserFactory(display_name="Erin = fine", department=None), session=session)
    response = client_for(trainer).get(reverse("courses:roster-csv", args=[session.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline="")))
    assert rows[1][0] == "Erin = fine" and rows[1][3] == ""
