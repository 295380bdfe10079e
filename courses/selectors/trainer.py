"""Named reads for the trainer pages; each does its own joins so the query count does not grow with rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from courses.models import Course, Enrolment, EnrolmentEvent, Lesson, Session

RECENT_SESSIONS = 20


class _RosterFields(TypedDict):
    roster_group: int  # 0 seated, 1 waiting, 2 gone


if TYPE_CHECKING:  # the stubs' helper types a queryset's annotations; nothing to import at run time
    from django_stubs_ext import WithAnnotations

    RosterRow = WithAnnotations[Enrolment, _RosterFields]
else:
    RosterRow = Enrolment


def authoring_courses() -> QuerySet[Course]:
    """Every course, drafts included, with how many lessons and sessions it has."""
    return Course.objects.annotate(
        lesson_count=Count("lessons", distinct=True), session_count=Count("sessions", distinct=True)
    ).order_by("title", "pk")


def course_lessons(course: Course) -> QuerySet[Lesson]:
    return Lesson.objects.filter(course=course).order_by("position", "pk")


def _sessions_for(user: User) -> QuerySet[Session]:
    return (
        Session.objects.manageable_by(user)
        .select_related("course")
        .prefetch_related("trainers")
        .annotate(waitlisted=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)))
    )


def upcoming_sessions_for(user: User) -> QuerySet[Session]:
    """Sessions the person runs that have not ended, soonest first."""
    return (
        _sessions_for(user)
        .filter(status=Session.Status.SCHEDULED, ends_at__gte=timezone.now())
        .order_by("starts_at", "pk")
    )


def past_sessions_for(user: User) -> QuerySet[Session]:
    """Sessions the person ran that ended or were cancelled, newest first (the last few)."""
    upcoming = Q(status=Session.Status.SCHEDULED, ends_at__gte=timezone.now())
    return _sessions_for(user).exclude(upcoming).order_by("-starts_at", "-pk")[:RECENT_SESSIONS]


def trainer_candidates() -> QuerySet[User]:
    """People who may run sessions: those whose role grants accounts.run_sessions."""
    app_label, codename = permissions.RUN_SESSIONS.split(".")
    grants = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
    people: QuerySet[User] = User.objects.active().filter(grants | Q(is_superuser=True))
    return people.distinct().order_by("display_name", "pk")


# Seat-holders first, then the waitlist in the order it is served, then people who left.
_ROSTER_GROUP = Case(
    When(status__in=Enrolment.HOLDS_SEAT, then=Value(0)),
    When(status=Enrolment.Status.WAITLISTED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _roster_queryset(session: Session) -> QuerySet[RosterRow]:
    return (
        Enrolment.objects.filter(session=session)
        .select_related("user", "user__department", "attendance_marked_by")
        .annotate(roster_group=_ROSTER_GROUP)
        .order_by("roster_group", "queued_at", "pk")
    )


@dataclass(frozen=True)
class Roster:
    seated: list[Enrolment]
    waitlist: list[Enrolment]
    former: list[Enrolment]


def roster(session: Session) -> Roster:
    """Who holds a seat, who waits (in order: queued_at, pk), and who left; each with their history."""
    events = EnrolmentEvent.objects.select_related("actor").order_by("at", "pk")
    rows = list(_roster_queryset(session).prefetch_related(Prefetch("events", queryset=events)))
    return Roster(
        seated=[e for e in rows if e.roster_group == 0],
        waitlist=[e for e in rows if e.roster_group == 1],
        former=[e for e in rows if e.roster_group == 2],
    )


def roster_row(enrolment_pk: int) -> RosterRow:
    """One roster row with its history, for an htmx refresh of that row."""
    events = EnrolmentEvent.objects.select_related("actor").order_by("at", "pk")
    return (
        Enrolment.objects.select_related("user", "session", "attendance_marked_by")
        .annotate(roster_group=_ROSTER_GROUP)
        .prefetch_related(Prefetch("events", queryset=events))
        .get(pk=enrolment_pk)
    )


def roster_export(session: Session) -> Iterator[Enrolment]:
    """Every enrolment of the session in roster order, fetched in chunks for a streamed export."""
    return _roster_queryset(session).iterator(chunk_size=500)
