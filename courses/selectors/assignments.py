"""Assignments read: who must complete a course by when, as SQL conditions over people.

Every rule here is a ``Q`` on ``accounts.User`` built from a handful of constants and
uncorrelated sub-queries, so a report over 100,000 people is one aggregate query and
never a loop over them. The same conditions answer "is this person done / overdue".

Vocabulary
----------
- *assigned*: the person is a target: named, has one of the roles, or sits in one of the
  departments or any department below it. Inactive people are never assigned.
- *valid completion*: a completion of the course; with recertification only one newer
  than ``recertify_months`` counts (an older one has expired and the course reopened).
- *open*: assigned without a valid completion. *Overdue*: open and past the due date;
  someone whose certificate expired is overdue from the day it expired.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Case, DateTimeField, Expression, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import Department, User
from courses.models import Assignment, Completion, Course

NEVER = Q(pk__isnull=True)  # a condition no person meets, safe inside aggregate filters


# --- the department tree ---------------------------------------------------------------------


def children_map() -> dict[int | None, list[int]]:
    """Every department's children (one query; departments are few, people are many)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Department.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def with_descendants(department_ids: Iterable[int], children: dict[int | None, list[int]] | None = None) -> set[int]:
    children = children_map() if children is None else children
    out: set[int] = set()
    frontier = list(department_ids)
    while frontier:
        pk = frontier.pop()
        if pk not in out:
            out.add(pk)
            frontier.extend(children.get(pk, []))
    return out


# --- conditions on people --------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """An assignment's targets as plain ids, so conditions build without further queries."""

    assignment: Assignment
    department_ids: frozenset[int]  # with every sub-department
    role_ids: frozenset[int]


def targets_of(assignments: Iterable[Assignment], children: dict[int | None, list[int]] | None = None) -> list[Targets]:
    """Targets of assignments fetched with ``prefetch_related("departments", "roles")``."""
    children = children_map() if children is None else children
    return [
        Targets(
            assignment=a,
            department_ids=frozenset(with_descendants((d.pk for d in a.departments.all()), children)),
            role_ids=frozenset(g.pk for g in a.roles.all()),
        )
        for a in assignments
    ]


def target_q(t: Targets) -> Q:
    a = t.assignment
    q = Q(pk__in=Assignment.people.through.objects.filter(assignment_id=a.pk).values("user_id"))
    if t.department_ids:
        q |= Q(department_id__in=sorted(t.department_ids))
    if t.role_ids:
        q |= Q(pk__in=User.groups.through.objects.filter(group_id__in=sorted(t.role_ids)).values("user_id"))
    return q & Q(is_active=True)


def valid_since(assignment: Assignment, now: datetime) -> datetime | None:
    """Completions before this moment have expired (None: every completion counts)."""
    if not assignment.recertify_months:
        return None
    since: datetime = now - relativedelta(months=assignment.recertify_months)
    return since


def valid_q(assignment: Assignment, now: datetime) -> Q:
    completions = Completion.objects.filter(course_id=assignment.course_id)
    since = valid_since(assignment, now)
    if since is not None:
        completions = completions.filter(completed_at__gte=since)
    return Q(pk__in=completions.values("user_id"))


def base_due_at(assignment: Assignment) -> datetime | None:
    """The due moment when it is the same for everyone (None for "after joining")."""
    if assignment.due_rule == Assignment.DueRule.FIXED:
        # Due by the end of the day, in the server's zone.
        due_on = assignment.due_on
        assert due_on is not None  # the model's check constraint: a fixed rule has its date
        day_after = due_on + timedelta(days=1)
        return timezone.make_aware(datetime.combine(day_after, time.min))
    if assignment.due_rule == Assignment.DueRule.AFTER_ASSIGNED:
        return assignment.created_at + timedelta(days=assignment.due_days or 0)
    return None


def due_passed_q(assignment: Assignment, now: datetime) -> Q:
    due = base_due_at(assignment)
    if due is None:
        q = Q(date_joined__lte=now - timedelta(days=assignment.due_days or 0))
    else:
        q = ~NEVER if due <= now else NEVER
    if assignment.recertify_months:
        # Any completion that is not valid any more expired in the past: due again since then.
        q |= Q(pk__in=Completion.objects.filter(course_id=assignment.course_id).values("user_id"))
    return q


@dataclass(frozen=True)
class CourseConditions:
    """For one course, over every assignment of it: who is assigned, done, open and overdue."""

    assigned: Q
    done: Q
    open: Q
    overdue: Q


def course_conditions(targets: Iterable[Targets], now: datetime) -> CourseConditions:
    assigned = open_ = overdue = NEVER
    for t in targets:
        target = target_q(t)
        not_done = target & ~valid_q(t.assignment, now)
        assigned |= target
        open_ |= not_done
        overdue |= not_done & due_passed_q(t.assignment, now)
    return CourseConditions(assigned=assigned, done=assigned & ~open_, open=open_, overdue=overdue)


def conditions_by_course(assignments: Iterable[Assignment], now: datetime | None = None) -> dict[int, CourseConditions]:
    now = now or timezone.now()
    by_course: dict[int, list[Targets]] = {}
    for t in targets_of(assignments):
        by_course.setdefault(t.assignment.course_id, []).append(t)
    return {course_id: course_conditions(ts, now) for course_id, ts in by_course.items()}


def due_expression(targets: Iterable[Targets]) -> Case:
    """Each person's due moment for a course, as SQL: the earliest rule among the assignments that hold them
    (a recertification's expiry is not in it: it comes from the person's last completion)."""

    def key(t: Targets) -> tuple[bool, datetime]:
        due = base_due_at(t.assignment)
        return (due is None, due or t.assignment.created_at)

    whens = []
    for t in sorted(targets, key=key):
        due = base_due_at(t.assignment)
        if due is not None:
            expr: Expression = Value(due, output_field=DateTimeField())
        else:
            after = Value(timedelta(days=t.assignment.due_days or 0))
            expr = ExpressionWrapper(F("date_joined") + after, output_field=DateTimeField())
        whens.append(When(target_q(t), then=expr))
    return Case(*whens, default=Value(None, output_field=DateTimeField()), output_field=DateTimeField())


def due_items(
    *, start: datetime, end: datetime, now: datetime | None = None, chunk_size: int = 2000
) -> Iterator[tuple[int, int, datetime]]:
    """(person id, course id, due moment) of every open assignment due between ``start`` and ``end``,
    streamed, one query per assigned course."""
    now = now or timezone.now()
    by_course: dict[int, list[Targets]] = {}
    for t in targets_of(with_targets(Assignment.objects.all())):
        by_course.setdefault(t.assignment.course_id, []).append(t)
    for course_id, targets in sorted(by_course.items()):
        c = course_conditions(targets, now)
        rows = (
            User.objects.filter(c.open)
            .annotate(due=due_expression(targets))
            .filter(due__gte=start, due__lt=end)
            .order_by("pk")
            .values_list("pk", "due")
        )
        for pk, due in rows.iterator(chunk_size=chunk_size):
            yield pk, course_id, due


def with_targets(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return assignments.select_related("course").prefetch_related("departments", "roles")


# --- named reads -----------------------------------------------------------------------------


def assigned_people(assignment: Assignment) -> QuerySet[User]:
    """Everyone the assignment targets, as one query."""
    (t,) = targets_of([with_targets(Assignment.objects.filter(pk=assignment.pk)).get()])
    people: QuerySet[User] = User.objects.filter(target_q(t))
    return people


def assignments_for(person: User) -> QuerySet[Assignment]:
    """The assignments that name the person, one of their roles, or their department or one above it."""
    ancestors: list[int] = []
    department = person.department
    while department is not None:
        ancestors.append(department.pk)
        department = department.parent
    return with_targets(
        Assignment.objects.filter(
            Q(people=person) | Q(roles__in=person.groups.all()) | Q(departments__in=ancestors)
        ).distinct()
    )


def due_date_for(person: User, assignment: Assignment, *, now: datetime | None = None) -> datetime:
    """When the person must have completed the assignment's course (its current cycle)."""
    now = now or timezone.now()
    if assignment.recertify_months:
        last = Completion.objects.filter(user=person, course_id=assignment.course_id).order_by("-completed_at").first()
        if last is not None:
            renew_by: datetime = last.completed_at + relativedelta(months=assignment.recertify_months)
            return renew_by
    due = base_due_at(assignment)
    if due is None:
        return person.date_joined + timedelta(days=assignment.due_days or 0)
    return due


def reopened_at(*, person: User, course: Course, now: datetime | None = None) -> datetime | None:
    """When the course reopened for the person: their newest completion expired under a recertifying
    assignment that applies to them. None when their newest completion still counts (or there is none)."""
    now = now or timezone.now()
    last = Completion.objects.filter(user=person, course=course).order_by("-completed_at").first()
    if last is None:
        return None
    months = [a.recertify_months for a in assignments_for(person).filter(course=course) if a.recertify_months]
    if not months:
        return None
    expires = last.completed_at + relativedelta(months=min(months))
    return expires if expires <= now else None


def overdue(
    *, courses: Iterable[Course] | None = None, people: QuerySet[User] | None = None, now: datetime | None = None
) -> QuerySet[User]:
    """People overdue with at least one assigned course, as one SQL query."""
    assignments = with_targets(Assignment.objects.all())
    if courses is not None:
        assignments = assignments.filter(course__in=list(courses))
    conditions = conditions_by_course(assignments, now)
    q = NEVER
    for c in conditions.values():
        q |= c.overdue
    return (people if people is not None else User.objects.all()).filter(q)


def overdue_for_course(
    *, course: Course, people: QuerySet[User] | None = None, now: datetime | None = None
) -> QuerySet[User]:
    conditions = conditions_by_course(with_targets(Assignment.objects.filter(course=course)), now)
    c = conditions.get(course.pk)
    base = people if people is not None else User.objects.all()
    return base.filter(c.overdue) if c else base.none()
