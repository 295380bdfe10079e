"""One small camp with a row of every kind a page can show, for tests that visit every page.

Used by the hostile-input walk and the permission matrix: a course with a lesson,
two sessions trained by the trainer (the employee and colleague enrolled in the
first), a drill with an attempt, a persona and a scripted post, practice posts,
a completion, a calendar feed, an assignment, a delivery and an inbox notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from courses.models import CalendarFeed, Completion, Course, Drill, Enrolment, Lesson, Session, Submission
from courses.services import drills as drill_services
from courses.services import enrolment as enrolment_services
from notifications.models import Delivery, Notification
from practice import services as practice
from practice.models import Persona, Post, ScriptedPost
from tests.factories import (
    CourseFactory,
    DeliveryFactory,
    LessonFactory,
    NotificationFactory,
    PersonaFactory,
    PolicyVersionFactory,
    ScriptedPostFactory,
    SessionFactory,
)
from tests.factories.assignments import assign, complete
from tests.factories.drills import DrillFactory


@dataclass
class Scene:
    people: dict[str, Any]
    course: Course
    lesson: Lesson
    session: Session
    other_session: Session
    enrolment: Enrolment
    drill: Drill
    submission: Submission
    persona: Persona
    scripted: ScriptedPost
    post: Post
    own_post: Post
    completion: Completion
    calendar: CalendarFeed
    assignment: Any
    delivery: Delivery
    notification: Notification


def build_scene(*, employee, colleague, outsider, trainer, manager, admin_user) -> Scene:
    cache.clear()  # no rate-limit counts left over from an earlier test
    PolicyVersionFactory()
    course = CourseFactory(slug="camp-course", title="Camp course")
    lesson = LessonFactory(course=course, title="Camp lesson")
    session = SessionFactory(course=course, title="Camp session", trainers=[trainer], hashtag="#CampOne")
    other_session = SessionFactory(course=course, title="Other session", trainers=[trainer], hashtag="#CampTwo")
    enrolment = enrolment_services.enrol(person=employee, session=session)
    enrolment_services.enrol(person=colleague, session=session)
    drill = DrillFactory(lesson=lesson, title="Camp drill")
    persona = PersonaFactory(feed=session.feed, handle="nurse_nat", name="Nurse Nat")
    scripted = ScriptedPostFactory(feed=session.feed, persona=persona, text="Scripted hello")
    post = practice.create_post(user=colleague, feed=session.feed, text="A colleague's post #CampOne")
    own_post = practice.create_post(user=employee, feed=session.feed, text="My own post #CampOne")
    submission = drill_services.attempt(person=employee, drill=drill, text="First try #CampOne")
    completion = complete(employee, course)
    calendar = CalendarFeed.objects.create(user=employee)
    assignment = assign(course, actor=admin_user, people=[employee])
    delivery = DeliveryFactory(recipient=employee)
    notification = NotificationFactory(recipient=employee)
    cache.clear()
    return Scene(
        people={
            "employee": employee,
            "colleague": colleague,
            "outsider": outsider,
            "trainer": trainer,
            "manager": manager,
            "admin": admin_user,
        },
        course=course,
        lesson=lesson,
        session=session,
        other_session=other_session,
        enrolment=enrolment,
        drill=drill,
        submission=submission,
        persona=persona,
        scripted=scripted,
        post=post,
        own_post=own_post,
        completion=completion,
        calendar=calendar,
        assignment=assignment,
        delivery=delivery,
        notification=notification,
    )
