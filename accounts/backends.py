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


def _key(pk) -> str:
    return f"perms:{pk}"


def _person_version_key(pk) -> str:
    return f"perms:v:{pk}"


def forget_all(**kwargs) -> None:
    """A role's permissions changed (or a role went): every stored permission set is out of date."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except (RedisError, OSError):
        # Without the cache nothing was stored to go stale; a set stored before the outage expires in TTL.
        log.warning("Could not mark cached permissions out of date: the cache is unavailable")


def forget_people(*, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """Some people's roles (or own permissions) changed: only their sets go out of date, from either side
    of the relation (``person.groups.add(role)`` or ``role.user_set.add(person)``). A new version, not a
    delete: a request that read the old roles just before cannot store them as current afterwards."""
    if not action.startswith("post_"):
        return
    if not reverse:
        ids = [instance.pk]
    elif pk_set is not None:
        ids = list(pk_set)
    else:  # role.user_set.clear(): who was in it is no longer known
        forget_all()
        return
    try:
        cache.set_many({_person_version_key(pk): uuid.uuid4().hex for pk in ids}, TTL * 2)
    except (RedisError, OSError):
        log.warning("Could not forget cached permissions of %s people: the cache is unavailable", len(ids))


class CachedPermissionsBackend(ModelBackend):
    """ModelBackend whose answer for a person is kept in the cache between requests."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = self._cached(user_obj)
        return user_obj._perm_cache

    def _cached(self, user_obj) -> set[str]:
        keys = (VERSION_KEY, _person_version_key(user_obj.pk), _key(user_obj.pk))
        try:
            found = cache.get_many(keys)
            # The versions are read before the database is: a change after this makes what is stored stale.
            versions = tuple(found.get(key) or self._new_version(key) for key in keys[:2])
        except (RedisError, OSError):
            return super().get_all_permissions(user_obj)
        tag = (*versions, user_obj.is_superuser)  # a superuser flag changed on the row is no role change
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
