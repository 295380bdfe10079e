"""Reminders, found in the database by a beat job and claimed in the notifications ledger.

Nothing here is scheduled ahead as a countdown or ETA task: every minute beat runs
``dispatch_due_reminders``, which asks the database what is due *now* and hands
ids in small batches to ``send_reminders``. Each reminder is one ledger row keyed
by (person, "session:<id>", kind, offset@start), so it goes once however many
times beat runs, however many workers race, and however late the broker comes back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, Max, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core.zones import zone_named
from courses import notices
from courses.models import Completion, Course, Enrolment, ReminderRule, Session
from courses.models.reminders import DEFAULTS
from courses.selectors import assignments as assignment_selectors
from notifications.models import Delivery
from notifications.services import Notice, notify

log = logging.getLogger(__name__)

BATCH = 500
Kind = ReminderRule.Kind


@dataclass(frozen=True)
class Rule:
    offset: timedelta
    copy_to_manager: bool = False
    manager_after_business_days: int = 3


@dataclass(frozen=True)
class Due:
    """The reminder of one session that is due now: the latest rule whose time has come."""

    session_id: int
    offset: timedelta
    due_at: datetime
    slot: str


def rules_for(course: Course, kind: str) -> list[Rule]:
    """The course's rules of a kind (from a prefetch when there is one), else the defaults."""
    rules = [r for r in course.reminder_rules.all() if r.kind == kind]
    if rules:
        return [Rule(r.offset, r.copy_to_manager, r.manager_after_business_days) for r in rules]
    business_days = getattr(settings, "NOTIFICATIONS_OVERDUE_MANAGER_AFTER_BUSINESS_DAYS", 3)
    return [Rule(offset, copy, business_days) for offset, copy in DEFAULTS[kind]]


def shift(instant: datetime, offset: timedelta, zone_name: str, *, sign: int = -1) -> datetime:
    """``instant`` moved by ``offset`` (back by default): whole days on the local calendar, the rest exactly."""
    days = timedelta(days=offset.days)
    local = instant.astimezone(zone_named(zone_name))
    # Arithmetic on an aware datetime keeps its wall-clock time; the zone then gives the new UTC offset.
    moved = (local + sign * days).astimezone(UTC).astimezone(zone_named(zone_name))
    return (moved + sign * (offset - days)).astimezone(UTC)


def reminder_at(session: Session, offset: timedelta) -> datetime:
    return shift(session.starts_at, offset, session.time_zone)


def slot_for(session: Session, offset: timedelta) -> str:
    # The start is part of the slot: a session moved to another day gets its reminders again.
    return f"{int(offset.total_seconds())}s@{session.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def session_key(session_id: int) -> str:
    return f"session:{session_id}"


def current_reminder(session: Session, rules: Iterable[Rule], now: datetime) -> Due | None:
    """The reminder to send now, if any: of the rules whose time has passed before the start, the
    closest to the start. An older one still unsent (the broker was down for a day) is superseded."""
    if session.status != Session.Status.SCHEDULED or now >= session.starts_at:
        return None
    best: Due | None = None
    for rule in rules:
        due_at = reminder_at(session, rule.offset)
        if due_at <= now and (best is None or due_at > best.due_at):
            best = Due(session.pk, rule.offset, due_at, slot_for(session, rule.offset))
    return best


def _unsent(session: Session, due: Due) -> QuerySet[Enrolment]:
    claimed = Delivery.objects.filter(
        recipient=OuterRef("user_id"), kind=notices.SESSION_REMINDER, key=session_key(session.pk), slot=due.slot
    )
    # Only people who held their seat when the reminder fell due; newer ones just got their confirmation.
    return (
        Enrolment.objects.filter(session=session, status=Enrolment.Status.ENROLLED, status_changed_at__lte=due.due_at)
        .exclude(Exists(claimed))
        .order_by("pk")
    )


def due_reminders(*, now: datetime | None = None) -> list[tuple[Session, Due]]:
    """Scheduled sessions with a reminder due now (one query for sessions and their rules)."""
    now = now or timezone.now()
    longest = max(
        [offset for offset, _ in DEFAULTS[Kind.SESSION]]
        + [ReminderRule.objects.filter(kind=Kind.SESSION).aggregate(m=Max("offset"))["m"] or timedelta(0)]
    )
    sessions = (
        Session.objects.filter(
            status=Session.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + longest + timedelta(days=1)
        )
        .select_related("course")
        .prefetch_related(Prefetch("course__reminder_rules", queryset=ReminderRule.objects.filter(kind=Kind.SESSION)))
        .order_by("starts_at", "pk")
    )
    found = []
    for session in sessions:
        due = current_reminder(session, rules_for(session.course, Kind.SESSION), now)
        if due is not None:
            found.append((session, due))
    return found


def redispatch_after() -> int:
    return getattr(settings, "REMINDER_REDISPATCH_AFTER", 600)


def dispatch_due_reminders(
    *, enqueue: Callable[[int, int, list[int]], bool], now: datetime | None = None, batch: int = BATCH
) -> int:
    """Beat service: hand every unsent due reminder to ``enqueue(session_id, offset_seconds, ids)`` in batches.

    A wave handed out is not handed out again for ``REMINDER_REDISPATCH_AFTER``
    seconds (a cache mark; 0 turns it off), so a big wave still being sent is
    not queued a second time each minute. What a lost message never sent is
    found again after that. Correctness does not rest on this: the ledger does.
    """
    now = now or timezone.now()
    handed_out = 0
    for session, due in due_reminders(now=now):
        mark = f"reminders:dispatched:{session.pk}:{due.slot}"
        if redispatch_after() and cache.get(mark):
            continue
        ids = list(_unsent(session, due).values_list("pk", flat=True))
        if not ids:
            continue
        if redispatch_after() and not cache.add(mark, 1, redispatch_after()):
            continue
        ok = True
        for start in range(0, len(ids), batch):
            ok = enqueue(session.pk, int(due.offset.total_seconds()), ids[start : start + batch]) and ok
        if not ok:
            cache.delete(mark)  # the broker refused some: let the next tick try again
        handed_out += len(ids)
    return handed_out


def send_reminders(
    *, session_id: int, offset_seconds: int, enrolment_ids: list[int], now: datetime | None = None
) -> int:
    """Send one batch of a reminder wave. Safe to run twice or in parallel: returns how many this call claimed."""
    now = now or timezone.now()
    session = (
        Session.objects.select_related("course")
        .prefetch_related(Prefetch("course__reminder_rules", queryset=ReminderRule.objects.filter(kind=Kind.SESSION)))
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        return 0
    due = current_reminder(session, rules_for(session.course, Kind.SESSION), now)
    if due is None or int(due.offset.total_seconds()) != offset_seconds:
        return 0  # cancelled, started, moved, or a closer reminder has taken over
    # Only what the notice needs of each person (a whole user row is several times bigger).
    people = list(
        _unsent(session, due)
        .filter(pk__in=enrolment_ids)
        .select_related("user")
        .only("user__email", "user__display_name", "user__time_zone", "user__language", "user__is_active")
    )
    session_url = reverse("courses:session-detail", args=[session.pk])
    context = {
        "session": session,
        "course": session.course,
        "reminder_from": session.starts_at - due.offset,
        "late": now - due.due_at > timedelta(seconds=getattr(settings, "NOTIFICATIONS_LATE_AFTER", 600)),
        "session_url": settings.SITE_URL + session_url,
        "camp_url": settings.SITE_URL + reverse("courses:my-camp"),
    }
    # One batched claim, render and send for the whole batch: they share one context, so one render each
    # language and time zone.
    key = session_key(session.pk)
    wave = [
        Notice(
            person=enrolment.user,
            kind=notices.SESSION_REMINDER,
            key=key,
            slot=due.slot,
            context=context,
            link=session_url,
            due_at=due.due_at,
            expires_at=session.starts_at,
        )
        for enrolment in people
    ]
    claimed = notify(wave, now=now)
    return len(claimed)


# --- course due dates (the assignments' beat sweep, courses.tasks.send_course_due_wave, calls this) --


def business_days_between(start: datetime, end: datetime, zone_name: str) -> int:
    """Weekdays after ``start``'s local date up to and including ``end``'s (no holiday calendar yet)."""
    zone = zone_named(zone_name)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        count += day.weekday() < 5
    return count


def managers_of(person: User) -> list[User]:
    """The managers of the person's department, or of the nearest department above it that has any."""
    department = person.department
    while department is not None:
        managers = list(
            User.objects.active().with_role(Role.MANAGER).filter(department=department).exclude(pk=person.pk)
        )
        if managers:
            return managers
        department = department.parent
    return []


def _latest_passed(rules: list[Rule], moments: list[datetime], now: datetime) -> tuple[Rule, datetime] | None:
    passed = [(rule, at) for rule, at in zip(rules, moments, strict=True) if at <= now]
    return max(passed, key=lambda pair: pair[1]) if passed else None


def notify_course_due(*, person: User, course: Course, due_at: datetime, now: datetime | None = None) -> list[Delivery]:
    """Due-soon and overdue notices for one person's course due date, with the manager's copy.

    The assignments' beat sweep calls this for every open assignment each time it runs;
    each notice is claimed in the ledger, so calling it every minute sends each once.
    Nothing for a completed course, unless a recertifying assignment has reopened it.
    """
    now = now or timezone.now()
    completed = Completion.objects.filter(user=person, course=course).exists()
    if completed and assignment_selectors.reopened_at(person=person, course=course, now=now) is None:
        return []
    key = f"course:{course.pk}:due:{due_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    url = reverse("courses:course-detail", args=[course.slug])
    context = {"course": course, "due_at": due_at, "url": settings.SITE_URL + url}
    sent: list[Delivery] = []
    if now < due_at:
        rules = rules_for(course, Kind.DUE_SOON)
        found = _latest_passed(rules, [shift(due_at, r.offset, person.time_zone) for r in rules], now)
        if found:
            rule, at = found
            slot = f"{int(rule.offset.total_seconds())}s"
            soon = Notice(
                person=person,
                kind=notices.COURSE_DUE_SOON,
                key=key,
                slot=slot,
                context=context,
                link=url,
                due_at=at,
                expires_at=due_at,
            )
            sent += notify([soon], now=now)
        return sent
    rules = rules_for(course, Kind.OVERDUE)
    found = _latest_passed(rules, [shift(due_at, r.offset, person.time_zone, sign=1) for r in rules], now)
    if found is None:
        return []
    rule, at = found
    slot = f"{int(rule.offset.total_seconds())}s"
    overdue = Notice(
        person=person, kind=notices.COURSE_OVERDUE, key=key, slot=slot, context=context, link=url, due_at=at
    )
    sent += notify([overdue], now=now)
    days = business_days_between(due_at, now, person.time_zone)
    if rule.copy_to_manager and days >= rule.manager_after_business_days:
        for manager in managers_of(person):
            copy = Notice(
                person=manager,
                kind=notices.COURSE_OVERDUE_MANAGER,
                key=f"{key}:person:{person.pk}",
                slot=slot,
                context={**context, "learner": person, "business_days": days},
            )
            sent += notify([copy], now=now)
    return sent
