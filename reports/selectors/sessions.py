"""Sessions: fill and attendance, the cohort report and the after-action report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.models import User
from courses.models import Enrolment, Session, Submission
from practice.models import Post
from practice.policy import Finding, check_policy
from reports.selectors.feed import FeedStats, feed_stats
from reports.selectors.scope import Scope


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


def session_learners(session: Session) -> QuerySet[User]:
    learners: QuerySet[User] = User.objects.filter(
        pk__in=Enrolment.objects.filter(session=session, status__in=Enrolment.HOLDS_SEAT).values("user_id")
    ).order_by("display_name", "pk")
    return learners


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
    findings: list[tuple[Post, list[Finding]]] = field(default_factory=list)
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
        if post.author_id is None:  # a persona's post; the filter above leaves none
            continue
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
