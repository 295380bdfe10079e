"""Who holds a practice handle. People's handles live here; apps above accounts that give handles to
something else (practice's personas and the organisation's account) register a check from their
``AppConfig.ready()``, so a person can never take a handle that already names someone in the feed."""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import User

_claimed_elsewhere: list[Callable[[str], bool]] = []


def register(is_held: Callable[[str], bool]) -> None:
    """Add a check ``is_held(handle) -> bool`` (case-insensitive); idempotent."""
    if is_held not in _claimed_elsewhere:
        _claimed_elsewhere.append(is_held)


def is_taken(handle: str, *, exclude_user_pk: int | None = None) -> bool:
    people = User.objects.filter(handle__iexact=handle)
    if exclude_user_pk is not None:
        people = people.exclude(pk=exclude_user_pk)
    return people.exists() or any(is_held(handle) for is_held in _claimed_elsewhere)
