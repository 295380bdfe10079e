"""Assignments and the report data around them (completions, drill results), for reads.

Assignments go through courses.services.assignments so targets are set as the pages set them.
Completions and submissions are rows written directly: report tests read them, they don't test
how they are earned.
"""

from __future__ import annotations

from datetime import date

from courses.models import Assignment, Completion, Course, Drill, Grade, Lesson, Submission
from courses.services import assignments as services


def assign(
    course: Course,
    *,
    actor,
    departments=(),
    roles=(),
    people=(),
    due_rule: str = Assignment.DueRule.FIXED,
    due_on: date | None = date(2026, 1, 31),
    due_days: int | None = None,
    recertify_months: int | None = None,
) -> Assignment:
    if due_rule != Assignment.DueRule.FIXED:
        due_on = None
    return services.create_assignment(
        details=services.AssignmentDetails(
            course=course,
            departments=list(departments),
            roles=list(roles),
            people=list(people),
            due_rule=due_rule,
            due_on=due_on,
            due_days=due_days,
            recertify_months=recertify_months,
        ),
        actor=actor,
    )


def complete(person, course: Course, *, at=None, cycle: int = 1) -> Completion:
    fields = {"user": person, "course": course, "cycle": cycle}
    if at is not None:
        fields["completed_at"] = at
    return Completion.objects.create(**fields)


def drill_for(course: Course, *, title: str = "Use the hashtag") -> Drill:
    lesson = Lesson.objects.filter(course=course).first() or Lesson.objects.create(
        course=course, title="Lesson", body="Body", status="published"
    )
    return Drill.objects.create(
        lesson=lesson,
        title=title,
        instructions="Post.",
        rubric=[{"kind": "uses_hashtag", "weight": 1, "params": {"hashtag": "session"}}],
    )


def graded(drill: Drill, person, session, *, score: int, results: list[dict], attempt: int = 1) -> Submission:
    passed = score >= drill.pass_mark
    submission = Submission.objects.create(
        drill=drill, user=person, session=session, attempt=attempt, status="graded", score=score, passed=passed
    )
    Grade.objects.create(submission=submission, rubric_version=1, score=score, passed=passed, results=results)
    return submission


def rule(label: str, passed: bool, kind: str = "uses_hashtag") -> dict:
    return {"kind": kind, "label": label, "passed": passed, "weight": 1, "feedback": "", "detail": ""}
