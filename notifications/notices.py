"""Many notices at once, each about its own thing: the batched twin of ``services.notify`` for a batch
of events such as the grades of a grading batch (each learner, a different key and context).

Per notice the outcome is what ``notify(..., send_now=True)`` gives: the same channel from
preferences, quiet hours, rendering, in-app notice and ledger row under the same unique key, so a
notice is sent once whoever claims it. Per batch it costs a few queries instead of a handful per
notice: one for keys already claimed, one for preferences, one for quiet hours, one insert of the
ledger rows, one of the in-app notices, one e-mail connection and one UPDATE for what was sent. Notices
of the same event in the same language and time zone are rendered once, as ``bulk.notify_many`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from notifications import kinds
from notifications.bulk import (
    SharedRender,
    channels_for,
    quiet_ends,
    render_grouped,
    send_claimed,
    unsubscribe_links,
)
from notifications.kinds import Channel
from notifications.models import Delivery, Notification
from notifications.services import Rendered, Status, render, shape


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
    by_kind: dict[str, list[User]] = {}
    for notice in notices:
        by_kind.setdefault(notice.kind, []).append(notice.person)
    channels = {(pk, kind): c for kind, group in by_kind.items() for pk, c in channels_for(group, kind).items()}
    emailed = [n.person for n in notices if Channel.wants_email(channels[n.person.pk, n.kind])]
    quiet = quiet_ends(emailed, now)

    shared: dict[tuple, SharedRender] = {}
    links: dict[str, Callable[[User], str]] = {}
    unsubscribe: dict[int, str] = {}
    rows: list[tuple[Delivery, Notice, Rendered | None]] = []
    for notice in notices:
        spec, person = kinds.get(notice.kind), notice.person
        channel = channels[person.pk, notice.kind]
        row = Delivery(
            recipient=person, kind=notice.kind, key=notice.key, slot=notice.slot, channel=channel, created_at=now,
            claimed_at=now,
        )  # fmt: skip
        rendered = None
        if channel == Channel.OFF:
            row.status = Status.SKIPPED
        else:
            if notice.kind not in links:
                links[notice.kind] = unsubscribe_links(notice.kind)
            link = "" if spec.mandatory else links[notice.kind](person)
            unsubscribe[person.pk] = link
            rendered = _render(notice, person, link, shared)
            shape(row, rendered=rendered, link=notice.link, quiet=None if spec.mandatory else quiet.get(person.pk),
                  now=now)  # fmt: skip
            if row.status == Status.CLAIMED:
                row.attempts = 1  # counted as this call's attempt from the start, as ``notify`` counts it
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
    send_claimed([row for row in deliveries if row.status == Status.CLAIMED], now=now, unsubscribe=unsubscribe)
    return deliveries


def _render(notice: Notice, person: User, unsubscribe: str, shared: dict[tuple, SharedRender]) -> Rendered:
    """Rendered once for everyone with the same event, language and time zone (as ``notify_many`` does),
    with the personal parts filled in; person by person when the context cannot be a key."""
    event = (notice.kind, tuple(sorted(notice.context.items())))
    try:
        hash(event)
    except TypeError:
        return render(person=person, kind=notice.kind, context=notice.context)
    return render_grouped(
        shared, event, person=person, kind=notice.kind, context=notice.context, unsubscribe=unsubscribe
    )


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
