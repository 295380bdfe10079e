"""Celery tasks of the practice feed: thin wrappers that call one service and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from practice import services


@shared_task(ignore_result=True)
def publish_scripted_posts() -> int:
    """Beat, every minute: publish the scenario posts that are due. Each is claimed once, so overlap is harmless."""
    return services.publish_due_scripted_posts()
