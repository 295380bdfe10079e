import pytest
from django.urls import reverse

from courses.models import Submission
from courses.services import drills
from courses.services import enrolment as enrolment_services
from tests.factories import LessonFactory, SessionFactory, UserFactory
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drill(employee, trainer):
    session = SessionFactory(hashtag="#Camp7", trainers=[trainer])
    enrolment_services.enrol(person=employee, session=session)
    return DrillFactory(lesson=LessonFactory(course=session.course), instructions="Post with {session.hashtag}")


def test_the_drill_page_fills_in_the_session_and_takes_an_attempt(client_for, employee, drill):
    client = client_for(employee)
    page = client.get(reverse("courses:drill-detail", args=[drill.pk])).content.decode()
    assert "#Camp7" in page and "Attempts left: 3" in page
    response = client.post(reverse("courses:drill-attempt", args=[drill.pk]), {"text": "Hello #Camp7"})
    assert response.status_code == 302
    submission = Submission.objects.get(user=employee)
    fragment = client.get(reverse("courses:drill-results", args=[drill.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment  # polls while grading
    drills.grade_submission(submission.pk)
    fragment = client.get(reverse("courses:drill-results", args=[drill.pk])).content.decode()
    assert "Passed: 100%" in fragment and "Uses #Camp7." in fragment
    assert "every 2s" not in fragment  # stops polling once graded


def test_an_empty_attempt_is_a_form_error(client_for, employee, drill):
    response = client_for(employee).post(reverse("courses:drill-attempt", args=[drill.pk]), {"text": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not Submission.objects.exists()


def test_a_post_over_280_is_a_clear_message(client_for, employee, drill):
    response = client_for(employee).post(reverse("courses:drill-attempt", args=[drill.pk]), {"text": "x" * 300})
    assert response.status_code == 200
    assert "too long" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_lesson_lists_its_drills_with_my_result(client_for, employee, drill):
    submission = drills.attempt(person=employee, drill=drill, text="#Camp7")
    drills.grade_submission(submission.pk)
    url = reverse("courses:lesson-detail", args=[drill.lesson.course.slug, drill.lesson.pk])
    body = client_for(employee).get(url).content.decode()
    assert drill.title in body and "Passed 100%" in body


def test_submissions_page_is_for_the_sessions_trainers(client_for, employee, trainer, drill, admin_user):
    drills.attempt(person=employee, drill=drill, text="#Camp7")
    url = reverse("courses:drill-submissions", args=[drill.pk])
    assert client_for(employee).get(url).status_code == 403
    assert client_for(trainer).get(url).status_code == 200
    assert client_for(admin_user).get(url).status_code == 200
    other_trainer = UserFactory(roles=["Trainer"])
    assert client_for(other_trainer).get(url).status_code == 404


def test_override_through_the_page(client_for, employee, trainer, drill):
    submission = drills.attempt(person=employee, drill=drill, text="no tag")
    drills.grade_submission(submission.pk)
    client_for(trainer).post(
        reverse("courses:submission-override", args=[submission.pk]), {"score": 90, "comment": "Good enough"}
    )
    submission.refresh_from_db()
    assert submission.status == "overridden" and submission.score == 90
    bad = client_for(trainer).post(reverse("courses:submission-override", args=[submission.pk]), {"score": 900})
    assert bad.status_code == 302
    submission.refresh_from_db()
    assert submission.score == 90


def test_submissions_page_queries_do_not_grow(client_for, trainer, drill, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            person = UserFactory()
            enrolment_services.enrol(person=person, session=drill.lesson.course.sessions.get())
            drills.grade_submission(drills.attempt(person=person, drill=drill, text="#Camp7").pk)

    add(2)
    client = client_for(trainer)
    with django_assert_max_num_queries(14):
        client.get(reverse("courses:drill-submissions", args=[drill.pk]))
    add(6)
    with django_assert_max_num_queries(14):
        client.get(reverse("courses:drill-submissions", args=[drill.pk]))
