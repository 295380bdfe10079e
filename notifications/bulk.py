"""Notify many people of the same event at once: the batched twin of ``services.notify``.

A reminder wave tells thousands of people the same thing. ``notify`` costs each
of them a claim lookup, preference and quiet-hours queries, four templates, an
insert, an in-app row, an SMTP connection and an update. ``notify_many`` does the
same work per batch: one query for preferences, one for quiet hours, one insert
that claims every row it can (``ON CONFLICT DO NOTHING RETURNING``: the unique
ledger key still decides who sends, across workers and reruns), one render per
(language, time zone) with the personal parts filled in afterwards, one bulk
insert of in-app notices, one e-mail connection and one UPDATE for what was sent.
The result for each person is what ``notify`` would have produced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, connections, router, transaction
from django.db.models.constants import OnConflict
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from notifications import kinds
from notifications.kinds import Channel
from notifications.models import Delivery, Notification, Preference, QuietHours
from notifications.services import (
    MAX_ATTEMPTS,
    RETRY_DELAY,
    Rendered,
    Status,
    build_message,
    late_after,
    quiet_end,
    render,
    shape,
    unsubscribe_token,
    zone_of,
)

# Stand-ins rendered in place of the personal parts, then replaced. The quote makes an escaped use
# look different from a raw one (``&#x27;``), so each is replaced by the value escaped the same way.
NAME_MARK = "tcmark'name"
UNSUBSCRIBE_MARK = "tcmark'unsubscribe"


class _Person:
    """The person as the shared render sees them: a display name to fill in, and nothing else.

    Any other attribute a template asks for is noted, and that group is then rendered
    person by person, so a template that starts using ``person.email`` stays correct.
    """

    display_name = NAME_MARK

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __getattr__(self, name: str):
        if not name.startswith("_") and name not in ("do_not_call_in_templates", "alters_data"):
            self.asked.add(name)
        raise AttributeError(name)


@dataclass(frozen=True)
class SharedRender:
    """One render for everyone with the same language and time zone, with marks for the personal parts."""

    rendered: Rendered
    personal: bool  # False: the template asked for more than the name; render each person instead

    def fill(self, person: User, unsubscribe: str) -> Rendered:
        name, link = person.display_name, unsubscribe
        swaps = ((escape(NAME_MARK), escape(name)), (NAME_MARK, name), (escape(UNSUBSCRIBE_MARK), escape(link)),
                 (UNSUBSCRIBE_MARK, link))  # fmt: skip

        def filled(text: str) -> str:
            for mark, value in swaps:
                if mark in text:
                    text = text.replace(mark, value)
            return text

        r = self.rendered
        subject, in_app = filled(r.subject), filled(r.in_app)
        # ``render`` folds whitespace in these two after the name is in: fold again if it was put in.
        if subject != r.subject:
            subject = " ".join(subject.split())
        if in_app != r.in_app:
            in_app = " ".join(in_app.split())
        return Rendered(subject=subject[:255], text=filled(r.text), html=filled(r.html), in_app=in_app)


def render_shared(*, kind: str, zone_name: str, language: str, context: Mapping) -> SharedRender:
    """One render of ``kind`` for everyone with this language and time zone, to ``fill`` per person
    (used by the reminder wave here and by grade notices in ``notifications.notices``)."""
    stand_in = _Person()
    spec = kinds.get(kind)
    # ``render`` only reads ``time_zone`` and ``language`` from the person before the templates run.
    probe = User(time_zone=zone_name, language=language)
    ctx = {**context, "person": stand_in}
    if not spec.mandatory:
        ctx["unsubscribe_url"] = UNSUBSCRIBE_MARK
    rendered = render(person=probe, kind=kind, context=ctx)
    # A mark changed by a filter (``|upper``, ``|truncatechars``) could not be filled in: render each person then.
    intact = all(_marks_intact(part) for part in (rendered.subject, rendered.text, rendered.html, rendered.in_app))
    # ``render`` cut the subject at 255 before the name went in: keep the uncut one when it matters.
    return SharedRender(rendered=rendered, personal=intact and not stand_in.asked and len(rendered.subject) < 255)


def render_grouped(
    shared: dict[tuple, SharedRender], event: tuple, *, person: User, kind: str, context: Mapping, unsubscribe: str
) -> Rendered:
    """``person``'s notice, rendered once for everyone with the same ``event`` (any extra key a caller
    needs), language and time zone, and filled in; person by person when the templates ask for more."""
    language = person.language or settings.LANGUAGE_CODE
    group = (*event, zone_of(person).key, language)
    if group not in shared:
        shared[group] = render_shared(kind=kind, zone_name=zone_of(person).key, language=language, context=context)
    if shared[group].personal:
        return shared[group].fill(person, unsubscribe)
    return render(person=person, kind=kind, context=context)


def _marks_intact(text: str) -> bool:
    exact = sum(text.count(mark) for mark in (NAME_MARK, escape(NAME_MARK), UNSUBSCRIBE_MARK, escape(UNSUBSCRIBE_MARK)))
    return text.lower().count("tcmark") == exact


def unsubscribe_links(kind: str):
    """``unsubscribe_url`` for many people: the path is reversed once around a stand-in token and
    each person's token put in its place (a signed token's characters are never quoted in a path)."""
    mark = "tcmarktoken"
    before, _, after = (settings.SITE_URL + reverse("notifications:unsubscribe", args=[mark])).partition(mark)
    return lambda person: before + unsubscribe_token(person, kind) + after


def channels_for(people: Sequence[User], kind: str) -> dict[int, str]:
    """Each person's channel for ``kind`` (one query): off for the inactive, e-mail and in-app for the
    notices nobody may turn off, else their preference or the kind's default; as ``notify`` decides."""
    spec = kinds.get(kind)
    chosen = {}
    if not spec.mandatory:
        chosen = dict(
            Preference.objects.filter(person__in=[p.pk for p in people], kind=kind).values_list("person_id", "channel")
        )
    return {
        p.pk: (Channel.OFF if not p.is_active else Channel.BOTH if spec.mandatory else chosen.get(p.pk, spec.default))
        for p in people
    }


def quiet_ends(people: Sequence[User], now: datetime) -> dict[int, datetime]:
    """When quiet hours end for each person who is inside them now (one query)."""
    found = {q.person_id: q for q in QuietHours.objects.filter(person__in=[p.pk for p in people])}
    ends = {}
    for person in people:
        if person.pk in found:
            until = quiet_end(found[person.pk], zone_of(person), now)
            if until is not None:
                ends[person.pk] = until
    return ends


def _insert_claims(rows: list[Delivery]) -> dict[int, int]:
    """Insert the ledger rows that nobody holds yet; {recipient id: delivery id} of those this call inserted.

    ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, SQLite ≥ 3.35) returns only the rows
    it inserted, so of two workers running the same batch each learns exactly which people are its own.
    """
    if not rows:
        return {}
    db = router.db_for_write(Delivery)
    meta = Delivery._meta
    if connections[db].features.can_return_rows_from_bulk_insert:
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        returned = Delivery.objects.using(db)._insert(
            rows, fields=fields, returning_fields=[meta.pk, meta.get_field("recipient")], using=db,
            on_conflict=OnConflict.IGNORE,
        )  # fmt: skip
        return {recipient_id: pk for pk, recipient_id in (r for r in returned if r and r[0] is not None)}
    claimed = {}
    for row in rows:  # a backend without RETURNING: one insert each, the unique key decides
        try:
            with transaction.atomic(using=db):
                row.save(force_insert=True, using=db)
        except IntegrityError:
            continue
        claimed[row.recipient_id] = row.pk
    return claimed


def notify_many(
    *,
    people: Sequence[User],
    kind: str,
    key: str,
    slot: str = "",
    context: Mapping | None = None,
    link: str = "",
    due_at: datetime | None = None,
    expires_at: datetime | None = None,
    now: datetime,
) -> list[Delivery]:
    """Notify each of ``people`` of one ``kind`` of event, once per (person, kind, key, slot), and send now.

    The batched ``notify(..., send_now=True)``: same channels, quiet hours, rendering,
    in-app notices and ledger. Call it outside a transaction (from a task). Returns the
    deliveries this call claimed; people whose row someone else holds are left out.
    """
    spec = kinds.get(kind)
    context = context or {}
    people = list({p.pk: p for p in people}.values())
    channels = channels_for(people, kind)
    quiet = {} if spec.mandatory else quiet_ends([p for p in people if Channel.wants_email(channels[p.pk])], now)
    late = bool(due_at and now - due_at > late_after())
    unsubscribe_link = unsubscribe_links(kind)

    shared: dict[tuple, SharedRender] = {}
    rows: list[Delivery] = []
    rendered_for: dict[int, Rendered] = {}
    unsubscribe_for: dict[int, str] = {}
    for person in people:
        channel = channels[person.pk]
        row = Delivery(
            recipient=person, kind=kind, key=key, slot=slot, channel=channel, created_at=now, claimed_at=now,
            due_at=due_at, expires_at=expires_at, late=late,
        )  # fmt: skip
        rows.append(row)
        if channel == Channel.OFF:
            row.status = Status.SKIPPED
            continue
        unsubscribe = "" if spec.mandatory else unsubscribe_link(person)
        rendered = render_grouped(shared, (), person=person, kind=kind, context=context, unsubscribe=unsubscribe)
        rendered_for[person.pk], unsubscribe_for[person.pk] = rendered, unsubscribe
        shape(row, rendered=rendered, link=link, quiet=quiet.get(person.pk), now=now)
        if row.status == Status.CLAIMED:
            row.attempts = 1  # this call's attempt from the start: the sweep leaves it to us until the lease ends

    with transaction.atomic():
        claimed = _insert_claims(rows)
        mine = [row for row in rows if row.recipient_id in claimed]
        for row in mine:
            row.pk = claimed[row.recipient_id]
            row._state.adding, row._state.db = False, Delivery.objects.db
        if spec.inbox:
            inbox = [row for row in mine if row.status != Status.SKIPPED and Channel.wants_in_app(row.channel)]
            notices = []
            for row in inbox:
                rendered = rendered_for[row.recipient_id]
                notice = Notification(
                    recipient_id=row.recipient_id, kind=kind, title=rendered.subject, body=rendered.in_app,
                    link=link, created_at=now, delivery_id=row.pk,
                )  # fmt: skip
                notices.append(notice)
            Notification.objects.bulk_create(notices)
    send_claimed(
        [row for row in mine if row.status == Status.CLAIMED], now=now,
        unsubscribe={pk: unsubscribe_for[pk] for pk in claimed if pk in unsubscribe_for},
    )  # fmt: skip
    return mine


def send_claimed(deliveries: Sequence[Delivery], *, now: datetime, unsubscribe: Mapping[int, str]) -> int:
    """Send claimed deliveries over one connection; mark the sent with one UPDATE and each failure for retry.

    Each message is sent on its own over the shared connection, so one refused
    address fails alone and the others still go. Returns how many were sent.
    """
    if not deliveries:
        return 0
    sent: list[int] = []
    failures: list[tuple[Delivery, Exception]] = []
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # the mail server is down: every one of them fails and is retried later
        failures = [(delivery, exc) for delivery in deliveries]
    else:
        try:
            for delivery in deliveries:
                try:
                    message = build_message(delivery, unsubscribe_link=unsubscribe.get(delivery.recipient_id))
                    message.connection = connection
                    message.send()
                except Exception as exc:  # SMTP refusals, timeouts, bad addresses: kept, shown, retried
                    failures.append((delivery, exc))
                    _reopen(connection)
                else:
                    sent.append(delivery.pk)
        finally:
            connection.close()
    if sent:
        Delivery.objects.filter(pk__in=sent).update(
            status=Status.SENT, sent_at=now, error="", next_attempt_at=None, body_text="", body_html="",
            attachments=[],
        )  # fmt: skip
    for delivery, exc in failures:
        retry_at = now + RETRY_DELAY * delivery.attempts if delivery.attempts < MAX_ATTEMPTS else None
        Delivery.objects.filter(pk=delivery.pk, status=Status.CLAIMED).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], next_attempt_at=retry_at
        )
    return len(sent)


def _reopen(connection) -> None:
    """After a failed send the SMTP session may be broken: start a fresh one for the rest."""
    try:
        connection.close()
        connection.open()
    except Exception:  # noqa: S110 - the next send opens (or fails) on its own
        pass
