"""Authoring: writing courses, lessons and drills, and keeping lessons in the order the trainer wants.

Sessions are scheduled by courses.services.sessions; enrolment lives in
courses.services.enrolment; grading lives in courses.services.drills. This
module only writes content.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.errors import CoursesError
from courses.models import Course, Drill, Lesson
from courses.services import drills as drill_services
from courses.services.drills.rubrics import Rule
from practice.models import Persona
from practice.rubric import RubricError


class AuthoringError(CoursesError):
    """A rule stopped the change; str(error) is a message for the trainer, field names the form field."""

    code = "authoring_refused"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class SlugTaken(AuthoringError):
    code = "slug_taken"

    def __init__(self, slug: str):
        super().__init__(str(_("Another course already uses the address “%(slug)s”.") % {"slug": slug}), "slug")


class CannotMoveLesson(AuthoringError):
    code = "cannot_move_lesson"


class InvalidRubric(AuthoringError):
    """The rubric does not grade: a rule is unknown or lacks what it needs."""

    code = "invalid_rubric"


class DrillTargetMissing(AuthoringError):
    code = "drill_target_missing"


class UnknownPersona(AuthoringError):
    code = "unknown_persona"

    def __init__(self, handle: str):
        super().__init__(str(_("No persona has the handle @%(handle)s.") % {"handle": handle}), "target_persona_handle")


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


@dataclass(frozen=True)
class DrillDetails:
    title: str
    instructions: str
    action: str
    target_persona_handle: str
    target_text_contains: str
    max_attempts: int
    pass_mark: int
    deadline_offset: timedelta | None
    status: str


# Drills whose learner acts on a persona's post, which the drill has to name.
TARGETED_ACTIONS = (Drill.Action.REPLY, Drill.Action.RETWEET, Drill.Action.QUOTE)


def _check_drill(details: DrillDetails, rules: list[Rule]) -> list[Rule]:
    """The rubric, normalised; raises a named AuthoringError if the drill could not be attempted or graded."""
    try:
        normalised = drill_services.validate_rubric(rules)
    except RubricError as error:
        raise InvalidRubric(str(error)) from None
    handle = details.target_persona_handle
    if details.action in TARGETED_ACTIONS:
        if not handle:
            raise DrillTargetMissing(
                str(_("A reply, retweet or quote drill needs the persona whose post it is about.")),
                "target_persona_handle",
            )
        if not details.target_text_contains:
            raise DrillTargetMissing(
                str(_("Give a phrase of the persona's post, so each cohort's copy of it can be found.")),
                "target_text_contains",
            )
    uses_target = any(value == drill_services.TARGET for rule in normalised for value in rule["params"].values())
    if uses_target and not handle:
        raise DrillTargetMissing(
            str(_("A rule checks the drill's target post: name the persona whose post it is.")),
            "target_persona_handle",
        )
    if handle and not Persona.objects.filter(handle__iexact=handle).exists():
        raise UnknownPersona(handle)
    return normalised


def _normalised_or_none(rules: list[Rule]) -> list[Rule] | None:
    # Stored rubrics written by hand (the demo, the admin) may omit defaults; compare like with like.
    try:
        return drill_services.validate_rubric(rules)
    except (RubricError, KeyError, TypeError, AttributeError):
        return None


def create_drill(*, lesson: Lesson, details: DrillDetails, rules: list[Rule], actor: User) -> Drill:
    """Add a drill at the end of the lesson, with its first rubric (version 1)."""
    normalised = _check_drill(details, rules)
    with transaction.atomic():
        # The lesson row lock serialises writers of this lesson's drill order.
        Lesson.objects.select_for_update().filter(pk=lesson.pk).first()
        last = Drill.objects.filter(lesson=lesson).aggregate(last=Max("position"))["last"]
        return Drill.objects.create(
            lesson=lesson,
            rubric=normalised,
            rubric_version=1,
            position=0 if last is None else last + 1,
            **asdict(details),
        )


def update_drill(*, drill: Drill, details: DrillDetails, rules: list[Rule], actor: User) -> Drill:
    """Change a drill. A changed rubric becomes a new version (grades keep theirs); an unchanged one does not."""
    normalised = _check_drill(details, rules)
    with transaction.atomic():
        drill = Drill.objects.select_for_update().get(pk=drill.pk)
        if normalised != _normalised_or_none(drill.rubric):
            drill = drill_services.update_rubric(drill=drill, rules=normalised, actor=actor)
        for name, value in asdict(details).items():
            setattr(drill, name, value)
        drill.save(update_fields=[*asdict(details), "updated_at"])
    return drill


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
