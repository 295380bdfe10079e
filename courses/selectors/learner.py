"""Named reads for the learner pages. Each does its own joins so pages stay at a fixed query count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from courses.models import Completion, Course, Drill, Enrolment, Lesson, LessonProgress, Session, Submission
from courses.selectors.progress import CompletionState, has_acknowledged_current_policy


def course_list(user: User) -> QuerySet[Course]:
    return (
        Course.objects.visible_to(user)
        .annotate(
            lesson_count=Count("lessons", filter=Q(lessons__status="published"), distinct=True),
            upcoming_sessions=Count(
                "sessions",
                filter=Q(sessions__status=Session.Status.SCHEDULED, sessions__starts_at__gte=timezone.now()),
                distinct=True,
            ),
        )
        .order_by("title")
    )


def visible_course(user: User, slug: str) -> Course:
    return get_object_or_404(Course.objects.visible_to(user), slug=slug)


def visible_lessons(user: User, course: Course) -> QuerySet[Lesson]:
    lessons = course.lessons.all()
    if not user.has_perm(permissions.AUTHOR_CONTENT):
        lessons = lessons.filter(status="published")
    return lessons


def upcoming_sessions(course: Course) -> QuerySet[Session]:
    return course.sessions.upcoming().prefetch_related("trainers").order_by("starts_at")


def active_enrolment(user: User, course: Course) -> Enrolment | None:
    return (
        Enrolment.objects.filter(user=user, course=course, status__in=Enrolment.ACTIVE)
        .select_related("session")
        .first()
    )


def read_lesson_ids(user: User, lessons: Iterable[Lesson]) -> set[int]:
    return set(LessonProgress.objects.filter(user=user, lesson__in=lessons).values_list("lesson_id", flat=True))


def own_enrolment(user: User, pk: int) -> Enrolment:
    """An enrolment of this person's; anyone else's is a 404."""
    return get_object_or_404(Enrolment.objects.select_related("session__course", "user"), pk=pk, user=user)


@dataclass
class CourseProgress:
    course: Course
    state: CompletionState
    enrolment: Enrolment | None
    completion: Completion | None
    next_lesson: Lesson | None


@dataclass
class MyCamp:
    upcoming: list[Enrolment]
    past: list[Enrolment]
    courses: list[CourseProgress]


def my_camp(user: User) -> MyCamp:
    """Everything on a person's My camp page, in a fixed number of queries however many courses."""
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.MOVED)
        .select_related("session__course")
        .order_by("session__starts_at")
    )
    upcoming = [e for e in enrolments if e.is_active and e.session.ends_at >= now and not e.session.is_cancelled]
    past = [e for e in enrolments if e not in upcoming]
    courses = {e.course_id: e.session.course for e in enrolments}
    completions = {c.course_id: c for c in Completion.objects.filter(user=user, course_id__in=courses)}
    lessons_by_course: dict[int, list[Lesson]] = {}
    for lesson in Lesson.objects.published().filter(course_id__in=courses):
        lessons_by_course.setdefault(lesson.course_id, []).append(lesson)
    read = set(
        LessonProgress.objects.filter(user=user, lesson__course_id__in=courses).values_list("lesson_id", flat=True)
    )
    drills_by_course: dict[int, set[int]] = {}
    published_drills = Drill.objects.filter(
        lesson__course_id__in=courses, lesson__status="published", status="published"
    ).values_list("pk", "lesson__course_id")
    for drill_id, course_id in published_drills:
        drills_by_course.setdefault(course_id, set()).add(drill_id)
    passed_drills = set(
        Submission.objects.filter(user=user, passed=True, drill__lesson__course_id__in=courses).values_list(
            "drill_id", flat=True
        )
    )
    policy_ok = has_acknowledged_current_policy(user)
    attended = {e.course_id for e in enrolments if e.status == Enrolment.Status.ATTENDED}
    progress = []
    for course_id, course in sorted(courses.items(), key=lambda kv: kv[1].title):
        lessons = lessons_by_course.get(course_id, [])
        drills = drills_by_course.get(course_id, set())
        state = CompletionState(
            lessons_read=sum(1 for lesson in lessons if lesson.pk in read),
            lessons_total=len(lessons),
            drills_passed=len(drills & passed_drills),
            drills_total=len(drills),
            attended=course_id in attended,
            policy_acknowledged=policy_ok,
            rule=course,
        )
        progress.append(
            CourseProgress(
                course=course,
                state=state,
                enrolment=next((e for e in enrolments if e.course_id == course_id and e.is_active), None),
                completion=completions.get(course_id),
                next_lesson=next((lesson for lesson in lessons if lesson.pk not in read), None),
            )
        )
    return MyCamp(upcoming=upcoming, past=past, courses=progress)


def calendar_enrolments(user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.MOVED)
        .select_related("session__course", "user")
        .order_by("session__starts_at")
    )


def session_for_viewer(user: User, pk: int) -> Session:
    qs = Session.objects.select_related("course").prefetch_related(
        Prefetch("trainers", queryset=User.objects.only("display_name", "handle"))
    )
    if not user.has_perm(permissions.AUTHOR_CONTENT):
        qs = qs.filter(course__status="published")
    return get_object_or_404(qs, pk=pk)


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the next person to be promoted; None when not waitlisted."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(session_id=enrolment.session_id, status=Enrolment.Status.WAITLISTED).filter(
        Q(queued_at__lt=enrolment.queued_at) | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def lesson_drills(user: User, lesson: Lesson) -> list[Drill]:
    """The lesson's drills, each with the person's best result so far."""
    drills = list(Drill.objects.filter(lesson=lesson, status="published").order_by("position", "pk"))
    best: dict[int, Submission] = {}
    for submission in Submission.objects.filter(user=user, drill__in=drills).order_by("attempt"):
        current = best.get(submission.drill_id)
        if current is None or (submission.score or 0) >= (current.score or 0):
            best[submission.drill_id] = submission
    for drill in drills:
        drill.best = best.get(drill.pk)
    return drills
