"""Enqueue Celery work by the task's name, so the code that asks for work never imports the tasks.

Services decide that work must happen; tasks do it by calling services. If services imported the tasks
there would be a loop (services -> tasks -> services), so each app's ``jobs.py`` names its tasks here and
its ``AppConfig.ready()`` imports its ``tasks`` module, which registers the names with Celery.

The database is the source of truth: when the broker is down the message is dropped with a warning and the
app's beat sweep finds the work from the database later.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

log = logging.getLogger(__name__)


def enqueue(name: str, *args: object) -> None:
    """Send the task called ``name`` now (``task.delay``), or leave it to the sweep if the broker is down."""
    task = current_app.tasks[name]
    try:
        task.delay(*args)
    except BrokerError:
        log.warning("Broker unavailable; %s%s left for the sweep", name, args)


def enqueue_on_commit(name: str, *args: object) -> None:
    """Send the task once the surrounding transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: enqueue(name, *args))
