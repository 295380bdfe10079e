"""Calendar files (RFC 5545) with icalendar: invites, cancellations and a person's feed.

One stable UID per enrolment; SEQUENCE rises with every change (the
enrolment's own changes plus the session's), so calendar clients update the
event in place. Times carry the session's TZID with its VTIMEZONE.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail.message import sanitize_address
from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from core.zones import zone_named
from courses.models import Enrolment, Session

PRODID = "-//Tweet Camp//Sessions//EN"
CANCELLED_STATUSES = {
    Enrolment.Status.CANCELLED,
    Enrolment.Status.REMOVED,
    Enrolment.Status.MOVED,
}


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "tweetcamp.local"


def uid_for(enrolment: Enrolment) -> str:
    return f"{enrolment.uid}@{_host()}"


def sequence_for(enrolment: Enrolment) -> int:
    return enrolment.sequence + enrolment.session.sequence


def _organizer() -> vCalAddress:
    address = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
    email = address.rsplit("<", 1)[-1].rstrip(">")
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["CN"] = vText(settings.ORG_NAME + " Tweet Camp")
    return organizer


def _event(enrolment: Enrolment, *, cancelled: bool) -> Event:
    session = enrolment.session
    zone = zone_named(session.time_zone)
    event = Event()
    event.add("uid", uid_for(enrolment))
    event.add("sequence", sequence_for(enrolment))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", f"Tweet Camp: {session.course.title} — {session.title}")
    where = ", ".join(p for p in (session.location, session.online_url) if p)
    if where:
        event.add("location", where)
    url = settings.SITE_URL + reverse("courses:session-detail", args=[session.pk])
    event.add("url", url)
    description = f"{session.course.summary}\n\nHashtag: {session.hashtag}\nDetails: {url}"
    if session.online_url:
        description += f"\nJoin online: {session.online_url}"
    event.add("description", description)
    event.add("organizer", _organizer())
    attendee = vCalAddress(f"mailto:{enrolment.user.email}")
    attendee.params["CN"] = vText(enrolment.user.display_name)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("ACCEPTED")
    event.add("attendee", attendee)
    if cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED" if enrolment.status != Enrolment.Status.WAITLISTED else "TENTATIVE")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Tweet Camp starts in one hour: {session.title}")
        alarm.add("trigger", timedelta(hours=-1))
        event.add_component(alarm)
    return event


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def is_cancelled(enrolment: Enrolment) -> bool:
    return enrolment.status in CANCELLED_STATUSES or enrolment.session.status == Session.Status.CANCELLED


def invite(enrolment: Enrolment) -> bytes:
    """The person's invite: METHOD:REQUEST, or METHOD:CANCEL with the same UID once it ends."""
    cancelled = is_cancelled(enrolment)
    cal = _calendar("CANCEL" if cancelled else "REQUEST")
    cal.add_component(_event(enrolment, cancelled=cancelled))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def feed(enrolments: Iterable[Enrolment], *, name: str) -> bytes:
    """A subscription feed (no METHOD): each current session, and cancelled ones marked so."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    for enrolment in enrolments:
        cal.add_component(_event(enrolment, cancelled=is_cancelled(enrolment)))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data
