"""Send what the ledger holds: claimed notices now, the rest when due (quiet hours over, retry time
reached, or a claim abandoned by a worker that died), each attempt claimed by a conditional UPDATE."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from notifications.models import Delivery
from notifications.services.mime import build_message

Status = Delivery.Status
MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(minutes=5)


def late_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "NOTIFICATIONS_LATE_AFTER", 600))


def claim_lease() -> timedelta:
    """A claim older than this without a result is presumed dead (worker killed) and tried again."""
    return timedelta(seconds=getattr(settings, "NOTIFICATIONS_CLAIM_LEASE", 900))


def send_claimed(deliveries: Sequence[Delivery], *, now: datetime, unsubscribe: Mapping[tuple[int, str], str]) -> int:
    """Send claimed deliveries over one connection; mark the sent with one UPDATE and each failure for retry.

    Each message is sent on its own over the shared connection, so one refused address fails alone
    and the others still go. ``unsubscribe`` holds links already made, by (recipient id, kind).
    Returns how many were sent.
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
                    link = unsubscribe.get((delivery.recipient_id, delivery.kind))
                    message = build_message(delivery, unsubscribe_link=link)
                    message.connection = connection
                    message.send()
                except Exception as error:  # SMTP refusals, timeouts, bad addresses: kept, shown, retried
                    failures.append((delivery, error))
                    _reopen(connection)
                else:
                    sent.append(delivery.pk)
        finally:
            connection.close()
    if sent:
        _mark_sent(Delivery.objects.filter(pk__in=sent), now)
    for failed, reason in failures:
        _mark_failed(failed, reason, now)
    return len(sent)


def _mark_sent(sent: QuerySet[Delivery], now: datetime, **also: object) -> None:
    """Sent: the stored e-mail is dropped (it was kept only so a retry sends the very same message)."""
    sent.update(
        status=Status.SENT,
        sent_at=now,
        error="",
        next_attempt_at=None,
        body_text="",
        body_html="",
        attachments=[],
        **also,
    )


def _mark_failed(delivery: Delivery, exc: Exception, now: datetime) -> None:
    retry_at = now + RETRY_DELAY * delivery.attempts if delivery.attempts < MAX_ATTEMPTS else None
    Delivery.objects.filter(pk=delivery.pk, status=Status.CLAIMED).update(
        status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], next_attempt_at=retry_at
    )


def _reopen(connection: BaseEmailBackend) -> None:
    """After a failed send the SMTP session may be broken: start a fresh one for the rest."""
    try:
        connection.close()
        connection.open()
    except Exception:  # noqa: S110 - the next send opens (or fails) on its own
        pass


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
    try:
        build_message(delivery).send()
    except Exception as exc:  # SMTP refusals, timeouts, bad addresses: kept, shown to admins, retried
        _mark_failed(delivery, exc, now)
        return False
    late = bool(delivery.due_at and now - delivery.due_at > late_after())
    _mark_sent(Delivery.objects.filter(pk=delivery.pk), now, late=late)
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
