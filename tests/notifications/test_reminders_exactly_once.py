"""Each reminder goes once: beat twice, racing workers, failed sends, dead workers, a broker outage."""

from datetime import UTC, datetime, timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError

from courses import reminders, tasks
from courses.models import ReminderRule
from courses.services import enrolment as svc
from courses.services import sessions as session_svc
from notifications import services
from notifications.models import Delivery
from notifications.services import ledger
from tests.factories import SessionFactory, UserFactory
from tests.notifications.conftest import run_inline
from tweetcamp.celery import app

pytestmark = pytest.mark.django_db

STARTS = datetime(2031, 5, 20, 15, 0, tzinfo=UTC)
DAY_BEFORE = STARTS - timedelta(days=1)  # UTC session: no daylight saving in the way
HOUR_BEFORE = STARTS - timedelta(hours=1)


@pytest.fixture
def session(time_machine):
    time_machine.move_to(STARTS - timedelta(days=10), tick=False)
    return SessionFactory(starts_at=STARTS, ends_at=STARTS + timedelta(hours=2), capacity=3)


@pytest.fixture
def people(session):
    enrolled = [UserFactory() for _ in range(3)]
    for person in enrolled:
        svc.enrol(person=person, session=session)
    mail.outbox.clear()
    return enrolled


def reminders_sent():
    return sorted(m.to[0] for m in mail.outbox)


def test_running_the_beat_job_twice_sends_each_reminder_once(settings, time_machine, session, people, beat):
    settings.REMINDER_REDISPATCH_AFTER = 0  # no wave mark: only the ledger stands in the way
    time_machine.move_to(DAY_BEFORE, tick=False)
    assert beat() == 3
    assert beat() == 0
    tasks.send_reminder_batch(session.pk, 86400, [e.pk for e in session.enrolments.all()])  # a stray duplicate batch
    assert reminders_sent() == sorted(p.email for p in people)
    assert Delivery.objects.filter(kind="session_reminder", status="sent").count() == 3


def test_two_workers_with_the_same_batch_send_each_reminder_once(settings, time_machine, session, people):
    settings.REMINDER_REDISPATCH_AFTER = 0
    time_machine.move_to(DAY_BEFORE, tick=False)
    batches = []
    reminders.dispatch_due_reminders(enqueue=lambda *args: batches.append(args) or True)
    reminders.dispatch_due_reminders(enqueue=lambda *args: batches.append(args) or True)
    assert len(batches) == 2  # the same wave handed out twice
    for args in batches:
        run_inline(*args)
    assert len(mail.outbox) == 3


def test_a_claim_that_loses_the_race_sends_nothing(monkeypatch, employee):
    notice = {"person": employee, "kind": "drill_graded", "key": "submission:1", "context": {"drill_title": "Reply"}}
    first = services.notify([services.Notice(**notice)])
    assert first != []
    # The second worker looked before the first one inserted: only the unique constraint is left to stop it.
    monkeypatch.setattr(ledger, "claimed_keys", lambda notices: set())
    second = services.notify([services.Notice(**notice)])
    assert second == []
    assert len(mail.outbox) == 1
    with pytest.raises(IntegrityError):
        Delivery.objects.create(recipient=employee, kind="drill_graded", key="submission:1")


def test_a_failed_send_is_marked_failed_and_retried_once_later(monkeypatch, time_machine, session, people, beat):
    time_machine.move_to(STARTS - timedelta(hours=5), tick=False)
    ReminderRule.objects.create(course=session.course, offset=timedelta(hours=5))  # the course's own rule
    real_send = EmailMultiAlternatives.send
    calls = []

    def flaky(message, *args, **kwargs):
        calls.append(message.to[0])
        if len(calls) == 1:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    beat()
    failed = Delivery.objects.get(status="failed")
    assert "SMTPServerDisconnected" in failed.error and failed.attempts == 1
    assert failed.next_attempt_at == STARTS - timedelta(hours=5) + services.RETRY_DELAY
    assert failed.body_text  # kept, so the retry sends the same message
    assert len(mail.outbox) == 2

    beat()  # beat again: the ledger row is claimed (failed), so no second reminder from the wave
    time_machine.shift(timedelta(minutes=1))
    assert services.due_delivery_ids() == []  # not yet
    time_machine.shift(services.RETRY_DELAY)
    assert services.due_delivery_ids() == [failed.pk]
    assert services.deliver(failed.pk) is True
    assert services.deliver(failed.pk) is False
    assert services.due_delivery_ids() == []
    assert sorted(calls) == sorted([*(p.email for p in people), failed.recipient.email])
    assert len(mail.outbox) == 3
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.body_text) == ("sent", 2, "")


def test_a_worker_that_dies_mid_send_is_rescued_once(monkeypatch, time_machine, session, people, beat):
    time_machine.move_to(DAY_BEFORE, tick=False)
    # The worker dies after claiming (single notices and the wave both send through ``send_claimed``).
    monkeypatch.setattr(ledger, "send_claimed", lambda deliveries, **kwargs: 0)
    beat()
    monkeypatch.undo()
    assert Delivery.objects.filter(status="claimed").count() == 3 and mail.outbox == []
    beat()  # the task is redelivered (acks_late) or beat runs again: the claims hold
    assert mail.outbox == []
    time_machine.shift(timedelta(minutes=5))
    assert services.due_delivery_ids() == []  # the dead worker's lease has not run out yet
    time_machine.shift(services.claim_lease())
    ids = services.due_delivery_ids()
    assert len(ids) == 3
    for pk in ids + ids:
        services.deliver(pk)
    assert reminders_sent() == sorted(p.email for p in people)


def test_nothing_for_cancelled_sessions_withdrawn_or_waitlisted_people(time_machine, session, people, beat, trainer):
    other = SessionFactory(starts_at=STARTS, ends_at=STARTS + timedelta(hours=2), capacity=1)
    stays, leaves = UserFactory(), UserFactory()
    svc.enrol(person=stays, session=other)
    waiting = svc.enrol(person=UserFactory(), session=other)
    assert waiting.status == "waitlisted"
    svc.cancel(enrolment=svc.enrol(person=leaves, session=SessionFactory(course=other.course)), actor=leaves)
    session_svc.cancel_session(session=session, reason="Trainer ill", actor=trainer)
    mail.outbox.clear()
    time_machine.move_to(DAY_BEFORE, tick=False)
    beat()
    assert reminders_sent() == [stays.email]


def test_a_broker_outage_sends_each_late_reminder_once_marked_late(time_machine, session, people, beat):
    time_machine.move_to(DAY_BEFORE, tick=False)
    broker_down = []
    for _ in range(3):  # an hour of ticks that never reach a worker
        reminders.dispatch_due_reminders(enqueue=lambda *args: broker_down.append(args) and False)
        time_machine.shift(timedelta(minutes=20))
    assert broker_down and mail.outbox == []
    beat()
    beat()
    assert reminders_sent() == sorted(p.email for p in people)
    assert all(d.late for d in Delivery.objects.filter(kind="session_reminder"))
    assert "This reminder is late" in mail.outbox[0].body


def test_a_reminder_overtaken_by_a_closer_one_is_not_sent(time_machine, session, people, beat):
    time_machine.move_to(HOUR_BEFORE + timedelta(minutes=5), tick=False)  # down since the day before
    beat()
    assert len(mail.outbox) == 3
    assert set(Delivery.objects.values_list("slot", flat=True)) == {f"3600s@{STARTS:%Y%m%dT%H%M%SZ}"}


def test_the_reminder_batch_for_an_overtaken_reminder_does_nothing(time_machine, session, people):
    time_machine.move_to(HOUR_BEFORE, tick=False)
    ids = [e.pk for e in session.enrolments.all()]
    assert tasks.send_reminder_batch(session.pk, 86400, ids) == 0  # a day-before batch stuck in a queue
    assert tasks.send_reminder_batch(session.pk, 3600, ids) == 3


def test_people_who_enrolled_after_the_reminder_fell_due_are_not_reminded(time_machine, session, people, beat):
    time_machine.move_to(DAY_BEFORE - timedelta(days=2), tick=False)
    late_comer = UserFactory()
    session.capacity = 4
    session.save()
    time_machine.move_to(DAY_BEFORE + timedelta(minutes=2), tick=False)
    session.enrolment_closes_at = STARTS - timedelta(hours=2)
    session.save()
    svc.enrol(person=late_comer, session=session)
    mail.outbox.clear()
    beat()
    assert late_comer.email not in reminders_sent() and len(mail.outbox) == 3
    time_machine.move_to(HOUR_BEFORE, tick=False)
    beat()
    assert late_comer.email in reminders_sent()


def test_a_wave_is_split_into_batches_and_not_handed_out_again_while_it_runs(time_machine, session, people):
    time_machine.move_to(DAY_BEFORE, tick=False)
    handed = []
    assert reminders.dispatch_due_reminders(enqueue=lambda *a: handed.append(a) or True, batch=2) == 3
    assert [len(ids) for _, _, ids in handed] == [2, 1]
    assert reminders.dispatch_due_reminders(enqueue=lambda *a: handed.append(a) or True, batch=2) == 0
    cache.delete(f"reminders:dispatched:{session.pk}:86400s@{STARTS:%Y%m%dT%H%M%SZ}")  # the mark runs out
    # The batches were lost (nobody sent them): the wave is found again and handed out once more.
    assert reminders.dispatch_due_reminders(enqueue=lambda *a: handed.append(a) or True, batch=2) == 3


def test_a_session_moved_to_another_day_gets_its_reminders_again(time_machine, session, people, beat, trainer):
    time_machine.move_to(DAY_BEFORE, tick=False)
    beat()
    assert len(mail.outbox) == 3
    later = STARTS + timedelta(days=2)
    details = session_svc.SessionDetails(
        title=session.title,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        time_zone="UTC",
        location=session.location,
        online_url="",
        capacity=3,
        hashtag=session.hashtag,
        enrolment_closes_at=later - timedelta(days=1),
    )
    session_svc.update_session(session=session, details=details, trainers=[trainer], actor=trainer)
    mail.outbox.clear()
    time_machine.move_to(later - timedelta(days=1), tick=False)
    beat()
    assert len(mail.outbox) == 3


def test_the_beat_task_hands_batches_to_the_bulk_queue(monkeypatch, time_machine, session, people):
    time_machine.move_to(DAY_BEFORE, tick=False)
    sent = []
    monkeypatch.setattr(tasks.send_reminder_batch, "delay", lambda *args: sent.append(args))
    assert tasks.send_reminder_wave() == 3
    assert sent == [(session.pk, 86400, sorted(e.pk for e in session.enrolments.all()))]
    route = app.amqp.router.route({}, "courses.tasks.send_reminder_batch")
    assert route["queue"].name == "bulk"
    assert app.amqp.router.route({}, "courses.tasks.send_reminder_wave")["queue"].name == "bulk"
