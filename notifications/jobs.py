"""Celery work the notification services ask for, named rather than imported (tasks import services)."""

from __future__ import annotations

from core.jobs import enqueue, enqueue_on_commit

SEND_DELIVERY = "notifications.tasks.send_delivery"
SEND_DELIVERY_BATCH = "notifications.tasks.send_delivery_batch"
SEND_DIGEST = "notifications.tasks.send_digest"


def send_delivery_on_commit(delivery_id: int) -> None:
    """Send one claimed delivery from a worker once the claim has committed."""
    enqueue_on_commit(SEND_DELIVERY, delivery_id)


def send_delivery_batch(delivery_ids: list[int]) -> None:
    enqueue(SEND_DELIVERY_BATCH, delivery_ids)


def send_digest(person_id: int) -> None:
    enqueue(SEND_DIGEST, person_id)
