"""Completion by course and department, and over the months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Department
from courses.models import Completion, Course
from reports.selectors.scope import Scope, assignment_rules, course_assignments


@dataclass
class Counts:
    assigned: int = 0
    done: int = 0
    overdue: int = 0

    def add(self, other: Counts) -> None:
        self.assigned += other.assigned
        self.done += other.done
        self.overdue += other.overdue

    @property
    def open(self) -> int:
        return self.assigned - self.done

    @property
    def rate(self) -> int | None:
        """Completion rate in whole percent (None when nobody is assigned)."""
        return round(100 * self.done / self.assigned) if self.assigned else None


@dataclass
class DepartmentRow:
    department: Department | None  # None: people with no department
    depth: int
    counts: Counts
    has_children: bool = False


@dataclass
class CourseRow:
    course: Course
    counts: Counts


@dataclass
class CompletionSummary:
    courses: list[CourseRow]
    departments: list[DepartmentRow]
    total: Counts


def completion_summary(scope: Scope, *, now: datetime | None = None) -> CompletionSummary:
    """Assigned, completed and overdue person-course pairs, per course and per department (rolled up).

    Queries: assignments with their courses (+2 prefetches), departments, and one aggregate over people.
    """
    now = now or timezone.now()
    assignments = course_assignments(scope)
    departments = {d.pk: d for d in Department.objects.all()}
    children: dict[int | None, list[int]] = {}
    for d in departments.values():
        children.setdefault(d.parent_id, []).append(d.pk)
    by_course: dict[int, list[assignment_rules.Targets]] = {}
    for t in assignment_rules.targets_of(assignments, children):
        by_course.setdefault(t.assignment.course_id, []).append(t)
    conditions = {cid: assignment_rules.course_conditions(ts, now) for cid, ts in by_course.items()}
    courses = {a.course_id: a.course for a in assignments}

    raw: dict[int | None, dict[int, Counts]] = {}
    if conditions:
        columns = {}
        for cid, c in conditions.items():
            columns[f"a{cid}"] = Count("pk", filter=c.assigned)
            columns[f"d{cid}"] = Count("pk", filter=c.done)
            columns[f"o{cid}"] = Count("pk", filter=c.overdue)
        for row in scope.people().values("department_id").annotate(**columns).order_by():
            raw[row["department_id"]] = {
                cid: Counts(row[f"a{cid}"], row[f"d{cid}"], row[f"o{cid}"]) for cid in conditions
            }

    course_rows = []
    total = Counts()
    for cid, course in sorted(courses.items(), key=lambda kv: kv[1].title.lower()):
        counts = Counts()
        for per_course in raw.values():
            counts.add(per_course.get(cid, Counts()))
        course_rows.append(CourseRow(course, counts))
        total.add(counts)

    rolled: dict[int, Counts] = {}

    def roll(pk: int) -> Counts:
        if pk not in rolled:
            counts = Counts()
            for course_counts in raw.get(pk, {}).values():
                counts.add(course_counts)
            for child in children.get(pk, []):
                counts.add(roll(child))
            rolled[pk] = counts
        return rolled[pk]

    rows: list[DepartmentRow] = []
    if scope.focus is not None:
        tops = [scope.focus.pk]
    elif scope.department_ids is None:
        tops = children.get(None, [])
    else:
        # A manager's tree: the departments in scope whose parent is not.
        tops = [pk for pk in scope.department_ids if departments[pk].parent_id not in scope.department_ids]
    for top in sorted(tops, key=lambda pk: departments[pk].name.lower()):
        rows.append(DepartmentRow(departments[top], 0, roll(top), bool(children.get(top))))
        for child in sorted(children.get(top, []), key=lambda pk: departments[pk].name.lower()):
            rows.append(DepartmentRow(departments[child], 1, roll(child), bool(children.get(child))))
    if scope.department_ids is None and scope.focus is None and None in raw:
        nobody = Counts()
        for course_counts in raw[None].values():
            nobody.add(course_counts)
        rows.append(DepartmentRow(None, 0, nobody))
    return CompletionSummary(courses=course_rows, departments=rows, total=total)


def completions_by_month(scope: Scope) -> list[tuple[date, int]]:
    qs = Completion.objects.filter(user__in=scope.people(), course__in=scope.courses()).filter(
        scope.in_range("completed_at")
    )
    rows = qs.annotate(month=TruncMonth("completed_at")).values("month").annotate(n=Count("pk")).order_by("month")
    out = []
    for row in rows:
        month = row["month"]
        out.append((month.date() if isinstance(month, datetime) else month, row["n"]))
    return out
