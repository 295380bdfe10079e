"""Enrolment news goes through the ledger: one notice per history event, with the right calendar file."""

from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from courses.models import EnrolmentEvent
from courses.services import enrolment as svc
from courses.services import sessions as session_svc
from courses.tasks import send_enrolment_update
from notifications import services
from notifications.models import Delivery, Notification
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def deliver_events():
    for pk in EnrolmentEvent.objects.filter(emailed_at__isnull=True).values_list("pk", flat=True):
        send_enrolment_update(pk)


def ics(message):
    (name, content, mimetype), *_ = message.attachments
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    cal = Calendar.from_ical(content)
    return str(cal["method"]), int(next(iter(cal.walk("VEVENT")))["sequence"])


def by_recipient(person):
    return [m for m in mail.outbox if m.to == [person.email]]


def test_confirmed_waitlisted_and_promoted(trainer):
    session = SessionFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    seat = svc.enrol(person=first, session=session)
    svc.enrol(person=second, session=session)
    deliver_events()
    (confirmed,) = by_recipient(first)
    assert "You're enrolled" in confirmed.subject and ics(confirmed) == ("REQUEST", 0)
    (waitlisted,) = by_recipient(second)
    assert "waitlist" in waitlisted.subject and "number 1" in waitlisted.body and waitlisted.attachments == []
    svc.remove(enrolment=seat, actor=trainer, note="Double-booked")
    deliver_events()
    removed = by_recipient(first)[-1]
    assert "removed" in removed.subject and "Double-booked" in removed.body and ics(removed)[0] == "CANCEL"
    promoted = by_recipient(second)[-1]
    assert "A seat opened up" in promoted.subject and ics(promoted)[0] == "REQUEST"
    assert Notification.objects.filter(recipient=second).count() == 2  # in the app as well


def test_a_session_change_sends_an_updated_invite_and_a_cancellation_reaches_the_waitlist(trainer):
    session = SessionFactory(capacity=1)
    seated, waiting = UserFactory(), UserFactory()
    svc.enrol(person=seated, session=session)
    svc.enrol(person=waiting, session=session)
    deliver_events()
    mail.outbox.clear()
    starts = session.starts_at + timedelta(hours=3)
    details = session_svc.SessionDetails(
        title=session.title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="UTC",
        location="Room 9",
        online_url="",
        capacity=1,
        hashtag=session.hashtag,
        enrolment_closes_at=session.enrolment_closes_at,
    )
    session_svc.update_session(session=session, details=details, trainers=[trainer], actor=trainer)
    deliver_events()
    (changed,) = by_recipient(seated)
    assert "Changed" in changed.subject and "Room 9" in changed.body
    assert ics(changed) == ("REQUEST", 2)  # the session's change and the person's own, on top of 0
    (told,) = by_recipient(waiting)
    assert "Changed" in told.subject and told.attachments == []  # no invite to update on the waitlist
    mail.outbox.clear()
    session_svc.cancel_session(session=session, reason="Room flooded", actor=trainer)
    deliver_events()
    (cancelled,) = by_recipient(seated)
    assert "Cancelled" in cancelled.subject and "Room flooded" in cancelled.body and ics(cancelled)[0] == "CANCEL"
    (waitlist_cancelled,) = by_recipient(waiting)
    assert "Room flooded" in waitlist_cancelled.body and waitlist_cancelled.attachments == []


def test_each_event_is_one_ledger_row_however_often_it_is_sent(employee):
    enrolment = svc.enrol(person=employee, session=SessionFactory())
    event = enrolment.events.get()
    for _ in range(3):
        send_enrolment_update(event.pk)
    assert len(mail.outbox) == 1
    delivery = Delivery.objects.get()
    assert (delivery.key, delivery.kind, delivery.status) == (
        f"enrolment-event:{event.pk}",
        "enrolment_confirmed",
        "sent",
    )
    event.refresh_from_db()
    assert event.emailed_at is not None


def test_cancellation_notices_cannot_be_turned_off(employee):
    services.set_channel(person=employee, kind="enrolment_cancelled", channel="off")
    services.set_channel(person=employee, kind="enrolment_confirmed", channel="off")
    enrolment = svc.enrol(person=employee, session=SessionFactory())
    svc.cancel(enrolment=enrolment, actor=employee)
    deliver_events()
    (message,) = mail.outbox
    assert "cancelled" in message.subject
    assert "List-Unsubscribe" not in message.extra_headers  # nothing to unsubscribe from
    assert Delivery.objects.filter(kind="enrolment_confirmed", status="skipped").exists()
