"""The people behind the numbers: status rows, the people table and one person's record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Case, CharField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from accounts.models import User
from courses.models import Assignment, Completion, Course, Enrolment, Submission
from reports.selectors.feed import FeedStats, feed_stats
from reports.selectors.scope import Scope, assignment_rules, course_assignments

STATUS_DONE, STATUS_OPEN, STATUS_OVERDUE = "completed", "open", "overdue"


@dataclass(frozen=True)
class StatusRow:
    email: str
    name: str
    handle: str
    department: str
    course: str
    status: str
    due_at: datetime | None
    completed_at: datetime | None
    cycle: int | None


HEADER = [
    "email",
    "name",
    "handle",
    "department",
    "course",
    "status",
    "due",
    "completed",
    "cycle",
]


def status_rows(
    scope: Scope, *, only: str | None = None, now: datetime | None = None, chunk_size: int = 2000
) -> Iterator[StatusRow]:
    """Every assigned person and course with its status, streamed (one query per course).

    ``only`` narrows to one status (``"overdue"`` for the overdue list). The counts of these
    rows are exactly the dashboard's.
    """
    now = now or timezone.now()
    assignments = course_assignments(scope)
    by_course: dict[int, list[assignment_rules.Targets]] = {}
    for t in assignment_rules.targets_of(assignments):
        by_course.setdefault(t.assignment.course_id, []).append(t)
    courses = Course.objects.in_bulk(list(by_course))
    for cid in sorted(by_course, key=lambda pk: (courses[pk].title.lower(), pk)):
        targets = by_course[cid]
        c = assignment_rules.course_conditions(targets, now)
        recert = [t.assignment.recertify_months for t in targets if t.assignment.recertify_months]
        condition = {STATUS_DONE: c.done, STATUS_OVERDUE: c.overdue, STATUS_OPEN: c.open & ~c.overdue}.get(
            only or "", c.assigned
        )
        last = Completion.objects.filter(user=OuterRef("pk"), course_id=cid).order_by("-completed_at")
        qs = (
            scope.people()
            .filter(condition)
            .annotate(
                status=Case(
                    When(c.done, then=Value(STATUS_DONE)),
                    When(c.overdue, then=Value(STATUS_OVERDUE)),
                    default=Value(STATUS_OPEN),
                    output_field=CharField(),
                ),
                due=assignment_rules.due_expression(targets),
                last_completed=Subquery(last.values("completed_at")[:1]),
                last_cycle=Subquery(last.values("cycle")[:1]),
            )
            .order_by("department__name", "display_name", "pk")
            .values_list(
                "email", "display_name", "handle", "department__name", "status", "due", "last_completed", "last_cycle"
            )
        )
        title = courses[cid].title
        for email, name, handle, dept, status, due, completed, cycle in qs.iterator(chunk_size=chunk_size):
            if recert and completed is not None:
                expires = completed + relativedelta(months=min(recert))
                if status != STATUS_DONE:
                    due = expires  # the certificate expired: due again since then
            if status != STATUS_DONE:
                completed, cycle = (completed, cycle) if recert else (None, None)
            yield StatusRow(email, name, handle, dept or "", title, status, due, completed, cycle)


@dataclass(frozen=True)
class Cell:
    status: str  # "" when the course is not assigned to the person
    due: datetime | None  # the moment it becomes overdue

    @property
    def due_by(self) -> datetime | None:
        """The last moment it is on time: a course due on the 31st is due by the end of the 31st."""
        return self.due - timedelta(seconds=1) if self.due else None

    @property
    def is_done(self) -> bool:
        return self.status == STATUS_DONE

    @property
    def is_overdue(self) -> bool:
        return self.status == STATUS_OVERDUE

    @property
    def is_open(self) -> bool:
        return self.status == STATUS_OPEN


@dataclass
class PeopleTable:
    """People with each assigned course's status and due date (or since when it is overdue)."""

    courses: list[Course]
    people: QuerySet[User]
    recertify: dict[int, int]  # course id -> shortest recertification, in months

    def row(self, person: User) -> list[Cell]:
        cells = []
        for c in self.courses:
            status, due, last = (getattr(person, f"{k}{c.pk}") for k in ("s", "due", "last"))
            months = self.recertify.get(c.pk)
            if months and last is not None:
                due = last + relativedelta(months=months)  # done: renew by then; overdue: expired then
            elif status == STATUS_DONE:
                due = None
            cells.append(Cell(status, due if status else None))
        return cells


def people_table(scope: Scope, *, status: str = "", search: str = "", now: datetime | None = None) -> PeopleTable:
    """The people in scope who hold an assignment (``status``: only the overdue, or only the not done),
    annotated per course in one query; page it, then ask ``row`` for each person."""
    now = now or timezone.now()
    by_course: dict[int, list[assignment_rules.Targets]] = {}
    for t in assignment_rules.targets_of(course_assignments(scope)):
        by_course.setdefault(t.assignment.course_id, []).append(t)
    courses = sorted({t.assignment.course for ts in by_course.values() for t in ts}, key=lambda c: c.title.lower())
    conditions = {cid: assignment_rules.course_conditions(ts, now) for cid, ts in by_course.items()}
    wanted = assignment_rules.NEVER
    for c in conditions.values():
        wanted |= {"overdue": c.overdue, "open": c.open}.get(status, c.assigned)
    qs = scope.people().select_related("department").filter(wanted)
    if search:
        qs = qs.filter(Q(display_name__icontains=search) | Q(email__icontains=search) | Q(handle__icontains=search))
    for course in courses:
        c = conditions[course.pk]
        last = Completion.objects.filter(user=OuterRef("pk"), course=course).order_by("-completed_at")
        qs = qs.annotate(
            **{
                f"s{course.pk}": Case(
                    When(c.done, then=Value(STATUS_DONE)),
                    When(c.overdue, then=Value(STATUS_OVERDUE)),
                    When(c.assigned, then=Value(STATUS_OPEN)),
                    default=Value(""),
                    output_field=CharField(),
                ),
                f"due{course.pk}": assignment_rules.due_expression(by_course[course.pk]),
                f"last{course.pk}": Subquery(last.values("completed_at")[:1]),
            }
        )
    recertify = {
        cid: min(t.assignment.recertify_months for t in ts if t.assignment.recertify_months)
        for cid, ts in by_course.items()
        if any(t.assignment.recertify_months for t in ts)
    }
    return PeopleTable(courses, qs.order_by("display_name", "pk"), recertify)


@dataclass
class AssignmentStatus:
    assignment: Assignment
    status: str
    due_at: datetime | None
    completion: Completion | None

    @property
    def due_by(self) -> datetime | None:
        return self.due_at - timedelta(seconds=1) if self.due_at else None

    @property
    def is_done(self) -> bool:
        return self.status == STATUS_DONE

    @property
    def is_overdue(self) -> bool:
        return self.status == STATUS_OVERDUE

    @property
    def is_open(self) -> bool:
        return self.status == STATUS_OPEN


def person_assignments(person: User, *, now: datetime | None = None) -> list[AssignmentStatus]:
    now = now or timezone.now()
    completions: dict[int, Completion] = {}
    for c in Completion.objects.filter(user=person).order_by("completed_at"):
        completions[c.course_id] = c  # newest wins
    out = []
    for a in assignment_rules.assignments_for(person):
        last = completions.get(a.course_id)
        since = assignment_rules.valid_since(a, now)
        valid = last is not None and (since is None or last.completed_at >= since)
        if valid and last is not None:
            due = last.completed_at + relativedelta(months=a.recertify_months) if a.recertify_months else None
            status = STATUS_DONE
        else:
            due = assignment_rules.due_date_for(person, a, now=now)
            status = STATUS_OVERDUE if due <= now else STATUS_OPEN
        out.append(AssignmentStatus(a, status, due, last if valid else None))
    return out


@dataclass
class PersonRecord:
    person: User
    assignments: list[AssignmentStatus]
    completions: list[Completion]
    enrolments: list[Enrolment]
    submissions: list[Submission]
    feed: FeedStats


def person_record(person: User) -> PersonRecord:
    people = User.objects.filter(pk=person.pk)
    return PersonRecord(
        person=person,
        assignments=person_assignments(person),
        completions=list(Completion.objects.filter(user=person).select_related("course").order_by("-completed_at")),
        enrolments=list(
            Enrolment.objects.filter(user=person).select_related("session", "course").order_by("-created_at")
        ),
        submissions=list(
            Submission.objects.filter(user=person)
            .select_related("drill", "drill__lesson__course", "session")
            .order_by("-created_at")[:50]
        ),
        feed=feed_stats(people=people).get(person.pk, FeedStats()),
    )
