"""Fault tests: real PostgreSQL and Redis, each fault made on servers the test starts itself.

The shared Redis (6379) and PostgreSQL (5432) are never stopped: a test that stops
a server starts its own on a spare port first. Run with `make faults` (or `make soak`).
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.notifications.test_reminder_workers import Broker, mailed, wait_for  # one private-Redis helper

ROOT = Path(__file__).resolve().parents[2]

# Fault tests start and stop servers for a minute or more each: they run in `make faults` and
# `make soak` (FAULTS=1, on PostgreSQL + Redis), not in every `make test`.
ONLY_IN_MAKE_FAULTS = pytest.mark.skipif(not os.environ.get("FAULTS"), reason="fault test: run by make faults")

__all__ = ["ONLY_IN_MAKE_FAULTS", "ROOT", "Broker", "mailed", "wait_for"]


def report(name: str, **figures) -> None:
    """Fault tests print their figures (run pytest with -s, as `make faults` does)."""
    print(f"\n[faults] {name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


@pytest.fixture
def private_redis(tmp_path):
    broker = Broker(tmp_path)
    broker.start()
    yield broker
    broker.stop()


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_processes(tmp_path):
    """Start `celery worker` processes on the test database and a given broker; all stopped after the test."""
    started: list[subprocess.Popen] = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    def start(broker_url: str, *, queues: str = "default,fast,bulk", pool: str = "prefork", **extra_env: str):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tweetcamp.settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": broker_url,
            "EMAIL_BACKEND": "file",
            "EMAIL_FILE_PATH": str(mail_dir),
            "TWEETCAMP_VAR_DIR": str(tmp_path / "var"),
            "REMINDER_REDISPATCH_AFTER": "0",
            "LOG_LEVEL": "WARNING",
            **extra_env,
        }
        process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/celery"),
                "-A",
                "tweetcamp",
                "worker",
                f"--queues={queues}",
                f"--pool={pool}",
                "--concurrency=2",
                f"--hostname=fault{len(started)}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(process)
        return process

    start.mail_dir = mail_dir  # type: ignore[attr-defined]
    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in started:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
