"""A worker killed (SIGKILL) in the middle of sending an e-mail: the message is redelivered, the e-mail goes once.

tests/courses/test_grading_worker.py does this for grading; this is the notification
ledger's send task (notifications.tasks.send_delivery), on a private Redis.
"""

from __future__ import annotations

import os
import signal
from datetime import timedelta

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Delivery
from notifications.tasks import send_delivery, send_pending_wave
from tests.factories import DeliveryFactory, UserFactory
from tests.faults.conftest import ONLY_IN_MAKE_FAULTS, report, wait_for
from tests.faults.test_redis_outage import _point_celery_at, messages_in
from tweetcamp.celery import app

pytestmark = [ONLY_IN_MAKE_FAULTS, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def producer_on(private_redis):
    before = app.conf.broker_url
    _point_celery_at(private_redis.url)
    yield private_redis
    _point_celery_at(before)


def _waiting_on_a_lock() -> bool:
    # Its own connection: inside a transaction PostgreSQL keeps showing the same activity snapshot.
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname=connection.settings_dict["NAME"]) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").fetchone()[0] > 0


def test_a_worker_killed_while_sending_an_email_sends_it_once(producer_on, worker_processes):
    person = UserFactory(email="killed-worker@example.org")
    delivery = DeliveryFactory(
        recipient=person,
        status=Delivery.Status.CLAIMED,
        attempts=0,
        sent_at=None,
        subject="Your session moved",
        body_text="Your session moved to Tuesday.",
    )
    # Hold the row so the worker stops inside the task, at its claim, and is killed there.
    with transaction.atomic():
        Delivery.objects.select_for_update().get(pk=delivery.pk)
        send_delivery.delay(delivery.pk)
        first = worker_processes(producer_on.url, pool="solo", CELERY_VISIBILITY_TIMEOUT="3")
        try:
            assert wait_for(_waiting_on_a_lock, timeout=120), "the worker never reached the delivery"
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # no ack; its claim never commits
            first.wait(timeout=10)
    # The dead worker's UPDATE may still commit its claim once the lock is free (its server process lives on
    # until it next speaks to the client): the claim is then abandoned, and the lease says when to try again.
    wait_for(lambda: False, timeout=2)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CLAIMED and delivery.attempts in (0, 1)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now() - timedelta(hours=1))  # lease over
    worker_processes(producer_on.url, pool="solo", CELERY_VISIBILITY_TIMEOUT="3")
    send_pending_wave.delay()  # beat's sweep
    send_pending_wave.delay()  # ticking twice
    sent_in_time = wait_for(lambda: Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENT, timeout=90)
    delivery.refresh_from_db()
    assert sent_in_time, (delivery.status, delivery.attempts, delivery.error)
    send_delivery.delay(delivery.pk)  # a duplicate message changes nothing
    wait_for(lambda: False, timeout=3)
    delivery.refresh_from_db()
    sent = [m for m in messages_in(worker_processes.mail_dir) if m[0] == person.email]
    report(
        "worker killed mid-send",
        killed=1,
        emails=len(sent),
        attempts=delivery.attempts,
        duplicates=len(sent) - 1,
        lost=int(not sent),
    )
    assert delivery.attempts in (1, 2)
    assert sent == [(person.email, "Your session moved")]
