"""Enrolment: seats, the waitlist, moves and attendance.

Every path that changes who holds a seat runs inside one transaction that
holds the session's row lock (SELECT ... FOR UPDATE on PostgreSQL; on SQLite
the IMMEDIATE transaction mode serialises writers), and moves seats_taken with
a conditional UPDATE that a CHECK constraint backs. So capacity can never be
exceeded, and the waitlist is served in the order people joined it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses import emails, jobs
from courses.errors import CoursesError
from courses.models import Enrolment, EnrolmentEvent, Session
from courses.services.completion import check_completion
from practice import services as practice

Status = Enrolment.Status
Action = EnrolmentEvent.Action

# Trainers may take attendance from this long before a session starts.
ATTENDANCE_OPENS_BEFORE = timedelta(minutes=15)


class EnrolmentError(CoursesError):
    """A rule stopped the change; str(error) is a message for the person."""

    code = "enrolment_refused"
    message = _("That change is not possible.")


class EnrolmentClosed(EnrolmentError):
    code = "enrolment_closed"
    message = _("Enrolment for this session is closed.")


class AlreadyEnrolled(EnrolmentError):
    code = "already_enrolled"
    message = _("You already have a place (or a place in line) for this course. Cancel it or move it instead.")


class SessionFull(EnrolmentError):
    code = "session_full"
    message = _("That session is full.")


class NotAllowed(EnrolmentError):
    code = "enrolment_not_allowed"
    message = _("That change is not allowed now.")


def _record(enrolment: Enrolment, action: str, from_status: str, actor: User | None, note: str = "") -> None:
    event = EnrolmentEvent.objects.create(
        enrolment=enrolment, action=action, from_status=from_status, to_status=enrolment.status, actor=actor, note=note
    )
    _announce([event])


def _announce(events: list[EnrolmentEvent]) -> None:
    """E-mail the people concerned once the change is committed."""
    for event in events:
        if event.action in emails.EMAILED:
            jobs.send_enrolment_update(event.pk)


def _lock(session_id: int) -> Session:
    return Session.objects.select_for_update().select_related("course", "feed").get(pk=session_id)


def _take_seat(session: Session) -> bool:
    """Take one seat if one is free; the WHERE clause is the guard."""
    took = Session.objects.filter(pk=session.pk, seats_taken__lt=F("capacity")).update(seats_taken=F("seats_taken") + 1)
    if took:
        session.seats_taken += 1
    return bool(took)


def _free_seat(session: Session) -> None:
    Session.objects.filter(pk=session.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    session.seats_taken = max(session.seats_taken - 1, 0)


def _set_status(enrolment: Enrolment, status: str, *, now: datetime) -> str:
    previous = enrolment.status
    enrolment.status = status
    enrolment.status_changed_at = now
    enrolment.save(update_fields=["status", "status_changed_at", "sequence", "queued_at"])
    return previous


def promote_locked(session: Session, *, actor: User | None, now: datetime) -> list[Enrolment]:
    """Fill free seats from the waitlist, first come first served. The caller holds the session's lock
    (``select_for_update``) inside its transaction: a seat freed, a capacity raised."""
    if session.is_cancelled or now >= session.enrolment_closes_at or session.has_started(now):
        return []
    free = session.capacity - session.seats_taken
    if free <= 0:
        return []
    promoted = []
    waiting = Enrolment.objects.filter(session=session, status=Status.WAITLISTED).order_by("queued_at", "pk")
    for enrolment in list(waiting.select_related("user")[:free]):
        if not _take_seat(session):
            break
        enrolment.sequence += 1
        previous = _set_status(enrolment, Status.ENROLLED, now=now)
        _record(enrolment, Action.PROMOTED, previous, actor)
        practice.add_member(feed=session.feed, user=enrolment.user)
        promoted.append(enrolment)
    return promoted


def enrol(*, person: User, session: Session, actor: User | None = None) -> Enrolment:
    """Give the person a seat, or a place on the waitlist when the session is full."""
    try:
        with transaction.atomic():
            locked = _lock(session.pk)
            # Read the clock only once the lock is held: the waitlist order is the order of the lock.
            now = timezone.now()
            if not locked.course.is_published or not locked.enrolment_open(now):
                raise EnrolmentClosed
            if Enrolment.objects.filter(user=person, course_id=locked.course_id, status__in=Enrolment.ACTIVE).exists():
                raise AlreadyEnrolled
            seated = _take_seat(locked)
            enrolment = Enrolment.objects.create(
                session=locked,
                course_id=locked.course_id,
                user=person,
                status=Status.ENROLLED if seated else Status.WAITLISTED,
                queued_at=now,
                created_at=now,
                status_changed_at=now,
            )
            _record(enrolment, Action.ENROLLED if seated else Action.WAITLISTED, "", actor or person)
            if seated:
                practice.add_member(feed=locked.feed, user=person)
    except IntegrityError as exc:
        # Two requests of the same person for two sessions of one course raced;
        # the partial unique index let exactly one through.
        raise AlreadyEnrolled from exc
    return enrolment


def _withdraw(enrolment: Enrolment, *, to: str, action: str, actor: User | None, note: str = "") -> list[Enrolment]:
    """Take an enrolment out (cancel, remove) and hand its seat on. Returns who was promoted."""
    now = timezone.now()
    with transaction.atomic():
        session = _lock(enrolment.session_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in (Status.ENROLLED, Status.WAITLISTED):
            raise NotAllowed(_("This place is already %(status)s.") % {"status": enrolment.get_status_display()})
        held_seat = enrolment.status == Status.ENROLLED
        enrolment.sequence += 1
        previous = _set_status(enrolment, to, now=now)
        _record(enrolment, action, previous, actor, note)
        if held_seat:
            _free_seat(session)
            practice.remove_member(feed=session.feed, user=enrolment.user)
            return promote_locked(session, actor=actor, now=now)
    return []


def cancel(*, enrolment: Enrolment, actor: User) -> list[Enrolment]:
    """The person gives up their seat (until the cut-off) or leaves the waitlist (until the start)."""
    session = enrolment.session
    now = timezone.now()
    if enrolment.status == Status.ENROLLED and now >= session.enrolment_closes_at:
        raise NotAllowed(_("The cut-off for cancelling has passed. Ask your trainer to remove you."))
    if enrolment.status == Status.WAITLISTED and session.has_started(now):
        raise NotAllowed(_("This session has started."))
    action = Action.LEFT_WAITLIST if enrolment.status == Status.WAITLISTED else Action.CANCELLED
    return _withdraw(enrolment, to=Status.CANCELLED, action=action, actor=actor)


def remove(*, enrolment: Enrolment, actor: User, note: str = "") -> list[Enrolment]:
    """A trainer or admin takes someone off the roster or the waitlist."""
    return _withdraw(enrolment, to=Status.REMOVED, action=Action.REMOVED, actor=actor, note=note)


def move(*, enrolment: Enrolment, to_session: Session, actor: User) -> Enrolment:
    """Move a person to another session of the same course in one step.

    The new seat is taken before the old one is let go, inside one transaction,
    so the person is never left with neither. A full target raises SessionFull
    and changes nothing.
    """
    if to_session.pk == enrolment.session_id:
        raise NotAllowed(_("You are already in that session."))
    if to_session.course_id != enrolment.course_id:
        raise NotAllowed(_("You can only move to a session of the same course."))
    now = timezone.now()
    with transaction.atomic():
        # Lock both sessions in id order so two opposite moves cannot deadlock.
        locked = {s.pk: s for s in (_lock(pk) for pk in sorted({enrolment.session_id, to_session.pk}))}
        source, target = locked[enrolment.session_id], locked[to_session.pk]
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in (Status.ENROLLED, Status.WAITLISTED):
            raise NotAllowed(_("Only a current place can be moved."))
        if not target.enrolment_open(now):
            raise EnrolmentClosed(_("Enrolment for that session is closed."))
        if not _take_seat(target):
            raise SessionFull(_("That session is full; your current place is kept."))
        held_seat = enrolment.status == Status.ENROLLED
        enrolment.sequence += 1
        previous = _set_status(enrolment, Status.MOVED, now=now)
        new = Enrolment.objects.create(
            session=target,
            course_id=target.course_id,
            user_id=enrolment.user_id,
            status=Status.ENROLLED,
            queued_at=now,
            created_at=now,
            status_changed_at=now,
        )
        enrolment.moved_to = new
        enrolment.save(update_fields=["moved_to"])
        _record(enrolment, Action.MOVED, previous, actor, note=f"to session {target.pk}")
        _record(new, Action.MOVED_IN, "", actor, note=f"from session {source.pk}")
        practice.add_member(feed=target.feed, user=new.user)
        if held_seat:
            _free_seat(source)
            practice.remove_member(feed=source.feed, user=new.user)
            promote_locked(source, actor=actor, now=now)
    return new


def attendance_open(session: Session, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return not session.is_cancelled and now >= session.starts_at - ATTENDANCE_OPENS_BEFORE


def mark_attendance(*, enrolment: Enrolment, attended: bool, actor: User) -> Enrolment:
    """Mark a seat-holder attended or no-show; trainers may correct a mark later."""
    session = enrolment.session
    if not attendance_open(session):
        raise NotAllowed(_("Attendance opens 15 minutes before the session starts."))
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in Enrolment.HOLDS_SEAT:
            raise NotAllowed(_("Only people with a seat can be marked."))
        target = Status.ATTENDED if attended else Status.NO_SHOW
        if enrolment.status == target:
            return enrolment
        enrolment.attendance_marked_by = actor
        enrolment.save(update_fields=["attendance_marked_by"])
        previous = _set_status(enrolment, target, now=timezone.now())
        _record(enrolment, Action.ATTENDED if attended else Action.NO_SHOW, previous, actor)
    if attended:
        check_completion(person=enrolment.user, course=enrolment.course)
    return enrolment


def notify_session_change(*, session: Session, actor: User | None, action: str, note: str = "") -> int:
    """Record a change on every active enrolment and bump their calendar SEQUENCE."""
    active = list(Enrolment.objects.filter(session=session, status__in=(Status.ENROLLED, Status.WAITLISTED)))
    for enrolment in active:
        enrolment.sequence += 1
    Enrolment.objects.bulk_update(active, ["sequence"])
    events = EnrolmentEvent.objects.bulk_create(
        EnrolmentEvent(enrolment=e, action=action, from_status=e.status, to_status=e.status, actor=actor, note=note)
        for e in active
    )
    _announce(events)
    return len(active)


def withdraw_all(*, session: Session, actor: User, reason: str) -> Iterable[Enrolment]:
    """When a session is cancelled: every current place ends, and the history says why."""
    now = timezone.now()
    current = (Status.ENROLLED, Status.WAITLISTED)
    active = list(Enrolment.objects.select_for_update().filter(session=session, status__in=current))
    for enrolment in active:
        previous = enrolment.status
        enrolment.sequence += 1
        _set_status(enrolment, Status.CANCELLED, now=now)
        _record(enrolment, Action.SESSION_CANCELLED, previous, actor, note=reason)
    Session.objects.filter(pk=session.pk).update(seats_taken=0)
    return active
