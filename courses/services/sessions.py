"""Scheduling sessions: create, change, cancel. Each keeps the cohort feed in step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.errors import CoursesError
from courses.models import Course, EnrolmentEvent, Session
from courses.services import enrolment as enrolment_services
from practice import services as practice
from practice.models import FeedMembership


class SessionError(CoursesError):
    """A scheduling rule stopped the change; field names the form field."""

    code = "session_invalid"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SessionDetails:
    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    location: str
    online_url: str
    capacity: int
    hashtag: str
    enrolment_closes_at: datetime


# Changing one of these means people's calendars must be updated.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "location", "online_url")


def normalise_hashtag(tag: str) -> str:
    return "#" + tag.strip().lstrip("#")


def _check(details: SessionDetails, *, exclude_pk: int | None = None) -> None:
    if details.ends_at <= details.starts_at:
        raise SessionError(str(_("A session must end after it starts.")), "ends_at")
    if details.enrolment_closes_at > details.starts_at:
        raise SessionError(str(_("Enrolment must close before the session starts.")), "enrolment_closes_at")
    tag = normalise_hashtag(details.hashtag)
    others = Session.objects.all() if exclude_pk is None else Session.objects.exclude(pk=exclude_pk)
    if others.filter(hashtag__iexact=tag).exists():
        raise SessionError(str(_("Another session uses %(tag)s.") % {"tag": tag}), "hashtag")


def _save(session: Session, *, create: bool = False) -> None:
    """Save under a savepoint: a hashtag taken by a concurrent writer is a SessionError, not a server error."""
    try:
        with transaction.atomic():
            session.save(force_insert=create)
    except IntegrityError as exc:
        if Session.objects.exclude(pk=session.pk).filter(hashtag__iexact=session.hashtag).exists():
            raise SessionError(str(_("Another session uses %(tag)s.") % {"tag": session.hashtag}), "hashtag") from exc
        raise


def _sync_trainers(session: Session, trainers: Iterable[User]) -> None:
    trainers = list(trainers)
    session.trainers.set(trainers)
    for trainer in trainers:
        practice.add_member(feed=session.feed, user=trainer, role=FeedMembership.Role.TRAINER)
    FeedMembership.objects.filter(feed=session.feed, role=FeedMembership.Role.TRAINER).exclude(
        user__in=trainers
    ).delete()


@transaction.atomic
def create_session(*, course: Course, details: SessionDetails, trainers: Iterable[User], actor: User) -> Session:
    """Schedule a session; it gets its own cohort feed and its trainers join it."""
    _check(details)
    feed = practice.create_cohort_feed(name=f"{course.title}: {details.title}", starts_at=details.starts_at)
    session = Session(
        course=course,
        feed=feed,
        title=details.title,
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        time_zone=details.time_zone,
        location=details.location,
        online_url=details.online_url,
        capacity=details.capacity,
        hashtag=normalise_hashtag(details.hashtag),
        enrolment_closes_at=details.enrolment_closes_at,
    )
    _save(session, create=True)
    _sync_trainers(session, trainers)
    return session


def update_session(*, session: Session, details: SessionDetails, trainers: Iterable[User], actor: User) -> Session:
    """Change a session. Calendar changes reach every invite; extra seats go to the waitlist."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.is_cancelled:
            raise SessionError(str(_("A cancelled session cannot be changed.")))
        _check(details, exclude_pk=locked.pk)
        if details.capacity < locked.seats_taken:
            raise SessionError(
                str(
                    _("%(n)s people hold seats, so there must be at least %(n)s seats. Remove people first.")
                    % {"n": locked.seats_taken}
                ),
                "capacity",
            )
        details_dict = {**details.__dict__, "hashtag": normalise_hashtag(details.hashtag)}
        calendar_changed = any(getattr(locked, f) != details_dict[f] for f in CALENDAR_FIELDS)
        for name, value in details_dict.items():
            setattr(locked, name, value)
        if calendar_changed:
            locked.sequence += 1
        _save(locked)
        practice.update_cohort_feed(
            feed=locked.feed, name=f"{locked.course.title}: {locked.title}", starts_at=locked.starts_at
        )
        _sync_trainers(locked, trainers)
        if calendar_changed:
            enrolment_services.notify_session_change(
                session=locked, actor=actor, action=EnrolmentEvent.Action.SESSION_CHANGED
            )
        enrolment_services.promote_locked(locked, actor=actor, now=timezone.now())
    return locked


def cancel_session(*, session: Session, reason: str, actor: User) -> Session:
    """Cancel a session, keeping every record; the enrolled and the waitlisted are told."""
    reason = reason.strip()
    if not reason:
        raise SessionError(str(_("Say why the session is cancelled; people will read it.")), "reason")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.is_cancelled:
            raise SessionError(str(_("This session is already cancelled.")))
        locked.status = Session.Status.CANCELLED
        locked.cancel_reason = reason
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = actor
        locked.sequence += 1
        locked.save()
        enrolment_services.withdraw_all(session=locked, actor=actor, reason=reason)
    return locked
