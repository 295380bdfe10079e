"""How each person wants each kind of notice: their channel, and the quiet hours e-mail waits out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from accounts.models import User
from core.zones import zone_named
from notifications import kinds
from notifications.kinds import Channel
from notifications.models import Preference, QuietHours


def channel_for(person: User, kind: str) -> str:
    spec = kinds.get(kind)
    if spec.mandatory:
        return Channel.BOTH
    chosen = Preference.objects.filter(person=person, kind=kind).values_list("channel", flat=True).first()
    return chosen or spec.default


def channels_for(people: Sequence[User], kind: str) -> dict[int, str]:
    """Each person's channel for ``kind`` (one query): off for the inactive, e-mail and in-app for the
    notices nobody may turn off, else their preference or the kind's default."""
    spec = kinds.get(kind)
    chosen: dict[int, str] = {}
    if not spec.mandatory:
        chosen = dict(
            Preference.objects.filter(person__in=[p.pk for p in people], kind=kind).values_list("person_id", "channel")
        )
    return {
        p.pk: (Channel.OFF if not p.is_active else Channel.BOTH if spec.mandatory else chosen.get(p.pk, spec.default))
        for p in people
    }


def preferences_of(person: User) -> dict[str, str]:
    """Every configurable kind with the person's channel for it (one query)."""
    chosen = dict(Preference.objects.filter(person=person).values_list("kind", "channel"))
    return {
        spec.name: (Channel.BOTH if spec.mandatory else chosen.get(spec.name, spec.default))
        for spec in kinds.all_kinds()
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


def quiet_ends(people: Sequence[User], now: datetime) -> dict[int, datetime]:
    """When quiet hours end for each person who is inside them now (one query)."""
    found = {q.person_id: q for q in QuietHours.objects.filter(person__in=[p.pk for p in people])}
    ends: dict[int, datetime] = {}
    for person in people:
        if person.pk in found:
            until = quiet_end(found[person.pk], zone_named(person.time_zone), now)
            if until is not None:
                ends[person.pk] = until
    return ends


def quiet_end(quiet: QuietHours, zone: ZoneInfo, now: datetime) -> datetime | None:
    """When these quiet hours end, if ``now`` is inside them in ``zone``; else None."""
    local = now.astimezone(zone)
    t = local.time()
    # Quiet hours may run across midnight, e.g. 22:00–07:00.
    inside = quiet.starts <= t < quiet.ends if quiet.starts < quiet.ends else (t >= quiet.starts or t < quiet.ends)
    if not inside:
        return None
    day = local.date() if t < quiet.ends else local.date() + timedelta(days=1)
    return datetime.combine(day, quiet.ends, tzinfo=zone)
