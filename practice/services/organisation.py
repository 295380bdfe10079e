"""The organisation's own account in the practice feed.

Lessons tell learners to follow and mention ``@`` + ``settings.ORG_HANDLE``, so every install has that
account: a persona with no feed (everyone sees it), voiced by trainers like any persona, and shown as the
organisation (``Persona.is_organisation``). ``ensure_organisation`` makes it when it is missing and is
safe to call any number of times; ``practice.apps`` calls it after every ``migrate``.
"""

from __future__ import annotations

import logging

from django.apps.registry import Apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User, handle_validator
from practice.models import Persona

log = logging.getLogger(__name__)


def organisation_bio(name: str) -> str:
    return f"The official account of {name}. Practice posts stay inside Tweet Camp."[:160]


def _initials(name: str) -> str:
    words = [word for word in name.split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or name[:1].upper() or "?"


def ensure_organisation() -> Persona | None:
    """The organisation's account, made if missing; None when the handle cannot be one (logged)."""
    handle = settings.ORG_HANDLE
    existing: Persona | None = Persona.objects.filter(handle__iexact=handle).first()
    if existing is not None:
        return existing
    try:
        handle_validator(handle)
    except ValidationError:
        log.warning("ORG_HANDLE %r is not a valid handle; the organisation has no account in the feed", handle)
        return None
    if User.objects.filter(handle__iexact=handle).exists():
        log.warning("A person already uses the handle %r; the organisation has no account in the feed", handle)
        return None
    name = settings.ORG_NAME.strip()[:50] or handle
    try:
        with transaction.atomic():
            return Persona.objects.create(
                name=name, handle=handle, bio=organisation_bio(name), avatar_initials=_initials(name), feed=None
            )
    except IntegrityError:  # made by a concurrent migrate
        found: Persona | None = Persona.objects.filter(handle__iexact=handle).first()
        return found


def ensure_after_migrate(sender: object, *, apps: Apps | None = None, **kwargs: object) -> None:
    """``post_migrate`` (sent by migrate with the migrated state, by flush without): every install, new or
    upgraded, has the account once its table exists."""
    try:
        if apps is not None:
            apps.get_model("practice", "Persona")
    except LookupError:  # migrated back to before personas
        return
    ensure_organisation()
