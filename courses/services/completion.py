"""Course completion: record it, once per cycle, when the course's rule holds.

Below drills, enrolment and progress (each calls it after a change that may complete a course) and
importing none of them: it reads where a person stands through ``courses.selectors``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet

from accounts.models import User
from courses.models import (
    Completion,
    Course,
    Drill,
    Enrolment,
    Lesson,
    LessonProgress,
    PolicyAcknowledgement,
    Submission,
)
from courses.selectors.assignments import reopened_at
from courses.selectors.progress import CompletionState, completion_state, current_policy


def check_completion(*, person: User, course: Course) -> Completion | None:
    """Record the completion (once per cycle) when the course's rule holds. Safe to call any time, twice.

    A recertifying assignment reopens the course when the newest completion expires; the
    next completion is then the next cycle, with its own certificate.
    """
    existing = Completion.objects.filter(user=person, course=course).order_by("-cycle").first()
    if existing is not None and reopened_at(person=person, course=course) is None:
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


def _lessons_read(people: set[int], lessons: QuerySet[Lesson]) -> Counter[tuple[int, int]]:
    rows = (
        LessonProgress.objects.filter(user_id__in=people, lesson__in=lessons)
        .values("user_id", "lesson__course_id")
        .annotate(n=Count("pk"))
    )
    return Counter({(r["user_id"], r["lesson__course_id"]): r["n"] for r in rows})


def _drill_counts(people: set[int], courses: set[int]) -> tuple[Counter[int], Counter[tuple[int, int]]]:
    """(drills per course, drills passed per (person, course)), as ``courses.selectors.drill_progress`` counts them."""
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
