"""Signed-in sessions for the bench's people, written straight into the session table (no password hashing)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import User
from bench.config import CSRF_TOKEN

BACKEND = "accounts.backends.CachedPermissionsBackend"


def sessions_for(user_ids: list[int]) -> dict[int, str]:
    """A session key per person, valid for a day."""
    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    keys: dict[int, str] = {}
    rows = []
    for user in User.objects.filter(pk__in=user_ids).only("pk", "password"):
        key = secrets.token_hex(16)
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: BACKEND, HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys[user.pk] = key
    Session.objects.bulk_create(rows, batch_size=2000)
    return keys


def cookie(session_key: str) -> str:
    return f"sessionid={session_key}; csrftoken={CSRF_TOKEN}"
