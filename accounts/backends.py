"""Permissions read once per person and kept in the cache, not read again on every request.

Every page asks what the person may do (the navigation, the view's own check): Django's ModelBackend
answers from two queries per request. Roles change rarely, so with Redis (``PERMISSION_CACHE``) the
answer is kept under two versions: one for all roles (a role's permissions changed, a role went) and one
per person (their roles changed), replaced by the signals connected in ``accounts.apps`` both at once and
again when the change commits, so a request that read the old roles before the commit cannot store them
as current. Without Redis, or when it is away, it is Django's ModelBackend: a database cache would cost
more queries than it saves.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from redis.exceptions import RedisError

from accounts.models import User

log = logging.getLogger(__name__)


VERSION_KEY = "perms:version"
TTL = 3600


def _key(pk: object) -> str:
    return f"perms:{pk}"


def _person_version_key(pk: object) -> str:
    return f"perms:v:{pk}"


def _replace_versions(keys: list[str]) -> None:
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None if keys == [VERSION_KEY] else TTL * 2)
    except (RedisError, OSError):
        # Without the cache nothing new was stored to go stale; what was stored before expires within TTL.
        log.warning("Could not mark %s cached permission sets out of date: the cache is unavailable", len(keys))


def _forget(keys: list[str]) -> None:
    if not getattr(settings, "PERMISSION_CACHE", False):
        return
    _replace_versions(keys)
    # Again once the change is visible: a request between the two would otherwise store the old roles.
    transaction.on_commit(lambda: _replace_versions(keys))


def forget_all(**kwargs: Any) -> None:
    """A role's permissions changed (or a role went): every stored permission set is out of date."""
    _forget([VERSION_KEY])


def forget_people(*, instance: Model, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any) -> None:
    """Some people's roles (or own permissions) changed: only their sets go out of date, from either side
    of the relation (``person.groups.add(role)`` or ``role.user_set.add(person)``)."""
    if not action.startswith("post_"):
        return
    if not reverse:
        ids = [instance.pk]
    elif pk_set is not None:
        ids = list(pk_set)
    else:  # role.user_set.clear(): who was in it is no longer known
        forget_all()
        return
    _forget([_person_version_key(pk) for pk in ids])


class CachedPermissionsBackend(ModelBackend):
    """ModelBackend whose answer for a person is kept in the cache between requests."""

    def get_all_permissions(self, user_obj: User | AnonymousUser, obj: Model | None = None) -> set[str]:
        if not getattr(settings, "PERMISSION_CACHE", False):
            return super().get_all_permissions(user_obj, obj)
        if not isinstance(user_obj, User) or not user_obj.is_active or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = self._cached(user_obj)
        return user_obj._perm_cache

    def _cached(self, user_obj: User) -> set[str]:
        keys = (VERSION_KEY, _person_version_key(user_obj.pk), _key(user_obj.pk))
        try:
            found = cache.get_many(keys)
            # The versions are read before the database is: a change after this makes what is stored stale.
            versions = tuple(found.get(key) or self._new_version(key) for key in keys[:2])
        except (RedisError, OSError):
            return super().get_all_permissions(user_obj)
        # A superuser flag changed on the row is no role change; the join date tells a reused id (a restored
        # database) from the person the set was stored for.
        tag = (*versions, user_obj.is_superuser, user_obj.date_joined.isoformat())
        stored = found.get(keys[2])
        if stored and stored[0] == tag:
            return set(stored[1])
        perms = super().get_all_permissions(user_obj)
        with contextlib.suppress(RedisError, OSError):
            cache.set(keys[2], (tag, sorted(perms)), TTL)
        return perms

    @staticmethod
    def _new_version(key: str) -> str:
        version = uuid.uuid4().hex
        timeout = None if key == VERSION_KEY else TTL * 2
        return version if cache.add(key, version, timeout) else cache.get(key) or version
