"""Permissions read once per person and kept in the cache, not read again on every request.

Every page asks what the person may do (the navigation, the view's own check): Django's ModelBackend
answers from two queries per request. Roles change rarely, so the answer is kept in the cache under a
version that any change of a person's roles or a role's permissions replaces (``forget_all``, called
from ``accounts.apps`` on those changes). If the cache is away, the backend reads the database as before.
"""

from __future__ import annotations

import contextlib
import logging
import uuid

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

VERSION_KEY = "perms:version"
TTL = 3600


def _key(user) -> str:
    return f"perms:{user.pk}"


def forget_all(**kwargs) -> None:
    """A role or a person's roles changed: every stored permission set is out of date."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except (RedisError, OSError):
        # Without the cache nothing was stored to go stale; a set stored before the outage expires in TTL.
        log.warning("Could not mark cached permissions out of date: the cache is unavailable")


class CachedPermissionsBackend(ModelBackend):
    """ModelBackend whose answer for a person is kept in the cache between requests."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = self._cached(user_obj)
        return user_obj._perm_cache

    def _cached(self, user_obj) -> set[str]:
        try:
            found = cache.get_many([VERSION_KEY, _key(user_obj)])
        except (RedisError, OSError):
            return super().get_all_permissions(user_obj)
        version = found.get(VERSION_KEY)
        stored = found.get(_key(user_obj))
        # A superuser flag changed on the row is part of the key too: it is not a role change.
        if stored and version and stored[0] == (version, user_obj.is_superuser):
            return set(stored[1])
        perms = super().get_all_permissions(user_obj)
        if version is None:
            version = uuid.uuid4().hex
            try:
                if not cache.add(VERSION_KEY, version, None):
                    version = cache.get(VERSION_KEY)
            except (RedisError, OSError):
                return perms
        with contextlib.suppress(RedisError, OSError):
            cache.set(_key(user_obj), ((version, user_obj.is_superuser), sorted(perms)), TTL)
        return perms
