"""Where a person stands against a course's completion rule: lessons read, drills passed, attendance, policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from courses.models import (
    Course,
    Drill,
    Enrolment,
    Lesson,
    LessonProgress,
    PolicyAcknowledgement,
    PolicyVersion,
    Submission,
)


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
    drills = Drill.objects.filter(lesson__course=course, lesson__status="published", status="published")
    total = drills.count()
    passed = Submission.objects.filter(user=person, drill__in=drills, passed=True).values("drill_id").distinct().count()
    return passed, total


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


def courses_in_progress(person: User) -> list[Course]:
    return list(Course.objects.filter(enrolments__user=person).distinct())
