from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from courses import selectors as course_selectors
from courses.models import Completion
from courses.services import completion, progress
from courses.services import enrolment as svc
from tests.factories import CourseFactory, LessonFactory, PolicyVersionFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(trainer):
    course = CourseFactory()
    lessons = [LessonFactory(course=course, position=i) for i in range(2)]
    session = SessionFactory(course=course, trainers=[trainer])
    policy = PolicyVersionFactory()
    person = UserFactory()
    enrolment = svc.enrol(person=person, session=session)
    return course, lessons, session, policy, person, enrolment


def attend(enrolment, trainer):
    with time_machine.travel(enrolment.session.starts_at):
        svc.mark_attendance(enrolment=enrolment, attended=True, actor=trainer)


def test_a_course_completes_when_every_part_of_its_rule_holds(setup, trainer):
    course, lessons, session, policy, person, enrolment = setup
    progress.mark_lesson_read(person=person, lesson=lessons[0])
    progress.acknowledge_policy(person=person, policy=policy)
    attend(enrolment, trainer)
    assert not Completion.objects.exists()  # one lesson still unread
    progress.mark_lesson_read(person=person, lesson=lessons[1])
    completion = Completion.objects.get(user=person, course=course)
    assert len(completion.certificate_code) >= 30


def test_a_new_policy_version_must_be_acknowledged_again(setup):
    *_, policy, person, _ = setup
    progress.acknowledge_policy(person=person, policy=policy)
    assert course_selectors.has_acknowledged_current_policy(person)
    progress.publish_policy(title="Policy", body="New rules")
    assert not course_selectors.has_acknowledged_current_policy(person)


def test_completion_is_recorded_once(setup, trainer):
    course, lessons, session, policy, person, enrolment = setup
    for lesson in lessons:
        progress.mark_lesson_read(person=person, lesson=lesson)
    progress.acknowledge_policy(person=person, policy=policy)
    attend(enrolment, trainer)
    completion.check_completion(person=person, course=course)
    progress.mark_lesson_read(person=person, lesson=lessons[0])
    assert Completion.objects.filter(user=person, course=course).count() == 1


def test_progress_percent_counts_each_step(setup):
    course, lessons, *_, person, _ = setup
    progress.mark_lesson_read(person=person, lesson=lessons[0])
    state = course_selectors.completion_state(person=person, course=course)
    assert (state.lessons_read, state.lessons_total, state.complete) == (1, 2, False)
    assert state.percent == 25  # 1 of 4 steps: two lessons, attendance, policy


def test_the_certificate_is_for_its_owner_and_verifiable_by_anyone(client, client_for, setup, trainer):
    course, lessons, session, policy, person, enrolment = setup
    for lesson in lessons:
        progress.mark_lesson_read(person=person, lesson=lesson)
    progress.acknowledge_policy(person=person, policy=policy)
    attend(enrolment, trainer)
    code = Completion.objects.get(user=person).certificate_code
    page = client_for(person).get(reverse("courses:certificate", args=[code]))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert client_for(UserFactory()).get(reverse("courses:certificate", args=[code])).status_code == 404
    client.logout()
    verify = client.get(reverse("courses:certificate-verify", args=[code]))
    assert verify.status_code == 200 and person.display_name in verify.content.decode()
    assert client.get(reverse("courses:certificate-verify", args=["forged"])).status_code == 404


def test_acknowledging_through_the_page(client_for, employee):
    policy = PolicyVersionFactory(body="**No patient details.**")
    client = client_for(employee)
    page = client.get(reverse("courses:policy"))
    assert "<strong>No patient details.</strong>" in page.content.decode()
    client.post(reverse("courses:policy"), {"version": policy.version})
    assert course_selectors.has_acknowledged_current_policy(employee)


def test_a_stale_acknowledgement_is_refused(client_for, employee):
    PolicyVersionFactory(version=1)
    PolicyVersionFactory(version=2)
    client_for(employee).post(reverse("courses:policy"), {"version": "1"})
    assert not course_selectors.has_acknowledged_current_policy(employee)


def test_attending_before_reading_completes_later(setup, trainer):
    course, lessons, session, policy, person, enrolment = setup
    attend(enrolment, trainer)
    progress.acknowledge_policy(person=person, policy=policy)
    with time_machine.travel(session.ends_at + timedelta(days=1)):
        for lesson in lessons:
            progress.mark_lesson_read(person=person, lesson=lesson)
    assert Completion.objects.filter(user=person).exists()
