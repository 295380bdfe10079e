import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.services import enrolment as svc
from tests.factories import LessonFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_a_learners_home_shows_their_next_session_and_lesson(client_for, employee):
    session = SessionFactory(title="January cohort")
    LessonFactory(course=session.course, title="Why post at all")
    svc.enrol(person=employee, session=session)
    body = client_for(employee).get(reverse("home")).content.decode()
    assert "January cohort" in body and "Why post at all" in body
    assert "Sessions you train" not in body


def test_a_trainers_home_lists_the_sessions_they_train(client_for, trainer):
    SessionFactory(title="Night shift cohort", trainers=[trainer])
    SessionFactory(title="Someone else's cohort")
    body = client_for(trainer).get(reverse("home")).content.decode()
    assert "Night shift cohort" in body and "Someone else" not in body


def test_home_queries_do_not_grow_with_sessions(client_for, employee, django_assert_max_num_queries):
    client = client_for(employee)
    for _ in range(2):
        svc.enrol(person=employee, session=SessionFactory())

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for _ in range(6):
        svc.enrol(person=employee, session=SessionFactory())
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("home"))
