"""Named reads for the inbox and the delivery log; each does its own joins."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from notifications.models import Delivery, Notification, QuietHours


def inbox(person: User) -> QuerySet[Notification]:
    return Notification.objects.for_person(person).order_by("-created_at", "-pk")


def unread_count(person: User) -> int:
    return Notification.objects.for_person(person).unread().count()


def quiet_hours_of(person: User) -> QuietHours | None:
    return QuietHours.objects.filter(person=person).first()


STATUS_FILTERS = {
    "sent": Q(status=Delivery.Status.SENT),
    "pending": Q(status__in=[Delivery.Status.CLAIMED, Delivery.Status.DEFERRED]),
    "failed": Q(status=Delivery.Status.FAILED),
    "skipped": Q(status=Delivery.Status.SKIPPED),
}


@dataclass(frozen=True)
class LogFilters:
    status: str = ""
    kind: str = ""
    late: bool = False
    q: str = ""


def delivery_log(filters: LogFilters) -> QuerySet[Delivery]:
    qs = Delivery.objects.select_related("recipient").defer("body_text", "body_html", "attachments")
    if filters.status in STATUS_FILTERS:
        qs = qs.filter(STATUS_FILTERS[filters.status])
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.late:
        qs = qs.filter(late=True)
    if filters.q:
        qs = qs.filter(Q(recipient__email__icontains=filters.q) | Q(key__icontains=filters.q))
    return qs.order_by("-created_at", "-pk")


def delivery_counts() -> dict[str, int]:
    """How many deliveries are sent, pending, failed and skipped (one query)."""
    return Delivery.objects.aggregate(**{name: Count("pk", filter=cond) for name, cond in STATUS_FILTERS.items()})
