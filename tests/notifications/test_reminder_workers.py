"""Reminder waves through real worker processes, a real Redis broker and PostgreSQL (the services run).

Two ``celery worker`` processes share the test database. Each test starts its own
redis-server on a spare port (the shared Redis on 6379 is never stopped), so the
broker can be killed while reminders fall due and started again.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import User
from courses.models import Enrolment
from notifications.models import Delivery
from tests.factories import SessionFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout=90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def spare_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """A private redis-server that a test may stop and start again on the same port."""

    def __init__(self, directory: Path):
        self.port, self.directory, self.process = spare_port(), directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self.answers, timeout=10), "redis-server did not start"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def broker(tmp_path):
    broker = Broker(tmp_path)
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def workers(broker, mail_dir, tmp_path):
    """Start n worker processes on the test database; they are stopped (warm shutdown) after the test."""
    started: list[subprocess.Popen] = []
    db = connection.settings_dict

    def start(n: int = 2, **extra_env: str) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tweetcamp.settings",
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "REDIS_URL": broker.url,
            "EMAIL_BACKEND": "file",
            "EMAIL_FILE_PATH": str(mail_dir),
            "TWEETCAMP_VAR_DIR": str(tmp_path / "var"),
            "REMINDER_REDISPATCH_AFTER": "0",  # every wave handed out in full: only the ledger stops duplicates
            "LOG_LEVEL": "WARNING",
            **extra_env,
        }
        for i in range(n):
            started.append(
                subprocess.Popen(
                    [
                        str(ROOT / ".venv/bin/celery"),
                        "-A",
                        "tweetcamp",
                        "worker",
                        "--queues=default,fast,bulk",
                        "--pool=prefork",
                        "--concurrency=3",
                        f"--hostname=w{i}-{broker.port}@%h",
                        "--without-gossip",
                        "--without-mingle",
                        "--loglevel=WARNING",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def beat_tick(broker_url: str) -> None:
    """What celery beat does each minute: send the wave task through the broker."""
    sender = Celery("beat-in-test")
    sender.config_from_object("django.conf:settings", namespace="CELERY")
    sender.conf.broker_url = broker_url
    sender.conf.broker_connection_retry = False
    sender.conf.broker_connection_max_retries = 0
    try:
        sender.send_task("courses.tasks.send_reminder_wave", retry=False)
    finally:
        sender.close()


def class_of(n: int, *, starts_in: timedelta):
    """A session starting after ``starts_in`` with n people who have held seats for a day."""
    starts = (timezone.now() + starts_in).replace(microsecond=0)
    session = SessionFactory(starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=n)
    people = User.objects.bulk_create(
        User(email=f"p{i}-{session.pk}@example.org", display_name=f"Person {i}", handle=f"p{i}s{session.pk}")
        for i in range(n)
    )
    day_ago = timezone.now() - timedelta(days=1)
    Enrolment.objects.bulk_create(
        Enrolment(
            session=session,
            course=session.course,
            user=p,
            status="enrolled",
            created_at=day_ago,
            status_changed_at=day_ago,
            queued_at=day_ago,
        )
        for p in people
    )
    return session, people


def mailed(mail_dir: Path) -> list[str]:
    """Every recipient of every message the workers wrote, one entry per message."""
    return [
        line.removeprefix("To: ").strip()
        for path in mail_dir.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]


def test_two_workers_running_the_wave_twice_at_once_send_each_reminder_once(broker, workers, mail_dir):
    session, people = class_of(600, starts_in=timedelta(hours=1, seconds=-5))  # the 1-hour reminder is due
    workers(2)
    started = time.monotonic()
    beat_tick(broker.url)
    beat_tick(broker.url)  # beat twice at once: two dispatchers, four batches of the same 600 people
    assert wait_for(lambda: Delivery.objects.filter(kind="session_reminder", status="sent").count() == 600)
    elapsed = time.monotonic() - started
    beat_tick(broker.url)
    time.sleep(3)  # room for any duplicate to show up
    recipients = mailed(mail_dir)
    assert len(recipients) == 600 and sorted(recipients) == sorted(p.email for p in people)
    assert Delivery.objects.filter(kind="session_reminder").count() == 600
    assert not Delivery.objects.filter(late=True).exists()
    print(f"\n600 reminders, wave sent twice, 2 workers x 3 processes: {elapsed:.1f} s")


def test_reminders_that_fall_due_while_the_broker_is_down_go_once_late_when_it_returns(broker, workers, mail_dir):
    # Late after 2 s here (10 minutes in production), so the outage can be short.
    session, people = class_of(30, starts_in=timedelta(hours=1, seconds=6))
    workers(2, NOTIFICATIONS_LATE_AFTER="2")
    broker.stop()
    with pytest.raises((BrokerError, OSError)):
        beat_tick(broker.url)  # beat's tick is lost: nothing is queued, nothing is claimed
    time.sleep(11)  # the reminders fall due during the outage, and become late
    assert not Delivery.objects.exists() and mailed(mail_dir) == []
    broker.start()  # a fresh, empty Redis: whatever was queued before is gone
    assert wait_for(lambda: _tick_lands(broker.url))
    beat_tick(broker.url)
    assert wait_for(lambda: Delivery.objects.filter(status="sent").count() == 30)
    beat_tick(broker.url)
    time.sleep(3)
    assert sorted(mailed(mail_dir)) == sorted(p.email for p in people)
    assert Delivery.objects.filter(late=True).count() == 30


def _tick_lands(url: str) -> bool:
    try:
        beat_tick(url)
    except (BrokerError, OSError):
        return False
    return True
