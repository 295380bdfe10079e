"""Read-only aggregation for the dashboards, records and exports, in SQL.

Each function is one query (or a fixed few), whatever the number of people: counts come
from ``annotate``/``aggregate`` with conditional ``Count``; department roll-ups and chart
shapes are computed in Python over departments and months, never over people.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from accounts.models import Department, User
from courses.models import Assignment, Completion, Course, Drill, Enrolment, Grade, Session, Submission
from courses.services import assignments as assignment_rules
from practice.models import Hashtag, Mention, Post
from practice.policy import check_policy

# --- scope: who and what a viewer may see, narrowed by the filters ------------------------------


@dataclass(frozen=True)
class Scope:
    """What a report covers. ``department_ids`` None means everyone (admins only)."""

    department_ids: frozenset[int] | None = None
    course_ids: frozenset[int] | None = None
    session: Session | None = None
    starts: datetime | None = None
    ends: datetime | None = None  # exclusive
    focus: Department | None = None  # the department whose children the table shows

    def people(self) -> QuerySet[User]:
        qs = User.objects.filter(is_active=True)
        if self.department_ids is not None:
            qs = qs.filter(department_id__in=sorted(self.department_ids))
        if self.session is not None:
            qs = qs.filter(
                pk__in=Enrolment.objects.filter(session=self.session, status__in=Enrolment.HOLDS_SEAT).values("user_id")
            )
        return qs

    def courses(self) -> QuerySet[Course]:
        qs = Course.objects.all()
        if self.course_ids is not None:
            qs = qs.filter(pk__in=sorted(self.course_ids))
        if self.session is not None:
            qs = qs.filter(pk=self.session.course_id)
        return qs

    def in_range(self, lookup: str) -> Q:
        q = Q()
        if self.starts is not None:
            q &= Q(**{f"{lookup}__gte": self.starts})
        if self.ends is not None:
            q &= Q(**{f"{lookup}__lt": self.ends})
        return q


# --- completion by course and department ------------------------------------------------------


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


def course_assignments(scope: Scope) -> list[Assignment]:
    return list(assignment_rules.with_targets(Assignment.objects.filter(course__in=scope.courses())))


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
            for per_course in raw.get(pk, {}).values():
                counts.add(per_course)
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
        for per_course in raw[None].values():
            nobody.add(per_course)
        rows.append(DepartmentRow(None, 0, nobody))
    return CompletionSummary(courses=course_rows, departments=rows, total=total)


# --- the people behind the numbers --------------------------------------------------------------


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


# --- over time, sessions, drills ----------------------------------------------------------------


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


@dataclass
class SessionRow:
    session: Session
    enrolled: int
    attended: int
    no_show: int
    waitlisted: int

    @property
    def fill(self) -> int:
        return round(100 * self.session.seats_taken / self.session.capacity) if self.session.capacity else 0

    @property
    def attendance(self) -> int | None:
        marked = self.attended + self.no_show
        return round(100 * self.attended / marked) if marked else None


def session_rows(scope: Scope, *, sessions: QuerySet[Session] | None = None, limit: int = 12) -> list[SessionRow]:
    """Fill and attendance of the newest sessions in scope; counts are of the people in scope."""
    people = scope.people()
    qs = (sessions if sessions is not None else Session.objects.all()).filter(course__in=scope.courses())
    if scope.session is not None:
        qs = qs.filter(pk=scope.session.pk)
    qs = qs.filter(scope.in_range("starts_at"))
    mine = Q(enrolments__user__in=people) if scope.department_ids is not None else Q()
    if scope.department_ids is not None:
        qs = qs.filter(pk__in=Enrolment.objects.filter(user__in=people).values("session_id"))
    qs = qs.select_related("course").annotate(
        n_enrolled=Count("enrolments", filter=mine & Q(enrolments__status__in=Enrolment.HOLDS_SEAT)),
        n_attended=Count("enrolments", filter=mine & Q(enrolments__status=Enrolment.Status.ATTENDED)),
        n_no_show=Count("enrolments", filter=mine & Q(enrolments__status=Enrolment.Status.NO_SHOW)),
        n_waitlisted=Count("enrolments", filter=mine & Q(enrolments__status=Enrolment.Status.WAITLISTED)),
    )
    return [
        SessionRow(s, s.n_enrolled, s.n_attended, s.n_no_show, s.n_waitlisted)
        for s in qs.order_by("-starts_at", "-pk")[:limit]
    ]


def submissions_in(scope: Scope) -> QuerySet[Submission]:
    qs = Submission.objects.filter(drill__lesson__course__in=scope.courses()).filter(scope.in_range("created_at"))
    if scope.department_ids is not None:
        qs = qs.filter(user__in=scope.people())
    if scope.session is not None:
        qs = qs.filter(session=scope.session)
    return qs


@dataclass
class DrillRow:
    drill: Drill
    attempts: int
    average: float | None
    passed: int
    failed: int

    @property
    def pass_rate(self) -> int | None:
        graded = self.passed + self.failed
        return round(100 * self.passed / graded) if graded else None


def drill_rows(submissions: QuerySet[Submission], *, limit: int = 15) -> list[DrillRow]:
    """Average score and passes per drill (one query)."""
    rows = list(
        submissions.values("drill_id")
        .annotate(
            n_attempts=Count("pk"),
            avg_score=Avg("score", filter=Q(score__isnull=False)),
            n_passed=Count("pk", filter=Q(passed=True)),
            n_failed=Count("pk", filter=Q(passed=False)),
        )
        .order_by("-n_failed", "drill_id")[:limit]
    )
    drills = Drill.objects.select_related("lesson__course").in_bulk([r["drill_id"] for r in rows])
    return [
        DrillRow(drills[r["drill_id"]], r["n_attempts"], r["avg_score"], r["n_passed"], r["n_failed"])
        for r in rows
        if r["drill_id"] in drills
    ]


@dataclass(frozen=True)
class FailedRule:
    drill_title: str
    label: str
    kind: str
    failures: int


def failed_rules(submissions: QuerySet[Submission], *, limit: int = 10) -> list[FailedRule]:
    """The rubric rules most often failed, from each submission's newest automatic grade (one query)."""
    newest = (
        Grade.objects.filter(submission__in=submissions, kind=Grade.Kind.AUTOMATIC)
        .values("submission_id")
        .annotate(newest=Max("pk"))
        .values("newest")
    )
    try:
        inner, params = newest.query.sql_with_params()
    except EmptyResultSet:  # nobody in scope (a manager without a department)
        return []
    grade, submission, drill = Grade._meta.db_table, Submission._meta.db_table, Drill._meta.db_table
    if connection.vendor == "postgresql":
        elements = "CROSS JOIN LATERAL jsonb_array_elements(g.results) AS r(value)"
        label, kind = "r.value->>'label'", "r.value->>'kind'"
        failed = "(r.value->>'passed')::boolean = false"
    else:
        elements = ", json_each(g.results) AS r"
        label, kind = "json_extract(r.value, '$.label')", "json_extract(r.value, '$.kind')"
        failed = "json_extract(r.value, '$.passed') = 0"
    sql = (
        f"SELECT d.title, {label}, {kind}, COUNT(*) AS n "  # noqa: S608 - table names and fixed SQL only  # nosec
        f"FROM {grade} g JOIN {submission} s ON s.id = g.submission_id JOIN {drill} d ON d.id = s.drill_id "
        f"{elements} WHERE g.id IN ({inner}) AND {failed} "
        f"GROUP BY d.id, d.title, {label}, {kind} ORDER BY n DESC, d.title, 2 LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [FailedRule(t or "", lab or "", k or "", n) for t, lab, k, n in cursor.fetchall()]


# --- the practice feed --------------------------------------------------------------------------

LINK_Q = Q(text__icontains="http://") | Q(text__icontains="https://") | Q(text__icontains="www.")


@dataclass
class FeedStats:
    posts: int = 0
    interactions: int = 0  # posts with an @mention
    replies: int = 0
    retweets: int = 0
    quotes: int = 0
    hashtags: int = 0
    links: int = 0
    mentions_received: int = 0
    mentions_answered: int = 0  # posts that mentioned the learner and that they replied to

    def share(self, name: str) -> int | None:
        return round(100 * getattr(self, name) / self.posts) if self.posts else None

    @property
    def reciprocity(self) -> int | None:
        return round(100 * self.mentions_answered / self.mentions_received) if self.mentions_received else None

    def add(self, other: FeedStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def shares(self) -> list[tuple[str, int, int | None]]:
        return [
            (label, getattr(self, name), self.share(name))
            for name, label in (
                ("interactions", "@ interactions"),
                ("replies", "replies"),
                ("retweets", "retweets"),
                ("quotes", "quotes"),
                ("hashtags", "hashtags"),
                ("links", "links"),
            )
        ]


def feed_stats(*, people: QuerySet[User], feed_ids: list[int] | None = None) -> dict[int, FeedStats]:
    """Per person: posts and the share that are @ interactions, replies, retweets, quotes, with hashtags
    or links; and reciprocity, the mentions of them they replied to. Two queries."""
    posts = Post.objects.live().filter(author__in=people)
    mentions = Mention.objects.filter(user__in=people, post__deleted_at__isnull=True).exclude(
        post__author_id=F("user_id")
    )
    if feed_ids is not None:
        posts = posts.filter(feed_id__in=feed_ids)
        mentions = mentions.filter(post__feed_id__in=feed_ids)
    stats: dict[int, FeedStats] = {}
    rows = (
        posts.values("author_id")
        .annotate(
            n=Count("pk"),
            interactions=Count("pk", filter=Q(pk__in=Mention.objects.values("post_id"))),
            replies=Count("pk", filter=Q(reply_to__isnull=False)),
            retweets=Count("pk", filter=Q(retweet_of__isnull=False)),
            quotes=Count("pk", filter=Q(quote_of__isnull=False)),
            hashtags=Count("pk", filter=Q(pk__in=Hashtag.objects.values("post_id"))),
            links=Count("pk", filter=LINK_Q),
        )
        .order_by()
    )
    for r in rows:
        stats[r["author_id"]] = FeedStats(
            posts=r["n"],
            interactions=r["interactions"],
            replies=r["replies"],
            retweets=r["retweets"],
            quotes=r["quotes"],
            hashtags=r["hashtags"],
            links=r["links"],
        )
    answered = Post.objects.live().filter(reply_to=OuterRef("post_id"), author_id=OuterRef("user_id"))
    received = (
        mentions.annotate(was_answered=Exists(answered))
        .values("user_id")
        .annotate(
            received=Count("post_id", distinct=True),
            answered=Count("post_id", distinct=True, filter=Q(was_answered=True)),
        )
        .order_by()
    )
    for r in received:
        s = stats.setdefault(r["user_id"], FeedStats())
        s.mentions_received, s.mentions_answered = r["received"], r["answered"]
    return stats


# --- one person ---------------------------------------------------------------------------------


@dataclass
class AssignmentStatus:
    assignment: Assignment
    status: str
    due_at: datetime | None
    completion: Completion | None

    @property
    def due_by(self) -> datetime | None:
        return self.due_at - timedelta(seconds=1) if self.due_at else None


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
        if valid:
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


# --- a session: the cohort report and the after-action report -----------------------------------


def session_learners(session: Session) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Enrolment.objects.filter(session=session, status__in=Enrolment.HOLDS_SEAT).values("user_id")
    ).order_by("display_name", "pk")


def duration_text(value: timedelta | None) -> str:
    """A response time people read at a glance: "45 s", "4 min 05 s", "2 h 10 min"."""
    if value is None:
        return ""
    seconds = max(int(value.total_seconds()), 0)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} days"


@dataclass
class Response:
    persona_post: Post
    after: timedelta | None  # None: never responded

    @property
    def after_text(self) -> str:
        return duration_text(self.after)


@dataclass
class LearnerReport:
    learner: User
    enrolment_status: str
    posts: list[Post] = field(default_factory=list)
    findings: list[tuple[Post, list]] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    stats: FeedStats = field(default_factory=FeedStats)

    @property
    def median_response(self) -> timedelta | None:
        times = sorted(r.after for r in self.responses if r.after is not None)
        return times[len(times) // 2] if times else None

    @property
    def median_response_text(self) -> str:
        return duration_text(self.median_response)

    @property
    def responded(self) -> int:
        return sum(r.after is not None for r in self.responses)


def after_action(session: Session) -> list[LearnerReport]:
    """Per learner: posts in the cohort feed with their policy findings, drill results, and the time
    from each scripted persona post to their first reply, quote or retweet of it. Fixed queries."""
    enrolments = Enrolment.objects.filter(session=session, status__in=Enrolment.HOLDS_SEAT).select_related("user")
    reports = {e.user_id: LearnerReport(e.user, e.get_status_display()) for e in enrolments}
    learners = list(reports)
    feed_posts = Post.objects.live().filter(feed_id=session.feed_id)
    for post in feed_posts.filter(author_id__in=learners).order_by("created_at", "pk"):
        report = reports[post.author_id]
        report.posts.append(post)
        if post.text:
            found = check_policy(post.text, employer_names=[settings.ORG_NAME], employer_handles=[settings.ORG_HANDLE])
            if found:
                report.findings.append((post, found))
    for sub in (
        Submission.objects.filter(session=session, user_id__in=learners)
        .select_related("drill")
        .order_by("drill__position", "attempt")
    ):
        reports[sub.user_id].submissions.append(sub)
    persona_posts = list(feed_posts.filter(persona__isnull=False).select_related("persona").order_by("created_at"))
    first = {
        (r["author_id"], r["target"]): r["first"]
        for r in feed_posts.filter(author_id__in=learners)
        .annotate(target=Coalesce("reply_to_id", "quote_of_id", "retweet_of_id"))
        .filter(target__in=[p.pk for p in persona_posts])
        .values("author_id", "target")
        .annotate(first=Min("created_at"))
        .order_by()
    }
    for uid, report in reports.items():
        for p in persona_posts:
            if p.only_for_id not in (None, uid):
                continue
            at = first.get((uid, p.pk))
            report.responses.append(Response(p, at - p.created_at if at else None))
    stats = feed_stats(people=User.objects.filter(pk__in=learners), feed_ids=[session.feed_id])
    for uid, report in reports.items():
        report.stats = stats.get(uid, FeedStats())
    return sorted(reports.values(), key=lambda r: (r.learner.display_name.lower(), r.learner.pk))


def cohort_stats(session: Session) -> tuple[list[tuple[User, FeedStats]], FeedStats]:
    learners = list(session_learners(session))
    stats = feed_stats(people=User.objects.filter(pk__in=[u.pk for u in learners]), feed_ids=[session.feed_id])
    total = FeedStats()
    rows = []
    for u in learners:
        s = stats.get(u.pk, FeedStats())
        total.add(s)
        rows.append((u, s))
    return rows, total
