"""E-mails about a person's place in a session, each carrying the calendar file it needs."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from courses import calendar, selectors
from courses.models import EnrolmentEvent

A = EnrolmentEvent.Action
# Which history events the person hears about, and whether the invite or its cancellation goes along.
EMAILED = {
    A.ENROLLED: "request",
    A.PROMOTED: "request",
    A.MOVED_IN: "request",
    A.SESSION_CHANGED: "request",
    A.WAITLISTED: None,
    A.CANCELLED: "cancel",
    A.REMOVED: "cancel",
    A.MOVED: "cancel",
    A.LEFT_WAITLIST: None,
    A.SESSION_CANCELLED: "cancel",
}


def send_enrolment_update(event_id: int) -> bool:
    """Mail the person about one history event, exactly once. Returns True if this call sent it."""
    # Claim first: a second run (or a second worker) finds nothing to claim.
    with transaction.atomic():
        claimed = EnrolmentEvent.objects.filter(pk=event_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
        if not claimed:
            return False
        event = EnrolmentEvent.objects.select_related("enrolment__user", "enrolment__session__course").get(pk=event_id)
        if event.action not in EMAILED:
            return False
        message = build_message(event)
        # Sending inside the transaction means a failed send releases the claim for a retry.
        message.send()
    return True


def build_message(event: EnrolmentEvent) -> EmailMultiAlternatives:
    enrolment = event.enrolment
    person = enrolment.user
    session = enrolment.session
    try:
        zone = zoneinfo.ZoneInfo(person.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    context = {
        "event": event,
        "action": event.action,
        "person": person,
        "session": session,
        "course": session.course,
        "position": selectors.waitlist_position(enrolment),
        "session_url": settings.SITE_URL + reverse("courses:session-detail", args=[session.pk]),
        "camp_url": settings.SITE_URL + reverse("courses:my-camp"),
        "org_name": settings.ORG_NAME,
    }
    with timezone.override(zone), translation.override(person.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("email/enrolment_update.subject.txt", context).split())
        text = render_to_string("email/enrolment_update.txt", context)
        html = render_to_string("email/enrolment_update.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[person.email])
    message.attach_alternative(html, "text/html")
    if EMAILED[event.action]:
        method = "CANCEL" if EMAILED[event.action] == "cancel" else "REQUEST"
        message.attach("invite.ics", calendar.invite(enrolment), f"text/calendar; charset=utf-8; method={method}")
    return message
