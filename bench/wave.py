"""The reminder wave: every seat of many sessions falls due at one beat tick.

Uses the reminder machinery's public functions (``courses.reminders.dispatch_due_reminders`` and
``send_reminders``, through the beat task ``courses.tasks.send_reminder_wave``) when they are in
the tree; otherwise reports that they are not available.
"""

from __future__ import annotations

import importlib
import os
import re
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from courses.models import Session
from notifications.models import Delivery

TO = re.compile(r"^To: (.+)$", re.MULTILINE)


def available() -> str:
    """Empty when the reminder machinery is there; otherwise why not."""
    try:
        reminders = importlib.import_module("courses.reminders")
        tasks = importlib.import_module("courses.tasks")
    except ImportError as error:
        return f"courses.reminders is not in this tree ({error})"
    missing = [n for n in ("dispatch_due_reminders", "send_reminders") if not hasattr(reminders, n)]
    if missing or not hasattr(tasks, "send_reminder_wave"):
        return "the reminder functions are not in this tree: " + ", ".join(missing or ["send_reminder_wave"])
    return ""


def fall_due(session_ids: list[int]) -> None:
    """Move the wave's sessions to start in 59 minutes: their one-hour reminder is due now."""
    starts = timezone.now() + timedelta(minutes=59)
    Session.objects.filter(pk__in=session_ids).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2), enrolment_closes_at=starts - timedelta(hours=2)
    )


def tick() -> None:
    """What beat does each minute: send the wave task to a worker (looked up by name, like available())."""
    importlib.import_module("courses.tasks").send_reminder_wave.delay()


def mail_files(folder: Path) -> list[Path]:
    return [folder / name for name in os.listdir(folder)] if folder.exists() else []


def wait_sent(folder: Path, expected: int, *, started: float, timeout: float, stall: float = 60) -> dict[str, Any]:
    """Poll the file backend's folder until ``expected`` messages are there, it stalls, or time runs out."""
    reminders = Delivery.objects.filter(kind="session_reminder")
    deadline = started + timeout
    last_count, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = reminders.filter(status=Delivery.Status.SENT).count()
        if count >= expected:
            break
        if count != last_count:
            last_count, last_change = count, time.monotonic()
        elif time.monotonic() - last_change > stall:
            break
        time.sleep(1)
    files = mail_files(folder)
    last_write = max((f.stat().st_mtime for f in files), default=None)
    return {"files": len(files), "last_write": last_write, "timed_out": time.monotonic() >= deadline}


def check_once(folder: Path, expected_people: set[str]) -> dict[str, Any]:
    """Each reminder went exactly once: one message per person, none twice, nobody missed."""
    sent: Counter[str] = Counter()
    for path in mail_files(folder):
        text = path.read_text(errors="replace")
        for message in text.split("\n" + "-" * 79 + "\n"):
            found = TO.search(message)
            if found:
                sent[found.group(1).strip().lower()] += 1
    twice = sum(1 for n in sent.values() if n > 1)
    missing = len(expected_people - set(sent))
    unexpected = len(set(sent) - expected_people)
    return {
        "messages": sum(sent.values()),
        "people": len(sent),
        "sent_twice_or_more": twice,
        "missing": missing,
        "unexpected": unexpected,
        "none_twice": twice == 0 and unexpected == 0,
        "exactly_once": twice == 0 and missing == 0 and unexpected == 0,
    }
