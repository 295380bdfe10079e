import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment, EnrolmentEvent
from courses.services import enrolment as svc
from courses.tasks import send_enrolment_update, sweep_unsent_enrolment_updates
from tests.factories import CourseFactory, LessonFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_employees_see_published_courses_only(client_for, employee):
    CourseFactory(title="Live course")
    CourseFactory(title="Secret draft", status="draft")
    body = client_for(employee).get(reverse("courses:course-list")).content.decode()
    assert "Live course" in body and "Secret draft" not in body


def test_drafts_are_404_for_employees_and_visible_to_trainers(client_for, employee, trainer):
    draft = CourseFactory(status="draft")
    lesson = LessonFactory(course=CourseFactory(), status="draft")
    assert client_for(employee).get(reverse("courses:course-detail", args=[draft.slug])).status_code == 404
    url = reverse("courses:lesson-detail", args=[lesson.course.slug, lesson.pk])
    assert client_for(employee).get(url).status_code == 404
    assert client_for(trainer).get(reverse("courses:course-detail", args=[draft.slug])).status_code == 200
    assert client_for(trainer).get(url).status_code == 200


def test_enrolling_through_the_page_confirms_and_emails_an_invite(
    client_for, employee, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(employee).post(reverse("courses:session-enrol", args=[session.pk]))
    assert len(callbacks) == 1  # the e-mail is queued only once the enrolment is committed
    enrolment = Enrolment.objects.get(user=employee)
    assert response.url == reverse("courses:enrolment-detail", args=[enrolment.pk])
    page = client_for(employee).get(response.url).content.decode()
    assert "You have a seat" in page
    send_enrolment_update(enrolment.events.get().pk)  # what the worker runs
    (message,) = mail.outbox
    assert message.to == [employee.email]
    assert "enrolled" in message.subject
    name, content, mimetype = message.attachments[0]
    assert name == "invite.ics"
    assert "METHOD:REQUEST" in (content.decode() if isinstance(content, bytes) else content)
    assert mimetype.startswith("text/calendar")
    assert message.alternatives[0][1] == "text/html"


def test_a_full_session_puts_people_on_the_waitlist_with_their_place(client_for, employee):
    session = SessionFactory(capacity=1)
    svc.enrol(person=UserFactory(), session=session)
    svc.enrol(person=UserFactory(), session=session)
    response = client_for(employee).post(reverse("courses:session-enrol", args=[session.pk]), follow=True)
    assert "number 2 in line" in response.content.decode()


def test_enrolling_twice_is_a_message_not_an_error(client_for, employee):
    session = SessionFactory()
    client = client_for(employee)
    client.post(reverse("courses:session-enrol", args=[session.pk]))
    response = client.post(reverse("courses:session-enrol", args=[session.pk]), follow=True)
    assert response.status_code == 200
    assert "already have a place" in response.content.decode()


def test_nobody_can_cancel_or_read_another_persons_place(client_for, employee, colleague):
    enrolment = svc.enrol(person=colleague, session=SessionFactory())
    client = client_for(employee)
    assert client.get(reverse("courses:enrolment-detail", args=[enrolment.pk])).status_code == 404
    assert client.post(reverse("courses:enrolment-cancel", args=[enrolment.pk])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_moving_through_the_page(client_for, employee):
    course = CourseFactory()
    a, b = SessionFactory(course=course), SessionFactory(course=course)
    enrolment = svc.enrol(person=employee, session=a)
    response = client_for(employee).post(reverse("courses:enrolment-move", args=[enrolment.pk]), {"session": b.pk})
    new = Enrolment.objects.get(user=employee, status="enrolled")
    assert new.session == b
    assert response.url == reverse("courses:enrolment-detail", args=[new.pk])


def test_moving_to_a_session_of_another_course_is_refused_kindly(client_for, employee):
    enrolment = svc.enrol(person=employee, session=SessionFactory())
    other = SessionFactory()
    response = client_for(employee).post(
        reverse("courses:enrolment-move", args=[enrolment.pk]), {"session": other.pk}, follow=True
    )
    assert response.status_code == 200
    assert "Choose one of the listed sessions" in response.content.decode()


def test_the_email_task_sends_each_event_once(django_capture_on_commit_callbacks, employee):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enrolment = svc.enrol(person=employee, session=SessionFactory())
    assert len(callbacks) == 1  # scheduled after commit, not before
    event = enrolment.events.get()
    send_enrolment_update(event.pk)
    send_enrolment_update(event.pk)
    assert len(mail.outbox) == 1


def test_the_sweep_resends_what_a_lost_message_never_sent(employee, time_machine, monkeypatch):
    time_machine.move_to(timezone.now(), tick=False)
    enrolment = svc.enrol(person=employee, session=SessionFactory())
    event = enrolment.events.get()
    assert event.emailed_at is None
    sent = []
    monkeypatch.setattr(send_enrolment_update, "delay", sent.append)
    assert sweep_unsent_enrolment_updates() == 0  # too recent: the first message may be on its way
    time_machine.shift(300)
    assert sweep_unsent_enrolment_updates() == 1
    assert sent == [event.pk]
    EnrolmentEvent.objects.filter(pk=event.pk).update(emailed_at=event.at)
    time_machine.shift(300)
    assert sweep_unsent_enrolment_updates() == 0


def test_my_camp_shows_sessions_progress_and_next_lesson(client_for, employee):
    course = CourseFactory(title="Tweet Camp 101")
    LessonFactory(course=course, title="Why post at all", position=1)
    session = SessionFactory(course=course, title="March cohort")
    svc.enrol(person=employee, session=session)
    body = client_for(employee).get(reverse("courses:my-camp")).content.decode()
    assert "March cohort" in body and "Why post at all" in body and "Tweet Camp 101" in body


def test_page_queries_do_not_grow_with_rows(client_for, employee, django_assert_max_num_queries):
    client = client_for(employee)
    course = CourseFactory()

    def grow(n):
        for _ in range(n):
            other = CourseFactory()
            LessonFactory.create_batch(3, course=other)
            session = SessionFactory(course=other)
            svc.enrol(person=employee, session=session)
            svc.enrol(person=UserFactory(), session=session)
            LessonFactory(course=course)
            SessionFactory(course=course)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [reverse(n) for n in ("courses:course-list", "courses:my-camp")]
    urls.append(reverse("courses:course-detail", args=[course.slug]))
    grow(1)
    small = {url: count(url) for url in urls}
    grow(8)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)


@pytest.mark.parametrize("name", ["courses:course-list", "courses:my-camp", "courses:calendar-settings"])
def test_learner_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response.url
