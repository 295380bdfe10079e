"""Thin tasks: each takes ids, reloads, calls one service, and is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from accounts.models import User
from notifications import jobs, services

BATCH = 500


@shared_task(ignore_result=True)
def send_delivery(delivery_id: int) -> None:
    services.deliver(delivery_id)


@shared_task(ignore_result=True)
def send_delivery_batch(delivery_ids: list[int]) -> int:
    return sum(services.deliver(pk) for pk in delivery_ids)


@shared_task(ignore_result=True)
def send_pending_wave() -> int:
    """Beat job: send what quiet hours held, retry failures that are due, and rescue abandoned claims."""
    ids = services.due_delivery_ids()
    for start in range(0, len(ids), BATCH):
        jobs.send_delivery_batch(ids[start : start + BATCH])
    return len(ids)


@shared_task(ignore_result=True)
def send_digest(person_id: int) -> None:
    person = User.objects.filter(pk=person_id).first()
    if person is not None:
        services.send_digest(person=person)


@shared_task(ignore_result=True)
def send_digest_wave() -> int:
    """Beat job: each person's daily feed digest, once their local clock passes the digest hour."""
    ids = services.digest_recipient_ids()
    for person_id in ids:
        jobs.send_digest(person_id)
    return len(ids)
