"""The whole-post rewrite on the pages: the composer's policy warning and the drill feedback."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Submission
from courses.services import drills
from courses.services import enrolment as enrolment_services
from tests.factories import LessonFactory, SessionFactory
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db

WHOLE = "Your post with every fix applied"


def test_the_composer_offers_the_whole_rewrite_beside_each_note(client_for, employee):
    text = "Call <b>me</b> on 555-123-4567 about bed 4B"
    body = client_for(employee).post(reverse("practice:count"), {"text": text}).content.decode()
    assert "Before you post, check this" in body and WHOLE in body
    # Escaped, and both findings fixed in the one rewrite.
    assert "Call &lt;b&gt;me&lt;/b&gt; on [contact us via the hospital switchboard] about [a room]" in body
    assert "<b>me</b>" not in body
    assert body.count("A safer version") == 2


def test_a_clean_post_gets_no_warning_and_no_rewrite(client_for, employee):
    body = client_for(employee).post(reverse("practice:count"), {"text": "Flu shots save lives"}).content.decode()
    assert WHOLE not in body and "Before you post" not in body


@pytest.fixture
def policy_drill(employee, trainer, settings):
    settings.SCENARIO_PATIENT_NAMES = ("Rosa Delgado",)
    session = SessionFactory(hashtag="#Camp7", trainers=[trainer])
    enrolment_services.enrol(person=employee, session=session)
    rubric = [
        {"kind": "policy_no_phi"},
        {"kind": "policy_disclaimer"},
        {"kind": "uses_hashtag", "params": {"hashtag": "session"}},
    ]
    return DrillFactory(lesson=LessonFactory(course=session.course), rubric=rubric, max_attempts=3)


def test_the_drill_feedback_offers_the_whole_rewrite(client_for, employee, policy_drill):
    client = client_for(employee)
    text = "Rosa Delgado <3 in room 12 went home today! #Camp7"
    response = client.post(reverse("courses:drill-attempt", args=[policy_drill.pk]), {"text": text})
    assert response.status_code == 302
    drills.grade_submission(Submission.objects.get(user=employee).pk)
    page = client.get(reverse("courses:drill-detail", args=[policy_drill.pk])).content.decode()
    assert WHOLE in page
    assert "[a patient] &lt;3 in [a room] went home today! #Camp7 (Views are my own.)" in page
    fragment = client.get(reverse("courses:drill-results", args=[policy_drill.pk])).content.decode()
    assert "[a patient] &lt;3 in [a room]" in fragment


def test_a_passing_attempt_gets_no_rewrite(client_for, employee, policy_drill):
    client = client_for(employee)
    text = "Wishing everyone on 4 West a calm weekend #Camp7. Views are my own."
    client.post(reverse("courses:drill-attempt", args=[policy_drill.pk]), {"text": text})
    grade = drills.grade_submission(Submission.objects.get(user=employee).pk)
    assert grade.passed
    page = client.get(reverse("courses:drill-detail", args=[policy_drill.pk])).content.decode()
    assert WHOLE not in page


def test_the_drill_page_reads_the_same_number_of_queries_for_more_attempts(
    client_for, employee, policy_drill, django_assert_max_num_queries
):
    client = client_for(employee)
    url = reverse("courses:drill-detail", args=[policy_drill.pk])
    drills.grade_submission(drills.attempt(person=employee, drill=policy_drill, text="Room 4 is quiet #Camp7").pk)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for text in ("Bed 9 is quiet #Camp7", "Rosa Delgado says hi #Camp7"):
        drills.grade_submission(drills.attempt(person=employee, drill=policy_drill, text=text).pk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
