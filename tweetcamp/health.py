"""Health checks read by /health/ and by operators."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection

from tweetcamp.models import Heartbeat

BEAT = "beat"
# Beat ticks every 30 s; three missed ticks and we call it down.
BEAT_STALE_AFTER = timedelta(seconds=90)


def record_beat() -> None:
    Heartbeat.objects.update_or_create(name=BEAT, defaults={"last_seen": timezone.now()})


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the message says which
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict[str, Any]:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # kombu raises many transport-specific errors
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "transport": settings.CELERY_BROKER_URL.split(":", 1)[0]}


def check_beat() -> dict[str, Any]:
    try:
        beat = Heartbeat.objects.filter(name=BEAT).first()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    if beat is None:
        return {"ok": False, "error": "no beat tick recorded yet"}
    age = timezone.now() - beat.last_seen
    return {
        "ok": age <= BEAT_STALE_AFTER,
        "last_tick": beat.last_seen.isoformat(),
        "age_seconds": int(age.total_seconds()),
    }


def report() -> dict[str, Any]:
    checks = {"database": check_database(), "broker": check_broker(), "beat": check_beat()}
    return {"ok": all(c["ok"] for c in checks.values()), "checks": checks}
