"""The private calendar subscription link."""

from __future__ import annotations

from accounts.models import User
from courses.models import CalendarFeed, new_token


def revoke(*, person: User) -> CalendarFeed:
    """Replace the token: the old link stops working at once, a new one is ready."""
    feed, created = CalendarFeed.objects.get_or_create(user=person)
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed
