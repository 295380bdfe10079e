"""Notify people: choose each notice's channel, claim its ledger row, render it, send it.

``notify`` is the one entry point for every app, for one notice or many: ``notify([Notice(...)])``.
Every notice is recorded in ``Delivery`` under a unique key, so a second notice with the same
(person, kind, key, slot) does nothing, whoever sends it and whenever. However many notices, a call
costs a few queries: one for keys already claimed, one for preferences per kind, one for quiet hours,
one insert that claims every row it can, one insert of in-app notices, and (sending now) one e-mail
connection and one UPDATE for what was sent. Notices of the same event are rendered once per
language and time zone (``rendering.Renderer``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, connections, router, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

from accounts.models import User
from notifications import jobs, kinds
from notifications.kinds import Channel
from notifications.models import Delivery, Notification
from notifications.services.mime import Attachment, pack
from notifications.services.preferences import channels_for, quiet_ends
from notifications.services.rendering import Rendered, Renderer
from notifications.services.sending import Status, late_after, send_claimed
from notifications.services.unsubscribing import unsubscribe_links

LedgerKey = tuple[int, str, str, str]  # (recipient id, kind, key, slot): the ledger's unique key


@dataclass(frozen=True)
class Notice:
    """One notice to one person.

    ``key`` names what it is about ("enrolment-event:12"); ``slot`` tells apart occurrences of the
    same thing (a reminder's offset). ``context`` goes to the templates ``email/<kind>.*`` and
    ``notifications/inapp/<kind>.txt``; ``link`` (a path) is where the in-app notice leads.
    ``attachments`` go with the e-mail. ``due_at`` marks the delivery late when sent well after it;
    ``expires_at`` keeps quiet hours from holding a notice past the moment it matters.
    """

    person: User
    kind: str
    key: str
    slot: str = ""
    context: Mapping[str, object] = field(default_factory=dict)
    attachments: Sequence[Attachment] = ()
    link: str = ""
    due_at: datetime | None = None
    expires_at: datetime | None = None

    @property
    def ledger_key(self) -> LedgerKey:
        return (self.person.pk, self.kind, self.key, self.slot)


@dataclass(frozen=True)
class Claimed:
    """The rows one call claimed, and the unsubscribe links it made, by (recipient id, kind)."""

    deliveries: list[Delivery]
    unsubscribe: dict[tuple[int, str], str]


def notify(notices: Sequence[Notice], *, send_now: bool = True, now: datetime | None = None) -> list[Delivery]:
    """Notify each person of their notice, once per (person, kind, key, slot).

    Returns the deliveries this call claimed (sent, held, in-app only or skipped by preference), in
    the notices' order; a notice whose key was already claimed is left out. With ``send_now`` the
    e-mails are sent in this call, so call it outside a transaction that might still roll back (from
    a task); otherwise a worker sends each after commit.
    """
    now = now or timezone.now()
    claimed = claim(notices, send_now=send_now, now=now)
    due = [delivery for delivery in claimed.deliveries if delivery.status == Status.CLAIMED]
    if send_now:
        send_claimed(due, now=now, unsubscribe=claimed.unsubscribe)
    else:
        for delivery in due:
            jobs.send_delivery_on_commit(delivery.pk)
    return claimed.deliveries


def claimed_keys(notices: Sequence[Notice]) -> set[LedgerKey]:
    """The notices' ledger keys already claimed (one query): a cheap early exit, not the guard."""
    rows = Delivery.objects.filter(
        recipient_id__in={n.person.pk for n in notices},
        kind__in={n.kind for n in notices},
        key__in={n.key for n in notices},
    ).values_list("recipient_id", "kind", "key", "slot")
    return set(rows)


def claim(notices: Sequence[Notice], *, send_now: bool, now: datetime) -> Claimed:
    """Insert a ledger row for each notice nobody holds yet, shaped by its channel, with its in-app notice.

    Sends nothing. ``send_now`` counts the caller's coming send as the row's first attempt, so the
    sweep leaves it to the caller until the claim lease ends.
    """
    fresh = list({n.ledger_key: n for n in notices}.values())
    if fresh:
        taken = claimed_keys(fresh)
        fresh = [n for n in fresh if n.ledger_key not in taken]
    if not fresh:
        return Claimed(deliveries=[], unsubscribe={})
    by_kind: dict[str, list[User]] = {}
    for notice in fresh:
        by_kind.setdefault(notice.kind, []).append(notice.person)
    channels = {(pk, kind): c for kind, people in by_kind.items() for pk, c in channels_for(people, kind).items()}
    emailed = {
        n.person.pk: n.person
        for n in fresh
        if Channel.wants_email(channels[n.person.pk, n.kind]) and not kinds.get(n.kind).mandatory
    }
    quiet = quiet_ends(list(emailed.values()), now)
    late = late_after()
    renderer = Renderer(fresh)
    links: dict[str, Callable[[User], str]] = {}
    unsubscribe: dict[tuple[int, str], str] = {}
    rows: list[tuple[Delivery, Notice, Rendered | None]] = []
    for notice in fresh:
        spec, person = kinds.get(notice.kind), notice.person
        channel = channels[person.pk, notice.kind]
        row = Delivery(
            recipient=person,
            kind=notice.kind,
            key=notice.key,
            slot=notice.slot,
            channel=channel,
            created_at=now,
            claimed_at=now,
            due_at=notice.due_at,
            expires_at=notice.expires_at,
            late=bool(notice.due_at and now - notice.due_at > late),
        )
        rendered = None
        if channel == Channel.OFF:
            row.status = Status.SKIPPED
        else:
            link = ""
            if not spec.mandatory:
                if notice.kind not in links:
                    links[notice.kind] = unsubscribe_links(notice.kind)
                link = links[notice.kind](person)
            unsubscribe[person.pk, notice.kind] = link
            rendered = renderer.render(notice, unsubscribe=link)
            held = None if spec.mandatory else quiet.get(person.pk)
            shape(row, rendered=rendered, link=notice.link, quiet=held, now=now)
            if Channel.wants_email(channel):
                row.attachments = pack(notice.attachments)
            if send_now and row.status == Status.CLAIMED:
                row.attempts = 1
        rows.append((row, notice, rendered))

    with transaction.atomic():  # a ledger row and its in-app notice go in together
        keys = _insert_claims([row for row, _, _ in rows])
        mine = []
        for row, notice, rendered in rows:
            pk = keys.get(notice.ledger_key)
            if pk is None:
                continue  # someone else holds this key: they send it, we don't
            row.pk = pk
            row._state.adding, row._state.db = False, Delivery.objects.db
            mine.append((row, notice, rendered))
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=row.recipient_id,
                    kind=row.kind,
                    title=rendered.subject,
                    body=rendered.in_app,
                    link=notice.link,
                    created_at=now,
                    delivery_id=row.pk,
                )
                for row, notice, rendered in mine
                if rendered is not None and Channel.wants_in_app(row.channel) and kinds.get(row.kind).inbox
            ]
        )
    claimed = [row for row, _, _ in mine]
    return Claimed(deliveries=claimed, unsubscribe={k: v for k, v in unsubscribe.items() if v})


def shape(delivery: Delivery, *, rendered: Rendered, link: str, quiet: datetime | None, now: datetime) -> None:
    """Fill a ledger row (not skipped) from its rendering, by its channel: an e-mail to send now, or after
    ``quiet`` (when quiet hours end) unless the notice would be stale by then; a line for the digest;
    or an in-app notice only, which is sent as soon as it is stored."""
    delivery.subject, delivery.link = rendered.subject, link
    if Channel.wants_email(delivery.channel):
        delivery.body_text, delivery.body_html = rendered.text, rendered.html
        # A notice that would be stale by the end of quiet hours (a reminder) goes now instead.
        if quiet and (delivery.expires_at is None or quiet < delivery.expires_at):
            delivery.status, delivery.not_before = Status.DEFERRED, quiet
        else:
            delivery.status = Status.CLAIMED
    elif delivery.channel == Channel.DIGEST:
        # The digest lists each notice by its in-app line.
        delivery.status, delivery.body_text = Status.DEFERRED, rendered.in_app
    else:
        delivery.status, delivery.sent_at = Status.SENT, now


def _insert_claims(rows: list[Delivery]) -> dict[LedgerKey, int]:
    """Insert the ledger rows that nobody holds yet; {ledger key: delivery id} of those this call inserted.

    ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, SQLite ≥ 3.35) returns only the rows
    it inserted, so of two workers running the same batch each learns exactly which rows are its own.
    """
    if not rows:
        return {}
    db = router.db_for_write(Delivery)
    meta = Delivery._meta
    connection = connections[db]
    claimed: dict[LedgerKey, int] = {}
    if connection.features.can_return_rows_from_bulk_insert:
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        returning = [meta.pk, *(meta.get_field(name) for name in ("recipient", "kind", "key", "slot"))]
        size = connection.ops.bulk_batch_size(fields, rows) or len(rows)
        for start in range(0, len(rows), size):
            returned = Delivery.objects.using(
                db
            )._insert(  # type: ignore[attr-defined]  # the insert bulk_create runs
                rows[start : start + size],
                fields=fields,
                returning_fields=returning,
                using=db,
                on_conflict=OnConflict.IGNORE,
            )
            for pk, recipient_id, kind, key, slot in (r for r in returned if r and r[0] is not None):
                claimed[recipient_id, kind, key, slot] = pk
        return claimed
    for row in rows:  # a backend without RETURNING: one insert each, the unique key decides
        try:
            with transaction.atomic(using=db):
                row.save(force_insert=True, using=db)
        except IntegrityError:
            continue
        claimed[row.recipient_id, row.kind, row.key, row.slot] = row.pk
    return claimed
