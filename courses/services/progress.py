"""Lessons read, the policy acknowledged, and course completion."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from courses.models import (
    Completion,
    Course,
    Drill,
    Enrolment,
    Lesson,
    LessonProgress,
    PolicyAcknowledgement,
    PolicyVersion,
    Submission,
)
from courses.services import assignments, drills


@dataclass(frozen=True)
class CompletionState:
    """Where a person stands against a course's completion rule."""

    lessons_read: int
    lessons_total: int
    drills_passed: int
    drills_total: int
    attended: bool
    policy_acknowledged: bool
    rule: Course

    @property
    def parts(self) -> list[tuple[str, bool]]:
        parts = []
        if self.rule.require_lessons:
            parts.append(("lessons", self.lessons_read >= self.lessons_total))
        if self.rule.require_drills:
            parts.append(("drills", self.drills_passed >= self.drills_total))
        if self.rule.require_attendance:
            parts.append(("attendance", self.attended))
        if self.rule.require_policy:
            parts.append(("policy", self.policy_acknowledged))
        return parts

    @property
    def complete(self) -> bool:
        return all(done for _, done in self.parts)

    @property
    def percent(self) -> int:
        """Progress as a share of the steps the rule asks for (each lesson and drill is a step)."""
        total = done = 0
        if self.rule.require_lessons:
            total += self.lessons_total
            done += min(self.lessons_read, self.lessons_total)
        if self.rule.require_drills:
            total += self.drills_total
            done += min(self.drills_passed, self.drills_total)
        for flag, ok in (
            (self.rule.require_attendance, self.attended),
            (self.rule.require_policy, self.policy_acknowledged),
        ):
            if flag:
                total += 1
                done += int(ok)
        return 100 if total == 0 else round(100 * done / total)


def current_policy() -> PolicyVersion | None:
    return PolicyVersion.objects.filter(published_at__lte=timezone.now()).order_by("-version").first()


def has_acknowledged_current_policy(person: User) -> bool:
    policy = current_policy()
    return policy is None or PolicyAcknowledgement.objects.filter(user=person, policy=policy).exists()


def drill_progress(*, person: User, course: Course) -> tuple[int, int]:
    """(drills passed, drills in the course): a drill counts once any attempt passed."""
    return drills.passed_drill_count(person=person, course=course)


def completion_state(*, person: User, course: Course) -> CompletionState:
    lessons = Lesson.objects.published().filter(course=course)
    drills_passed, drills_total = drill_progress(person=person, course=course)
    return CompletionState(
        lessons_read=LessonProgress.objects.filter(user=person, lesson__in=lessons).count(),
        lessons_total=lessons.count(),
        drills_passed=drills_passed,
        drills_total=drills_total,
        attended=Enrolment.objects.filter(user=person, course=course, status=Enrolment.Status.ATTENDED).exists(),
        policy_acknowledged=has_acknowledged_current_policy(person),
        rule=course,
    )


def check_completion(*, person: User, course: Course) -> Completion | None:
    """Record the completion (once per cycle) when the course's rule holds. Safe to call any time, twice.

    A recertifying assignment reopens the course when the newest completion expires; the
    next completion is then the next cycle, with its own certificate.
    """
    existing = Completion.objects.filter(user=person, course=course).order_by("-cycle").first()
    if existing is not None and assignments.reopened_at(person=person, course=course) is None:
        return existing
    if not course.is_published or not completion_state(person=person, course=course).complete:
        return None
    cycle = existing.cycle + 1 if existing is not None else 1
    try:
        with transaction.atomic():
            return Completion.objects.create(user=person, course=course, cycle=cycle)
    except IntegrityError:  # a concurrent call recorded it first
        return Completion.objects.get(user=person, course=course, cycle=cycle)


def check_completions(pairs: Iterable[tuple[User, Course]]) -> None:
    """``check_completion`` for many (person, course) pairs, as after a batch of grades.

    Everyone's state is read in a few queries for the whole batch; only the pairs that may record a
    completion (the rule holds, or a completion already exists and may have reopened) go on to
    ``check_completion`` itself, which decides exactly as it always does.
    """
    pairs = list({(person.pk, course.pk): (person, course) for person, course in pairs}.values())
    if not pairs:
        return
    people = {person.pk for person, _ in pairs}
    courses = {course.pk for _, course in pairs}
    completed = set(
        Completion.objects.filter(user_id__in=people, course_id__in=courses).values_list("user_id", "course_id")
    )
    lessons = Lesson.objects.published().filter(course_id__in=courses)
    lessons_total = Counter(dict(lessons.values("course_id").annotate(n=Count("pk")).values_list("course_id", "n")))
    lessons_read = _lessons_read(people, lessons)
    drills_total, drills_passed = _drill_counts(people, courses)
    attended = set(
        Enrolment.objects.filter(
            user_id__in=people, course_id__in=courses, status=Enrolment.Status.ATTENDED
        ).values_list("user_id", "course_id")
    )
    policy = current_policy()
    acknowledged = (
        people
        if policy is None
        else set(
            PolicyAcknowledgement.objects.filter(user_id__in=people, policy=policy).values_list("user_id", flat=True)
        )
    )
    for person, course in pairs:
        key = (person.pk, course.pk)
        state = CompletionState(
            lessons_read=lessons_read[key],
            lessons_total=lessons_total[course.pk],
            drills_passed=drills_passed[key],
            drills_total=drills_total[course.pk],
            attended=key in attended,
            policy_acknowledged=person.pk in acknowledged,
            rule=course,
        )
        if key in completed or (course.is_published and state.complete):
            check_completion(person=person, course=course)


def _lessons_read(people: set[int], lessons) -> Counter:
    rows = (
        LessonProgress.objects.filter(user_id__in=people, lesson__in=lessons)
        .values("user_id", "lesson__course_id")
        .annotate(n=Count("pk"))
    )
    return Counter({(r["user_id"], r["lesson__course_id"]): r["n"] for r in rows})


def _drill_counts(people: set[int], courses: set[int]) -> tuple[Counter, Counter]:
    """(drills per course, drills passed per (person, course)), as ``drills.passed_drill_count`` counts them."""
    published = Drill.objects.filter(lesson__course_id__in=courses, lesson__status="published", status="published")
    total = Counter(
        dict(published.values("lesson__course_id").annotate(n=Count("pk")).values_list("lesson__course_id", "n"))
    )
    passed = Counter(
        (user_id, course_id)
        for user_id, course_id, _ in Submission.objects.filter(user_id__in=people, drill__in=published, passed=True)
        .values_list("user_id", "drill__lesson__course_id", "drill_id")
        .distinct()
    )
    return total, passed


def courses_in_progress(person: User) -> list[Course]:
    return list(Course.objects.filter(enrolments__user=person).distinct())


def mark_lesson_read(*, person: User, lesson: Lesson) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(user=person, lesson=lesson)
    check_completion(person=person, course=lesson.course)
    return progress


def acknowledge_policy(*, person: User, policy: PolicyVersion) -> PolicyAcknowledgement:
    ack, _ = PolicyAcknowledgement.objects.get_or_create(user=person, policy=policy)
    for course in courses_in_progress(person):
        check_completion(person=person, course=course)
    return ack


def publish_policy(*, title: str, body: str) -> PolicyVersion:
    """A new version: everybody is asked to acknowledge again."""
    with transaction.atomic():
        last = PolicyVersion.objects.select_for_update().order_by("-version").first()
        return PolicyVersion.objects.create(version=(last.version + 1) if last else 1, title=title, body=body)
