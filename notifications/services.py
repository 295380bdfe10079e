"""Notify a person: choose the channel, claim the ledger row, render, send, record.

``notify`` is the one entry point for every app. Call it from a task (it sends
inline) or pass ``send_now=False`` to hand the e-mail to a worker after commit.
Every send is recorded in ``Delivery`` under a unique key, so a second call with
the same (person, kind, key, slot) does nothing, whoever makes it and whenever.
"""

from __future__ import annotations

import base64
import random
import sys
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email.policy import Compat32
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from notifications import kinds
from notifications.kinds import Channel
from notifications.models import Delivery, Notification, Preference, QuietHours

Status = Delivery.Status
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(minutes=5)

Attachment = tuple[str, bytes | str, str]  # (file name, content, MIME type)


def late_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "NOTIFICATIONS_LATE_AFTER", 600))


def claim_lease() -> timedelta:
    """A claim older than this without a result is presumed dead (worker killed) and tried again."""
    return timedelta(seconds=getattr(settings, "NOTIFICATIONS_CLAIM_LEASE", 900))


class BadToken(Exception):
    """An unsubscribe token that was altered, truncated or made for a kind that cannot be turned off."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    in_app: str


def zone_of(person: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(person.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


# --- preferences -----------------------------------------------------------


def channel_for(person: User, kind: str) -> str:
    spec = kinds.get(kind)
    if spec.mandatory:
        return Channel.BOTH
    chosen = Preference.objects.filter(person=person, kind=kind).values_list("channel", flat=True).first()
    return chosen or spec.default


def preferences_of(person: User) -> dict[str, str]:
    """Every configurable kind with the person's channel for it (one query)."""
    chosen = dict(Preference.objects.filter(person=person).values_list("kind", "channel"))
    return {
        name: (Channel.BOTH if spec.mandatory else chosen.get(name, spec.default))
        for name, spec in kinds.KINDS.items()
        if spec.configurable
    }


def set_channel(*, person: User, kind: str, channel: str) -> None:
    spec = kinds.get(kind)
    if spec.mandatory:
        return  # security and cancellation notices cannot be turned off
    if channel not in dict(spec.choices):
        raise ValueError(f"{channel!r} is not a choice for {kind}")
    Preference.objects.update_or_create(person=person, kind=kind, defaults={"channel": channel})


def set_quiet_hours(*, person: User, starts: time | None, ends: time | None) -> None:
    if starts is None or ends is None or starts == ends:
        QuietHours.objects.filter(person=person).delete()
    else:
        QuietHours.objects.update_or_create(person=person, defaults={"starts": starts, "ends": ends})


def quiet_until(person: User, now: datetime) -> datetime | None:
    """If it is quiet hours for the person now, when they end (aware); else None."""
    quiet = QuietHours.objects.filter(person=person).first()
    return None if quiet is None else quiet_end(quiet, zone_of(person), now)


def quiet_end(quiet: QuietHours, zone: zoneinfo.ZoneInfo, now: datetime) -> datetime | None:
    """When these quiet hours end, if ``now`` is inside them in ``zone``; else None."""
    local = now.astimezone(zone)
    t = local.time()
    # Quiet hours may run across midnight, e.g. 22:00–07:00.
    inside = quiet.starts <= t < quiet.ends if quiet.starts < quiet.ends else (t >= quiet.starts or t < quiet.ends)
    if not inside:
        return None
    day = local.date() if t < quiet.ends else local.date() + timedelta(days=1)
    return datetime.combine(day, quiet.ends, tzinfo=zone)


# --- unsubscribe -------------------------------------------------------------


def unsubscribe_token(person: User, kind: str) -> str:
    return signing.dumps([person.pk, kind], salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(person: User, kind: str) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(person, kind)])


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    try:
        person_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        spec = kinds.get(kind)
        person = User.objects.get(pk=person_id)
    except (signing.BadSignature, ValueError, TypeError, User.DoesNotExist) as exc:
        raise BadToken from exc
    if spec.mandatory or not spec.configurable:
        raise BadToken
    return person, kind


def unsubscribe(*, token: str) -> tuple[User, str]:
    """Stop e-mails of one kind for the token's person; the notices stay in their inbox."""
    person, kind = read_unsubscribe_token(token)
    current = channel_for(person, kind)
    if current != Channel.OFF:
        set_channel(person=person, kind=kind, channel=Channel.OFF if current == Channel.EMAIL else Channel.IN_APP)
    return person, kind


# --- rendering ---------------------------------------------------------------


def render(*, person: User, kind: str, context: Mapping | None = None) -> Rendered:
    """The e-mail triplet and the in-app line, in the person's time zone and language."""
    spec = kinds.get(kind)
    ctx = {
        "person": person,
        "kind": kind,
        "zone_name": zone_of(person).key,
        "site_url": settings.SITE_URL,
        "org_name": settings.ORG_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        "inbox_url": settings.SITE_URL + reverse("notifications:list"),
        "unsubscribe_url": "" if spec.mandatory else unsubscribe_url(person, kind),
        **(context or {}),
    }
    with timezone.override(zone_of(person)), translation.override(person.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"email/{kind}.subject.txt", ctx).split())
        text = render_to_string(f"email/{kind}.txt", ctx)
        html = render_to_string(f"email/{kind}.html", ctx)
        try:
            in_app = " ".join(render_to_string(f"notifications/inapp/{kind}.txt", ctx).split())
        except TemplateDoesNotExist:
            in_app = ""
    return Rendered(subject=subject[:255], text=text, html=html, in_app=in_app)


def _pack(attachments: Iterable[Attachment]) -> list[dict]:
    packed = []
    for name, content, mimetype in attachments:
        if isinstance(content, bytes):
            try:
                packed.append({"name": name, "mimetype": mimetype, "text": content.decode("utf-8")})
            except UnicodeDecodeError:
                packed.append({"name": name, "mimetype": mimetype, "base64": base64.b64encode(content).decode()})
        else:
            packed.append({"name": name, "mimetype": mimetype, "text": content})
    return packed


class _QuickFolding(Compat32):
    """The standard (compat32) e-mail policy, minus its costliest step for the commonest header.

    A reminder's MIME generation spent most of its time folding headers through
    ``email.header.Header`` even when a header is short plain ASCII, which folds to
    itself. Those are written as they are (the very same bytes); the rest fold as before.
    """

    def fold_binary(self, name: str, value) -> bytes:
        if (
            isinstance(value, str)
            and value.isascii()
            and self.max_line_length
            and len(name) + 2 + len(value) <= self.max_line_length
            and "\r" not in value
            and "\n" not in value
        ):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


QUICK_FOLDING = _QuickFolding()


class Message(EmailMultiAlternatives):
    """An e-mail whose MIME form costs less to make: quick folding, and the boundary picked up front.

    Python picks a multipart boundary at generation time and compiles a fresh regular
    expression for each one to check it against the text; picking it here (same form,
    checked by a plain substring test) saves that. The bytes are what the standard path gives.
    """

    def message(self):
        msg = super().message()
        msg.policy = QUICK_FOLDING
        if msg.is_multipart():  # Django never sets a boundary itself
            boundary = "=" * 15 + f"{random.randrange(sys.maxsize):019d}" + "=="  # noqa: S311 - as email.generator
            parts = [self.body, *(content for content, _ in self.alternatives if isinstance(content, str))]
            if not any(boundary in part for part in parts) and not self.attachments:
                msg.set_boundary(boundary)
        return msg


def build_message(delivery: Delivery, *, unsubscribe_link: str | None = None) -> EmailMultiAlternatives:
    """The stored e-mail as a message, with unsubscribe headers and a Message-ID stable across retries.

    ``unsubscribe_link`` is the person's unsubscribe URL when the caller already made it.
    """
    person = delivery.recipient
    host = urlsplit(settings.SITE_URL).hostname or "tweetcamp.local"
    headers = {"Message-ID": f"<delivery-{delivery.pk}@{host}>", "Auto-Submitted": "auto-generated"}
    spec = kinds.get(delivery.kind)
    if not spec.mandatory and spec.configurable:
        headers["List-Unsubscribe"] = f"<{unsubscribe_link or unsubscribe_url(person, delivery.kind)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = Message(subject=delivery.subject, body=delivery.body_text, to=[person.email], headers=headers)
    if delivery.body_html:
        message.attach_alternative(delivery.body_html, "text/html")
    for item in delivery.attachments:
        content = item["text"] if "text" in item else base64.b64decode(item["base64"])
        message.attach(item["name"], content, item["mimetype"])
    return message


# --- claiming and sending ----------------------------------------------------


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


def _claim(
    *,
    person: User,
    kind: str,
    key: str,
    slot: str,
    context: Mapping | None,
    attachments: Sequence[Attachment],
    link: str,
    due_at: datetime | None,
    expires_at: datetime | None,
    now: datetime,
) -> Delivery | None:
    spec = kinds.get(kind)
    if Delivery.objects.filter(recipient=person, kind=kind, key=key, slot=slot).exists():
        return None  # cheap early exit; the unique constraint below is the real guard
    channel = channel_for(person, kind) if person.is_active else Channel.OFF
    delivery = Delivery(
        recipient=person, kind=kind, key=key, slot=slot, channel=channel, created_at=now, claimed_at=now,
        due_at=due_at, expires_at=expires_at, late=bool(due_at and now - due_at > late_after()),
    )  # fmt: skip
    rendered = None
    if channel == Channel.OFF:
        delivery.status = Status.SKIPPED
    else:
        rendered = render(person=person, kind=kind, context=context)
        wants_quiet = Channel.wants_email(channel) and not spec.mandatory
        shape(delivery, rendered=rendered, link=link, quiet=quiet_until(person, now) if wants_quiet else None, now=now)
        if Channel.wants_email(channel):
            delivery.attachments = _pack(attachments)
    try:
        with transaction.atomic():
            delivery.save(force_insert=True)
            if rendered is not None and Channel.wants_in_app(channel) and spec.inbox:
                Notification.objects.create(
                    recipient=person, kind=kind, title=rendered.subject, body=rendered.in_app, link=link,
                    created_at=now, delivery=delivery,
                )  # fmt: skip
    except IntegrityError:
        return None  # someone else holds this key: they send it, we don't
    return delivery


def notify(
    *,
    person: User,
    kind: str,
    key: str,
    slot: str = "",
    context: Mapping | None = None,
    attachments: Sequence[Attachment] = (),
    link: str = "",
    due_at: datetime | None = None,
    expires_at: datetime | None = None,
    send_now: bool = True,
    now: datetime | None = None,
) -> Delivery | None:
    """Notify ``person`` of one ``kind`` of event, once per (person, kind, key, slot).

    ``key`` names what it is about ("enrolment-event:12"); ``slot`` tells apart
    occurrences of the same thing (a reminder's offset). ``context`` goes to the
    templates ``email/<kind>.*`` and ``notifications/inapp/<kind>.txt``;
    ``link`` (a path) is where the in-app notice leads. ``due_at`` marks the
    delivery late when sent well after it; ``expires_at`` keeps quiet hours from
    holding a notice past the moment it matters.

    Returns the claimed delivery, or None when the key was already claimed.
    With ``send_now`` the e-mail is sent in this call, so call it outside a
    transaction that might still roll back (from a task); otherwise a worker
    sends it after commit.
    """
    now = now or timezone.now()
    delivery = _claim(
        person=person, kind=kind, key=key, slot=slot, context=context, attachments=attachments, link=link,
        due_at=due_at, expires_at=expires_at, now=now,
    )  # fmt: skip
    if delivery is None or delivery.status != Status.CLAIMED:
        return delivery
    if send_now:
        delivery.attempts = 1
        Delivery.objects.filter(pk=delivery.pk, attempts=0).update(attempts=1)
        _send(delivery, now)
    else:
        from notifications import tasks

        transaction.on_commit(lambda: tasks.enqueue(tasks.send_delivery, delivery.pk))
    return delivery


def _sendable(now: datetime) -> Q:
    return (
        Q(status=Status.CLAIMED, attempts=0)
        | Q(status=Status.CLAIMED, claimed_at__lt=now - claim_lease())
        | Q(status=Status.DEFERRED, not_before__lte=now)
        | Q(status=Status.FAILED, next_attempt_at__lte=now)
    )


def deliver(delivery_id: int, *, now: datetime | None = None) -> bool:
    """Send a stored delivery that is due (queued, deferred, failed or abandoned). True if this call sent it."""
    now = now or timezone.now()
    delivery = Delivery.objects.select_related("recipient").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == Status.SENT:
        return False
    # The conditional UPDATE is the claim of this attempt: of two workers, one changes the row.
    won = Delivery.objects.filter(
        _sendable(now), pk=delivery.pk, status=delivery.status, attempts=delivery.attempts
    ).update(status=Status.CLAIMED, attempts=F("attempts") + 1, claimed_at=now, next_attempt_at=None)
    if not won:
        return False
    delivery.status, delivery.attempts, delivery.claimed_at = Status.CLAIMED, delivery.attempts + 1, now
    return _send(delivery, now)


def _send(delivery: Delivery, now: datetime) -> bool:
    try:
        build_message(delivery).send()
    except Exception as exc:  # SMTP refusals, timeouts, bad addresses: kept, shown to admins, retried
        retry_at = now + RETRY_DELAY * delivery.attempts if delivery.attempts < MAX_ATTEMPTS else None
        Delivery.objects.filter(pk=delivery.pk, status=Status.CLAIMED).update(
            status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], next_attempt_at=retry_at
        )
        return False
    late = bool(delivery.due_at and now - delivery.due_at > late_after())
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.SENT, sent_at=now, late=late, error="", next_attempt_at=None,
        body_text="", body_html="", attachments=[],
    )  # fmt: skip
    return True


def retry(*, delivery: Delivery) -> bool:
    """An admin asks for a failed delivery to go again now. True if it was failed."""
    return bool(Delivery.objects.filter(pk=delivery.pk, status=Status.FAILED).update(next_attempt_at=timezone.now()))


def due_delivery_ids(*, now: datetime | None = None, limit: int = 50_000) -> list[int]:
    """Deliveries to (re)send now: quiet hours over, retry time reached, or a claim abandoned."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(_sendable(now))
        .exclude(status=Status.CLAIMED, attempts=0, claimed_at__gte=now - timedelta(minutes=2))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


# --- the daily digest --------------------------------------------------------


def digest_hour() -> int:
    return getattr(settings, "NOTIFICATIONS_DIGEST_HOUR", 8)


def send_digest(*, person: User, now: datetime | None = None) -> Delivery | None:
    """Collect the person's waiting feed notices into today's digest e-mail (once per local day)."""
    now = now or timezone.now()
    local_day = now.astimezone(zone_of(person)).date()
    with transaction.atomic():
        items = list(
            Delivery.objects.filter(
                recipient=person, status=Status.DEFERRED, channel=Channel.DIGEST, created_at__lte=now
            ).order_by("created_at", "pk")
        )
        if not items:
            return None
        notices = [{"title": item.subject, "body": item.body_text, "link": item.link} for item in items]
        digest = _claim(
            person=person, kind=kinds.FEED_DIGEST, key="feed-digest", slot=local_day.isoformat(),
            context={"notices": notices, "day": local_day}, attachments=(), link="", due_at=None, expires_at=None,
            now=now,
        )  # fmt: skip
        if digest is None:
            return None  # today's digest went already; these wait for tomorrow's
        Delivery.objects.filter(pk__in=[i.pk for i in items], status=Status.DEFERRED).update(
            status=Status.SENT, sent_at=now, digest=digest
        )
    if digest.status == Status.CLAIMED:
        deliver(digest.pk, now=now)
    return digest


def digest_recipient_ids(*, now: datetime | None = None) -> list[int]:
    """People with feed notices waiting whose local clock has passed the digest hour."""
    now = now or timezone.now()
    waiting = (
        Delivery.objects.filter(status=Status.DEFERRED, channel=Channel.DIGEST)
        .order_by()
        .values_list("recipient_id", "recipient__time_zone")
        .distinct()
    )
    due = []
    for person_id, zone_name in waiting:
        try:
            zone = zoneinfo.ZoneInfo(zone_name or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        if now.astimezone(zone).hour >= digest_hour():
            due.append(person_id)
    return due


# --- the inbox ---------------------------------------------------------------


def mark_read(*, person: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of the person's notices read."""
    unread = Notification.objects.for_person(person).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
