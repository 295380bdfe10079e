"""Thin tasks: each takes ids, reloads, calls one service, and is safe to run twice.

Services never import this module; they ask for work through ``courses.jobs``, by task name.
The beat sweeps read the database each time, so a lost message only delays the work to the next sweep.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.db.models import Max
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import User
from courses import emails, reminders
from courses.models import Course, EnrolmentEvent, ReminderRule
from courses.models.reminders import DEFAULTS
from courses.selectors import assignments
from courses.services.drills import grading

log = logging.getLogger(__name__)

# A message older than this without a send is presumed lost and sent again by the sweep.
LOST_AFTER = timedelta(minutes=2)
# Due-date notices are handed to the workers in batches of this many people (of one course).
BATCH = 200
# Overdue notices (and the manager's copy after some business days) keep coming for a while after
# the due date; past this margin beyond the longest overdue rule, nothing is left to send.
OVERDUE_MARGIN = timedelta(days=21)


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_enrolment_update(event_id: int) -> None:
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


@shared_task(ignore_result=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)
def grade_submission(submission_id: int) -> None:
    """Grade one attempt, and take on other pending ones with it; safe to run twice (the grade row is
    unique per rubric version). Under a backlog the first task grades a batch and the messages of the
    attempts it took on find them graded: a cheap no-op."""
    grading.grade_submissions([submission_id], drain_ahead=grading.DRAIN_AHEAD, return_grades=False)


@shared_task(ignore_result=True)
def sweep_pending_submissions() -> int:
    """Beat job: re-queue attempts whose grading message was lost."""
    ids = grading.stale_pending()
    for submission_id in ids:
        grade_submission.delay(submission_id)
    return len(ids)


@shared_task(ignore_result=True)
def sweep_untold_grades() -> int:
    """Beat job: tell learners of grades whose notice was lost (the worker died after the grade's commit)."""
    return grading.tell_untold(grading.untold_grades())


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


# --- assignment due dates: due-soon and overdue notices --------------------------------------
# Every notice is claimed in the notifications ledger, so sweeping again never sends anything twice.


def window(now: datetime) -> tuple[datetime, datetime]:
    """Due dates that may have a notice to send now: the longest due-soon rule ahead, the longest overdue
    rule (plus the margin) behind. One query over the reminder rules."""
    longest = dict(ReminderRule.objects.values("kind").annotate(longest=Max("offset")).values_list("kind", "longest"))
    ahead = max(
        [longest.get(ReminderRule.Kind.DUE_SOON, timedelta(0)), *(o for o, _ in DEFAULTS[ReminderRule.Kind.DUE_SOON])]
    )
    behind = max(
        [longest.get(ReminderRule.Kind.OVERDUE, timedelta(0)), *(o for o, _ in DEFAULTS[ReminderRule.Kind.OVERDUE])]
    )
    return now - behind - OVERDUE_MARGIN, now + ahead + timedelta(days=1)


def sweep(*, now: datetime | None = None, enqueue: Callable[[int, list[tuple[int, str]]], None] | None = None) -> int:
    """Hand every open assignment in the window to the workers in batches; returns how many."""
    now = now or timezone.now()
    enqueue = enqueue or _enqueue_due_batch
    start, end = window(now)
    batch: list[tuple[int, str]] = []
    course_id: int | None = None
    count = 0
    for person_id, cid, due in assignments.due_items(start=start, end=end, now=now):
        if batch and course_id is not None and (cid != course_id or len(batch) >= BATCH):
            enqueue(course_id, batch)
            batch = []
        course_id = cid
        batch.append((person_id, due.isoformat()))
        count += 1
    if batch and course_id is not None:
        enqueue(course_id, batch)
    return count


def _enqueue_due_batch(course_id: int, batch: list[tuple[int, str]]) -> None:
    try:
        send_course_due_batch.delay(course_id, batch)
    except BrokerError:
        log.warning("Broker unavailable; due-date notices of course %s left for the next sweep", course_id)


@shared_task(ignore_result=True)
def send_course_due_wave() -> int:
    """Beat job: the due-date sweep."""
    return sweep()


@shared_task(ignore_result=True, acks_late=True)
def send_course_due_batch(course_id: int, items: list[tuple[int, str]]) -> int:
    """Notify each person of one course's due date (a person already notified is a no-op in the ledger)."""
    course = Course.objects.filter(pk=course_id).prefetch_related("reminder_rules").first()
    if course is None:
        return 0
    people = User.objects.filter(is_active=True).select_related("department").in_bulk([pk for pk, _ in items])
    sent = 0
    for person_id, due in items:
        person = people.get(person_id)
        if person is not None:
            sent += len(reminders.notify_course_due(person=person, course=course, due_at=datetime.fromisoformat(due)))
    return sent
