"""Authoring: writing courses and lessons, and keeping lessons in the order the trainer wants.

Sessions are scheduled by courses.services.sessions; enrolment lives in
courses.services.enrolment. This module only writes content.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.models import Course, Lesson


class AuthoringError(Exception):
    """A rule stopped the change; str(error) is a message for the trainer, field names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class SlugTaken(AuthoringError):
    def __init__(self, slug: str):
        super().__init__(str(_("Another course already uses the address “%(slug)s”.") % {"slug": slug}), "slug")


class CannotMoveLesson(AuthoringError):
    pass


@dataclass(frozen=True)
class CourseDetails:
    title: str
    slug: str
    summary: str
    cover_text: str
    status: str
    estimated_minutes: int
    require_lessons: bool
    require_drills: bool
    require_attendance: bool
    require_policy: bool


@dataclass(frozen=True)
class LessonDetails:
    title: str
    body: str
    status: str


def _save_course(course: Course, details: CourseDetails) -> Course:
    for name, value in asdict(details).items():
        setattr(course, name, value)
    try:
        # A savepoint, so a slug that lost a race leaves the outer transaction usable.
        with transaction.atomic():
            course.save()
    except IntegrityError as exc:
        if Course.objects.exclude(pk=course.pk).filter(slug=details.slug).exists():
            raise SlugTaken(details.slug) from exc
        raise
    return course


def create_course(*, details: CourseDetails, actor: User) -> Course:
    """Start a course (usually as a draft, which only trainers see)."""
    if Course.objects.filter(slug=details.slug).exists():
        raise SlugTaken(details.slug)
    return _save_course(Course(created_by=actor), details)


def update_course(*, course: Course, details: CourseDetails, actor: User) -> Course:
    """Change a course's text, status or completion rule."""
    if Course.objects.exclude(pk=course.pk).filter(slug=details.slug).exists():
        raise SlugTaken(details.slug)
    return _save_course(course, details)


def create_lesson(*, course: Course, details: LessonDetails, actor: User) -> Lesson:
    """Add a lesson at the end of the course."""
    with transaction.atomic():
        # The course row lock serialises writers of this course's lesson order.
        Course.objects.select_for_update().filter(pk=course.pk).first()
        last = Lesson.objects.filter(course=course).aggregate(last=Max("position"))["last"]
        return Lesson.objects.create(
            course=course,
            title=details.title,
            body=details.body,
            status=details.status,
            position=0 if last is None else last + 1,
        )


def update_lesson(*, lesson: Lesson, details: LessonDetails, actor: User) -> Lesson:
    lesson.title = details.title
    lesson.body = details.body
    lesson.status = details.status
    lesson.save(update_fields=["title", "body", "status", "updated_at"])
    return lesson


def move_lesson(*, lesson: Lesson, direction: Literal["up", "down"], actor: User) -> Lesson:
    """Swap a lesson with its neighbour; positions are renumbered 0..n-1 so gaps and ties disappear."""
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=lesson.course_id).first()
        lessons = list(Lesson.objects.filter(course_id=lesson.course_id).order_by("position", "pk"))
        index = next(i for i, each in enumerate(lessons) if each.pk == lesson.pk)
        other = index - 1 if direction == "up" else index + 1
        if other < 0:
            raise CannotMoveLesson(str(_("“%(title)s” is already the first lesson.") % {"title": lesson.title}))
        if other >= len(lessons):
            raise CannotMoveLesson(str(_("“%(title)s” is already the last lesson.") % {"title": lesson.title}))
        lessons[index], lessons[other] = lessons[other], lessons[index]
        changed = []
        for position, each in enumerate(lessons):
            if each.position != position:
                each.position = position
                changed.append(each)
        Lesson.objects.bulk_update(changed, ["position"])
    return next(each for each in lessons if each.pk == lesson.pk)
