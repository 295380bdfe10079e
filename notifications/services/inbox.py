"""The in-app inbox: what a person has read."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from accounts.models import User
from notifications.models import Notification


def mark_read(*, person: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of the person's notices read."""
    unread = Notification.objects.for_person(person).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
