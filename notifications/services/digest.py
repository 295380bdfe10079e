"""The daily digest: feed notices people chose to read once a day, collected into one e-mail."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.zones import zone_named
from notifications import kinds
from notifications.kinds import Channel
from notifications.models import Delivery
from notifications.services.ledger import Notice, claim
from notifications.services.sending import Status, deliver


def digest_hour() -> int:
    return int(getattr(settings, "NOTIFICATIONS_DIGEST_HOUR", 8))


def send_digest(*, person: User, now: datetime | None = None) -> Delivery | None:
    """Collect the person's waiting feed notices into today's digest e-mail (once per local day)."""
    now = now or timezone.now()
    local_day = now.astimezone(zone_named(person.time_zone)).date()
    with transaction.atomic():
        items = list(
            Delivery.objects.filter(
                recipient=person, status=Status.DEFERRED, channel=Channel.DIGEST, created_at__lte=now
            ).order_by("created_at", "pk")
        )
        if not items:
            return None
        notices = [{"title": item.subject, "body": item.body_text, "link": item.link} for item in items]
        context = {"notices": notices, "day": local_day}
        notice = Notice(
            person=person, kind=kinds.FEED_DIGEST, key="feed-digest", slot=local_day.isoformat(), context=context
        )
        claimed = claim([notice], send_now=False, now=now).deliveries
        if not claimed:
            return None  # today's digest went already; these wait for tomorrow's
        (digest,) = claimed
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
    hour = digest_hour()
    return [person_id for person_id, zone_name in waiting if now.astimezone(zone_named(zone_name)).hour >= hour]
