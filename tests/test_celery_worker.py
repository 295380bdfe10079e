"""A real worker executes a task sent through the real Redis broker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from tweetcamp.celery import app
from tweetcamp.models import Heartbeat
from tweetcamp.tasks import heartbeat

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_runs_a_task_sent_through_redis():
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, pool="solo", perform_ping_check=False, queues=["default"], shutdown_timeout=10):
        result = heartbeat.apply_async(ignore_result=False)
        # A result backend is off in production; poll the database, the source of truth.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not Heartbeat.objects.exists():
            time.sleep(0.1)
    assert Heartbeat.objects.filter(name="beat").exists(), result.id
