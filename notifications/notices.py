"""Many notices at once, each about its own thing: the batched twin of ``services.notify`` for a batch
of events such as the grades of a grading batch (each learner, a different key and context).

Per notice the outcome is what ``notify(..., send_now=True)`` gives: the same channel from
preferences, quiet hours, rendering, in-app notice and ledger row under the same unique key, so a
notice is sent once whoever claims it. Per batch it costs a few queries instead of a handful per
notice: one for keys already claimed, one for preferences, one for quiet hours, one insert of the
ledger rows, one of the in-app notices, one e-mail connection and one UPDATE for what was sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from notifications import kinds
from notifications.kinds import Channel
from notifications.models import Delivery, Notification, Preference, QuietHours
from notifications.services import MAX_ATTEMPTS, RETRY_DELAY, Rendered, Status, build_message, quiet_until, render


@dataclass(frozen=True)
class Notice:
    """One notice: ``notify``'s arguments for one person."""

    person: User
    kind: str
    key: str
    slot: str = ""
    context: Mapping = field(default_factory=dict)
    link: str = ""


def notify_each(notices: Sequence[Notice], *, now: datetime | None = None) -> list[Delivery]:
    """Notify each person of their own event, once per (person, kind, key, slot), and send now.

    Call it outside a transaction (from a task), as ``notify(..., send_now=True)``. Returns the
    deliveries this call claimed; notices whose key someone else holds are left out.
    """
    now = now or timezone.now()
    notices = list({(n.person.pk, n.kind, n.key, n.slot): n for n in notices}.values())
    if not notices:
        return []
    people = {n.person.pk for n in notices}
    claimed = Delivery.objects.filter(
        recipient_id__in=people, kind__in={n.kind for n in notices}, key__in={n.key for n in notices}
    )
    taken = set(claimed.values_list("recipient_id", "kind", "key", "slot"))
    notices = [n for n in notices if (n.person.pk, n.kind, n.key, n.slot) not in taken]
    if not notices:
        return []
    preferences = Preference.objects.filter(person_id__in=people, kind__in={n.kind for n in notices})
    chosen = {
        (person_id, kind): channel
        for person_id, kind, channel in preferences.values_list("person_id", "kind", "channel")
    }
    with_quiet_hours = set(QuietHours.objects.filter(person_id__in=people).values_list("person_id", flat=True))

    rows: list[tuple[Delivery, Notice, Rendered | None]] = []
    for notice in notices:
        spec, person = kinds.get(notice.kind), notice.person
        if not person.is_active:
            channel = Channel.OFF
        elif spec.mandatory:
            channel = Channel.BOTH
        else:
            channel = chosen.get((person.pk, notice.kind)) or spec.default
        row = Delivery(
            recipient=person, kind=notice.kind, key=notice.key, slot=notice.slot, channel=channel, created_at=now,
            claimed_at=now,
        )  # fmt: skip
        rendered = None
        if channel == Channel.OFF:
            row.status = Status.SKIPPED
        else:
            rendered = render(person=person, kind=notice.kind, context=notice.context)
            row.subject, row.link = rendered.subject, notice.link
            if Channel.wants_email(channel):
                row.body_text, row.body_html = rendered.text, rendered.html
                quiet = None
                if not spec.mandatory and person.pk in with_quiet_hours:
                    quiet = quiet_until(person, now)
                if quiet:
                    row.status, row.not_before = Status.DEFERRED, quiet
                else:
                    # Counted as this call's attempt from the start, as ``notify`` counts it before sending.
                    row.status, row.attempts = Status.CLAIMED, 1
            elif channel == Channel.DIGEST:
                row.status, row.body_text = Status.DEFERRED, rendered.in_app
            else:
                row.status, row.sent_at = Status.SENT, now
        rows.append((row, notice, rendered))

    with transaction.atomic():  # a ledger row and its in-app notice go in together, as in ``notify``
        mine = _claim(rows)
        inbox = [
            Notification(
                recipient=row.recipient,
                kind=row.kind,
                title=rendered.subject,
                body=rendered.in_app,
                link=notice.link,
                created_at=now,
                delivery=row,
            )
            for row, notice, rendered in mine
            if rendered is not None and Channel.wants_in_app(row.channel) and kinds.get(row.kind).inbox
        ]
        Notification.objects.bulk_create(inbox)
    deliveries = [row for row, _, _ in mine]
    _send([row for row in deliveries if row.status == Status.CLAIMED], now)
    return deliveries


def _claim(rows: list[tuple[Delivery, Notice, Rendered | None]]) -> list[tuple[Delivery, Notice, Rendered | None]]:
    """Insert the ledger rows in one statement; if a key was claimed meanwhile, one by one, dropping those."""
    try:
        with transaction.atomic():
            Delivery.objects.bulk_create([row for row, _, _ in rows])
        return rows
    except IntegrityError:
        pass
    mine = []
    for row, notice, rendered in rows:
        row.pk, row._state.adding = None, True
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue  # someone else holds this key: they send it, we don't
        mine.append((row, notice, rendered))
    return mine


def _send(deliveries: list[Delivery], now: datetime) -> None:
    """Send over one connection; one UPDATE marks the sent, each failure is kept for retry as ``notify`` does."""
    if not deliveries:
        return
    sent, failures = [], []
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # the mail server is down: all of them fail and are retried later
        failures = [(delivery, exc) for delivery in deliveries]
    else:
        try:
            for delivery in deliveries:
                message = build_message(delivery)
                message.connection = connection
                try:
                    message.send()
                except Exception as exc:  # SMTP refusals, timeouts, bad addresses: kept, shown to admins, retried
                    failures.append((delivery, exc))
                else:
                    sent.append(delivery.pk)
        finally:
            connection.close()
    if sent:
        Delivery.objects.filter(pk__in=sent).update(
            status=Status.SENT, sent_at=now, late=False, error="", next_attempt_at=None, body_text="", body_html="",
            attachments=[],
        )  # fmt: skip
    for delivery, exc in failures:
        retry_at = now + RETRY_DELAY * delivery.attempts if delivery.attempts < MAX_ATTEMPTS else None
        Delivery.objects.filter(Q(pk=delivery.pk), status=Status.CLAIMED).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], next_attempt_at=retry_at
        )
