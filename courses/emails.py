"""E-mails about a person's place in a session, each carrying the calendar file it needs.

They go through ``notifications.services.notify``: one ledger row per history
event (key ``enrolment-event:<id>``), so each event is mailed once however often
the task or the sweep runs.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from courses import calendar, notices, selectors
from courses.models import Enrolment, EnrolmentEvent
from notifications.models import Delivery
from notifications.services import Notice, notify

A = EnrolmentEvent.Action
REQUEST, CANCEL = "request", "cancel"
# Which history events the person hears about: the kind of notice, and which calendar file goes along.
EMAILED: dict[str, tuple[str, str | None]] = {
    A.ENROLLED: (notices.ENROLMENT_CONFIRMED, REQUEST),
    A.MOVED_IN: (notices.ENROLMENT_CONFIRMED, REQUEST),
    A.PROMOTED: (notices.ENROLMENT_PROMOTED, REQUEST),
    A.SESSION_CHANGED: (notices.SESSION_CHANGED, REQUEST),
    A.WAITLISTED: (notices.ENROLMENT_WAITLISTED, None),
    A.CANCELLED: (notices.ENROLMENT_CANCELLED, CANCEL),
    A.REMOVED: (notices.ENROLMENT_CANCELLED, CANCEL),
    A.MOVED: (notices.ENROLMENT_CANCELLED, CANCEL),
    A.LEFT_WAITLIST: (notices.ENROLMENT_CANCELLED, None),
    A.SESSION_CANCELLED: (notices.SESSION_CANCELLED, CANCEL),
}
WAITLISTED = Enrolment.Status.WAITLISTED


def event_key(event_id: int) -> str:
    return f"enrolment-event:{event_id}"


def _calendar_file(event: EnrolmentEvent, what: str | None) -> list[tuple[str, bytes, str]]:
    # Someone on the waitlist never had an invite: no invite for them, and nothing to cancel.
    if what is None or (what == REQUEST and event.to_status == WAITLISTED):
        return []
    if what == CANCEL and event.from_status == WAITLISTED:
        return []
    enrolment = event.enrolment
    method = "CANCEL" if calendar.is_cancelled(enrolment) else "REQUEST"
    return [("invite.ics", calendar.invite(enrolment), f"text/calendar; charset=utf-8; method={method}")]


def send_enrolment_update(event_id: int) -> Delivery | None:
    """Notify the person about one history event, exactly once. Returns the delivery if this call claimed it."""
    event = (
        EnrolmentEvent.objects.select_related("enrolment__user", "enrolment__session__course")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return None
    delivery = None
    if event.action in EMAILED:
        kind, what = EMAILED[event.action]
        enrolment = event.enrolment
        session = enrolment.session
        attachments = _calendar_file(event, what)
        session_path = reverse("courses:session-detail", args=[session.pk])
        context = {
            "event": event,
            "action": event.action,
            # What happened, as flags for the templates.
            "moved_in": event.action == A.MOVED_IN,
            "moved_out": event.action == A.MOVED,
            "left_waitlist": event.action == A.LEFT_WAITLIST,
            "removed": event.action == A.REMOVED,
            "note": event.note,
            "enrolment": enrolment,
            "session": session,
            "course": session.course,
            "position": selectors.waitlist_position(enrolment),
            "attached": bool(attachments),
            "session_url": settings.SITE_URL + session_path,
            "camp_url": settings.SITE_URL + reverse("courses:my-camp"),
        }
        notice = Notice(
            person=enrolment.user,
            kind=kind,
            key=event_key(event.pk),
            context=context,
            attachments=attachments,
            link=session_path,
        )
        claimed = notify([notice])
        delivery = claimed[0] if claimed else None
    # Handed to the ledger: the sweep stops looking. The ledger retries a failed send itself.
    EnrolmentEvent.objects.filter(pk=event.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return delivery
