"""``notify`` on a batch (a reminder wave) keeps every promise it makes for one notice, person by person."""

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection

from courses import reminders
from courses.notices import SESSION_REMINDER
from courses.services import enrolment as svc
from notifications import services
from notifications.kinds import Channel
from notifications.models import Delivery, Notification, QuietHours
from notifications.services import Notice, ledger, rendering
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

STARTS = datetime(2031, 5, 20, 15, 0, tzinfo=UTC)
DAY_BEFORE = STARTS - timedelta(days=1)
KIND = SESSION_REMINDER

# Names that test the filling in: quotes, markup, an ampersand, runs of spaces, non-Latin letters.
NAMES = ["Siobhán O'Brien", 'Ana "Nana" <b>Ruiz</b>', "Tom & Jerry", "Mary   Ann\tLee", "Zoë 李"]


@pytest.fixture
def session(time_machine):
    time_machine.move_to(STARTS - timedelta(days=10), tick=False)
    return SessionFactory(
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=2),
        capacity=50,
        time_zone="Europe/London",
        location="Ward 7 & training room <B>",
    )


def enrol(session, **fields):
    person = UserFactory(**fields)
    svc.enrol(person=person, session=session)
    return person


@pytest.fixture
def crowd(session):
    """People in three zones and both languages, with awkward names."""
    people = []
    for i, name in enumerate(NAMES * 2):
        zone = ["UTC", "America/Chicago", "Asia/Kolkata"][i % 3]
        people.append(enrol(session, display_name=name, time_zone=zone, language=["en", "es"][i % 2]))
    mail.outbox.clear()
    return people


def reminder_context(session, now):
    return {
        "session": session,
        "course": session.course,
        "reminder_from": DAY_BEFORE,
        "late": False,
        "session_url": "https://camp.example/s/1",
        "camp_url": "https://camp.example/camp",
    }


def notify_all(people, **fields):
    """One notice of the same event to each of ``people``, in one call."""
    return services.notify([Notice(person=person, **fields) for person in people], now=DAY_BEFORE)


def batch(session, now=None):
    return reminders.send_reminders(
        session_id=session.pk, offset_seconds=86400, enrolment_ids=list(session.enrolments.values_list("pk", flat=True))
    )


def comparable(message):
    headers = {k: v for k, v in message.extra_headers.items() if k != "Message-ID"}
    return (message.to, message.subject, message.body, message.alternatives, headers)


def test_each_person_gets_exactly_what_the_single_path_gives_them(time_machine, session, crowd):
    time_machine.move_to(DAY_BEFORE, tick=False)
    now = DAY_BEFORE
    context = reminder_context(session, now)
    common = {"kind": KIND, "slot": "s", "context": context, "link": "/s/1", "due_at": now, "expires_at": STARTS}
    for person in crowd:
        services.notify([Notice(person=person, key="single", **common)], now=now)
    single = {m.to[0]: comparable(m) for m in mail.outbox}
    mail.outbox.clear()

    claimed = services.notify([Notice(person=person, key="batched", **common) for person in crowd], now=now)

    assert len(claimed) == len(crowd)
    assert {m.to[0]: comparable(m) for m in mail.outbox} == single
    assert len(mail.outbox) == len(crowd)
    for person in crowd:
        one, many = (Delivery.objects.get(recipient=person, key=key) for key in ("single", "batched"))
        fields = ("channel", "status", "subject", "link", "body_text", "body_html", "late", "attempts", "sent_at")
        assert [getattr(one, f) for f in fields] == [getattr(many, f) for f in fields]
        one_notice, many_notice = Notification.objects.get(delivery=one), Notification.objects.get(delivery=many)
        assert (one_notice.title, one_notice.body, one_notice.link) == (
            many_notice.title,
            many_notice.body,
            many_notice.link,
        )
    # The personal parts really are personal: the name escaped in HTML, raw in text, the zone named.
    chicago = next(p for p in crowd if p.time_zone == "America/Chicago" and p.display_name == NAMES[1])
    message = next(m for m in mail.outbox if m.to == [chicago.email])
    assert "Ana &quot;Nana&quot; &lt;b&gt;Ruiz&lt;/b&gt;" in message.alternatives[0][0]
    assert "(America/Chicago)" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{services.unsubscribe_url(chicago, KIND)}>"


def test_a_template_that_asks_for_more_than_the_name_is_rendered_person_by_person(
    monkeypatch, time_machine, session, crowd
):
    time_machine.move_to(DAY_BEFORE, tick=False)
    real_render = services.render

    def render_with_email(*, person, kind, context=None):
        # A template edit that uses person.email: the stand-in cannot fill that in.
        rendered = real_render(person=person, kind=kind, context=context)
        email = getattr(context.get("person", person) if context else person, "email", "")
        return services.Rendered(rendered.subject, rendered.text + f"\n{email}", rendered.html, rendered.in_app)

    monkeypatch.setattr(rendering, "render", render_with_email)
    context = reminder_context(session, DAY_BEFORE)
    services.notify([Notice(person=p, kind=KIND, key="k", context=context) for p in crowd], now=DAY_BEFORE)
    assert all(m.body.endswith(m.to[0]) for m in mail.outbox) and len(mail.outbox) == len(crowd)


def test_a_template_that_changes_the_name_is_rendered_person_by_person(monkeypatch, time_machine, session, crowd):
    time_machine.move_to(DAY_BEFORE, tick=False)
    real_render = services.render

    def render_upper(*, person, kind, context=None):
        # As if a template said {{ person.display_name|upper }} in the subject.
        rendered = real_render(person=person, kind=kind, context=context)
        name = (context or {}).get("person", person).display_name
        return services.Rendered(f"{rendered.subject} {name.upper()}", rendered.text, rendered.html, rendered.in_app)

    monkeypatch.setattr(rendering, "render", render_upper)
    context = reminder_context(session, DAY_BEFORE)
    services.notify([Notice(person=p, kind=KIND, key="k", context=context) for p in crowd], now=DAY_BEFORE)
    by_email = {p.email: p for p in crowd}
    assert all(m.subject.endswith(by_email[m.to[0]].display_name.upper()) for m in mail.outbox)
    assert len(mail.outbox) == len(crowd)


def test_running_a_batch_twice_sends_each_reminder_once(time_machine, session, crowd):
    time_machine.move_to(DAY_BEFORE, tick=False)
    assert batch(session) == len(crowd)
    assert batch(session) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in crowd)
    assert Notification.objects.count() == len(crowd)


def test_a_batch_claims_only_the_people_nobody_else_holds(time_machine, session, crowd):
    """Two workers that both read the batch before either claimed: each sends only its own."""
    time_machine.move_to(DAY_BEFORE, tick=False)
    common = {"kind": KIND, "key": "session:x", "slot": "s", "context": reminder_context(session, DAY_BEFORE)}
    first = notify_all(crowd[:4], **common)
    second = notify_all(crowd, **common)
    assert {d.recipient_id for d in first} == {p.pk for p in crowd[:4]}
    assert {d.recipient_id for d in second} == {p.pk for p in crowd[4:]}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in crowd)
    assert Delivery.objects.filter(status="sent").count() == Notification.objects.count() == len(crowd)
    # Each delivery this call returned is the row in the ledger, with its id.
    assert {d.pk for d in second} == set(Delivery.objects.filter(recipient__in=crowd[4:]).values_list("pk", flat=True))


def test_a_database_without_insert_returning_claims_one_row_at_a_time(monkeypatch, time_machine, session, crowd):
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    time_machine.move_to(DAY_BEFORE, tick=False)
    common = {"kind": KIND, "key": "session:x", "slot": "s", "context": reminder_context(session, DAY_BEFORE)}
    assert len(notify_all(crowd[:4], **common)) == 4
    assert {d.recipient_id for d in notify_all(crowd, **common)} == {p.pk for p in crowd[4:]}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in crowd)


def test_preferences_are_honoured(time_machine, session):
    off, in_app, email, both, gone = (enrol(session) for _ in range(5))
    for person, channel in ((off, Channel.OFF), (in_app, Channel.IN_APP), (email, Channel.EMAIL)):
        services.set_channel(person=person, kind=KIND, channel=channel)
    gone.is_active = False
    gone.save()
    mail.outbox.clear()
    time_machine.move_to(DAY_BEFORE, tick=False)

    assert batch(session) == 5

    assert sorted(m.to[0] for m in mail.outbox) == sorted([email.email, both.email])
    assert set(Notification.objects.values_list("recipient", flat=True)) == {in_app.pk, both.pk}
    status = dict(Delivery.objects.values_list("recipient", "status"))
    assert status == {off.pk: "skipped", gone.pk: "skipped", in_app.pk: "sent", email.pk: "sent", both.pk: "sent"}


def test_quiet_hours_delay_the_email_until_they_end_in_the_readers_zone(time_machine, session):
    # 15:00 UTC the day before is 20:30 in Kolkata: inside 20:00–07:00 there; in London it is 16:00.
    asleep = enrol(session, time_zone="Asia/Kolkata")
    awake = enrol(session, time_zone="Europe/London")
    for person in (asleep, awake):
        QuietHours.objects.create(person=person, starts=time(20, 0), ends=time(7, 0))
    mail.outbox.clear()
    time_machine.move_to(DAY_BEFORE, tick=False)

    assert batch(session) == 2
    assert [m.to[0] for m in mail.outbox] == [awake.email]
    held = Delivery.objects.get(recipient=asleep)
    assert held.status == "deferred" and held.body_text
    assert held.not_before == datetime(2031, 5, 20, 1, 30, tzinfo=UTC)  # 07:00 in Kolkata
    assert Notification.objects.filter(recipient=asleep).exists()  # the inbox does not wait

    assert batch(session) == 0
    time_machine.move_to(held.not_before, tick=False)
    assert services.due_delivery_ids() == [held.pk]
    assert services.deliver(held.pk) is True
    assert sorted(m.to[0] for m in mail.outbox) == sorted([asleep.email, awake.email])


def test_quiet_hours_that_end_after_the_session_starts_do_not_hold_the_reminder(time_machine, session):
    asleep = enrol(session, time_zone="Asia/Kolkata")
    QuietHours.objects.create(person=asleep, starts=time(0, 0), ends=time(23, 0))
    mail.outbox.clear()
    time_machine.move_to(STARTS - timedelta(hours=1), tick=False)
    assert reminders.send_reminders(
        session_id=session.pk, offset_seconds=3600, enrolment_ids=list(session.enrolments.values_list("pk", flat=True))
    )
    assert [m.to[0] for m in mail.outbox] == [asleep.email]


def test_one_refused_message_fails_alone_and_is_retried(monkeypatch, time_machine, session, crowd):
    time_machine.move_to(DAY_BEFORE, tick=False)
    refused = crowd[3]
    real_send = EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == [refused.email]:
            raise OSError("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    assert batch(session) == len(crowd)
    monkeypatch.undo()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in crowd if p != refused)
    failed = Delivery.objects.get(status="failed")
    assert failed.recipient == refused and "550 mailbox unavailable" in failed.error
    assert failed.body_text and failed.next_attempt_at == DAY_BEFORE + services.RETRY_DELAY
    assert Delivery.objects.filter(status="sent").count() == len(crowd) - 1

    time_machine.shift(services.RETRY_DELAY)
    assert services.due_delivery_ids() == [failed.pk]
    assert services.deliver(failed.pk) is True
    assert [m.to[0] for m in mail.outbox].count(refused.email) == 1
    assert batch(session) == 0


def test_a_batch_costs_the_same_few_queries_however_many_people(django_assert_max_num_queries, time_machine, session):
    for i in range(30):
        enrol(session, time_zone=["UTC", "Asia/Kolkata"][i % 2])
    mail.outbox.clear()
    time_machine.move_to(DAY_BEFORE, tick=False)
    with django_assert_max_num_queries(12):
        assert batch(session) == 30
    assert len(mail.outbox) == 30


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_the_same_batch_send_each_reminder_once(monkeypatch, time_machine, session, crowd):
    time_machine.move_to(DAY_BEFORE, tick=False)
    ids = list(session.enrolments.values_list("pk", flat=True))
    start, claim = threading.Barrier(2), threading.Barrier(2, timeout=30)
    results = []
    real_insert = ledger._insert_claims

    def insert_together(rows):
        claim.wait()  # both have read the batch as unsent and rendered it: now both insert at once
        return real_insert(rows)

    monkeypatch.setattr(ledger, "_insert_claims", insert_together)

    def worker():
        try:
            start.wait()
            results.append(reminders.send_reminders(session_id=session.pk, offset_seconds=86400, enrolment_ids=ids))
        except Exception as exc:  # a failed thread must fail the test, not vanish
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and all(isinstance(n, int) for n in results), results
    assert sum(results) == len(crowd)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in crowd)
    assert Notification.objects.count() == len(crowd)
