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

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from notifications import kinds
from notifications.bulk import SharedRender, render_shared, send_claimed, unsubscribe_links
from notifications.kinds import Channel
from notifications.models import Delivery, Notification, Preference, QuietHours
from notifications.services import Rendered, Status, quiet_until, render, zone_of


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

    shared: dict[tuple, SharedRender] = {}
    links: dict[str, Callable[[User], str]] = {}
    unsubscribe: dict[int, str] = {}
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
            if notice.kind not in links:
                links[notice.kind] = unsubscribe_links(notice.kind)
            link = "" if spec.mandatory else links[notice.kind](person)
            unsubscribe[person.pk] = link
            rendered = _render(notice, person, link, shared)
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
    send_claimed([row for row in deliveries if row.status == Status.CLAIMED], now=now, unsubscribe=unsubscribe)
    return deliveries


def _render(notice: Notice, person: User, unsubscribe: str, shared: dict[tuple, SharedRender]) -> Rendered:
    """Rendered once for everyone with the same event, language and time zone (as ``notify_many`` does),
    with the personal parts filled in; person by person when the context cannot be a key."""
    try:
        group = (notice.kind, zone_of(person).key, person.language or settings.LANGUAGE_CODE,
                 tuple(sorted(notice.context.items())))  # fmt: skip
        hash(group)
    except TypeError:
        return render(person=person, kind=notice.kind, context=notice.context)
    if group not in shared:
        shared[group] = render_shared(kind=notice.kind, zone_name=group[1], language=group[2], context=notice.context)
    if shared[group].personal:
        return shared[group].fill(person, unsubscribe)
    return render(person=person, kind=notice.kind, context=notice.context)


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
