from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from courses import emails, reminders
from courses.models import EnrolmentEvent
from courses.services import drills
from notifications.tasks import enqueue_on_commit  # noqa: F401 - the one 'send after commit' helper; services call it from here

log = logging.getLogger(__name__)

# A message older than this without a send is presumed lost and sent again by the sweep.
LOST_AFTER = timedelta(minutes=2)


@shared_task(bind=True, ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_enrolment_update(self, event_id: int) -> None:
    emails.send_enrolment_update(event_id)


@shared_task(ignore_result=True)
def sweep_unsent_enrolment_updates() -> int:
    """Beat job: re-enqueue e-mails whose message was lost (broker down, worker died)."""
    cutoff = timezone.now() - LOST_AFTER
    ids = list(
        EnrolmentEvent.objects.filter(emailed_at__isnull=True, action__in=list(emails.EMAILED), at__lt=cutoff)
        .order_by("at")
        .values_list("pk", flat=True)[:5000]
    )
    for event_id in ids:
        send_enrolment_update.delay(event_id)
    return len(ids)


@shared_task(
    bind=True, ignore_result=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5
)
def grade_submission(self, submission_id: int) -> None:
    """Grade one attempt, and take on other pending ones with it; safe to run twice (the grade row is
    unique per rubric version). Under a backlog the first task grades a batch and the messages of the
    attempts it took on find them graded: a cheap no-op."""
    drills.grade_submissions([submission_id], drain_ahead=drills.DRAIN_AHEAD, return_grades=False)


@shared_task(ignore_result=True)
def sweep_pending_submissions() -> int:
    """Beat job: re-queue attempts whose grading message was lost."""
    ids = drills.stale_pending()
    for submission_id in ids:
        grade_submission.delay(submission_id)
    return len(ids)


@shared_task(ignore_result=True)
def sweep_untold_grades() -> int:
    """Beat job: tell learners of grades whose notice was lost (the worker died after the grade's commit)."""
    return drills.tell_untold(drills.untold_grades())


@shared_task(ignore_result=True)
def send_reminder_wave() -> int:
    """Beat job (every minute): find due session reminders in the database and hand them out in batches."""

    def enqueue(session_id: int, offset_seconds: int, enrolment_ids: list[int]) -> bool:
        try:
            send_reminder_batch.delay(session_id, offset_seconds, enrolment_ids)
        except BrokerError:
            log.warning("Broker unavailable; reminders of session %s left for the next tick", session_id)
            return False
        return True

    return reminders.dispatch_due_reminders(enqueue=enqueue)


@shared_task(ignore_result=True)
def send_reminder_batch(session_id: int, offset_seconds: int, enrolment_ids: list[int]) -> int:
    """Send one batch of a reminder wave; each reminder is claimed in the ledger, so a rerun sends nothing new."""
    return reminders.send_reminders(session_id=session_id, offset_seconds=offset_seconds, enrolment_ids=enrolment_ids)
