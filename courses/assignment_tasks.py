"""The beat sweep for assignment due dates: due-soon and overdue notices (issue 6's notify_course_due).

Listed in CELERY_IMPORTS (courses/tasks.py belongs to the notifications work). The sweep reads the
database each time, so a lost message only delays a notice to the next sweep; every notice is
claimed in the notifications ledger, so sweeping again never sends anything twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery import shared_task
from django.db.models import Max
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import User
from courses.models import Course, ReminderRule
from courses.models.reminders import DEFAULTS
from courses.services import assignments

log = logging.getLogger(__name__)
BATCH = 200
# Overdue notices (and the manager's copy after some business days) keep coming for a while after
# the due date; past this margin beyond the longest overdue rule, nothing is left to send.
OVERDUE_MARGIN = timedelta(days=21)


def window(now: datetime) -> tuple[datetime, datetime]:
    """Due dates that may have a notice to send now: the longest due-soon rule ahead, the longest overdue
    rule (plus the margin) behind. One query over the reminder rules."""
    longest = dict(ReminderRule.objects.values("kind").annotate(longest=Max("offset")).values_list("kind", "longest"))
    ahead = max([longest.get(ReminderRule.Kind.DUE_SOON, timedelta(0)),
                 *(o for o, _ in DEFAULTS[ReminderRule.Kind.DUE_SOON])])  # fmt: skip
    behind = max([longest.get(ReminderRule.Kind.OVERDUE, timedelta(0)),
                  *(o for o, _ in DEFAULTS[ReminderRule.Kind.OVERDUE])])  # fmt: skip
    return now - behind - OVERDUE_MARGIN, now + ahead + timedelta(days=1)


def sweep(*, now: datetime | None = None, enqueue=None) -> int:
    """Hand every open assignment in the window to the workers in batches; returns how many."""
    now = now or timezone.now()
    enqueue = enqueue or _enqueue
    start, end = window(now)
    batch: list[tuple[int, str]] = []
    course_id: int | None = None
    count = 0
    for person_id, cid, due in assignments.due_items(start=start, end=end, now=now):
        if batch and (cid != course_id or len(batch) >= BATCH):
            enqueue(course_id, batch)
            batch = []
        course_id = cid
        batch.append((person_id, due.isoformat()))
        count += 1
    if batch:
        enqueue(course_id, batch)
    return count


def _enqueue(course_id: int, batch: list[tuple[int, str]]) -> None:
    try:
        send_course_due_batch.delay(course_id, batch)
    except BrokerError:
        log.warning("Broker unavailable; due-date notices of course %s left for the next sweep", course_id)


@shared_task(ignore_result=True)
def send_course_due_wave() -> int:
    return sweep()


@shared_task(ignore_result=True, acks_late=True)
def send_course_due_batch(course_id: int, items: list[tuple[int, str]]) -> int:
    """Notify each person of one course's due date (a person already notified is a no-op in the ledger)."""
    from courses.reminders import notify_course_due

    course = Course.objects.filter(pk=course_id).prefetch_related("reminder_rules").first()
    if course is None:
        return 0
    people = User.objects.filter(is_active=True).select_related("department").in_bulk([pk for pk, _ in items])
    sent = 0
    for person_id, due in items:
        person = people.get(person_id)
        if person is not None:
            sent += len(notify_course_due(person=person, course=course, due_at=datetime.fromisoformat(due)))
    return sent
