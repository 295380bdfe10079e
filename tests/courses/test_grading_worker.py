"""Grading end to end through the real Redis broker and real Celery workers (PostgreSQL + Redis run)."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, transaction
from django.utils import timezone

from courses import jobs
from courses.models import Grade, Submission
from courses.services import drills
from courses.services import enrolment as enrolment_services
from courses.tasks import grade_submission, sweep_pending_submissions
from tests.factories import LessonFactory, SessionFactory, UserFactory
from tests.factories.drills import DrillFactory
from tweetcamp.celery import app

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def attempt_ready():
    """A learner with a seat and a drill; returns a function that makes an attempt."""
    person = UserFactory()
    session = SessionFactory(hashtag="#GradeMe")
    enrolment_services.enrol(person=person, session=session)
    drill = DrillFactory(lesson=LessonFactory(course=session.course), max_attempts=10)
    return lambda text="Hello #GradeMe": drills.attempt(person=person, drill=drill, text=text)


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def purge():
    with app.connection_for_write() as conn:
        for queue in ("default", "fast", "bulk"):
            conn.default_channel.queue_purge(queue)


def test_a_real_worker_grades_a_submission_end_to_end(attempt_ready):
    purge()
    with start_worker(app, pool="solo", perform_ping_check=False, queues=["fast", "default"], shutdown_timeout=10):
        submission = attempt_ready()  # commits, then queues the grade on commit
        assert wait_for(lambda: Submission.objects.get(pk=submission.pk).status == "graded")
    assert Grade.objects.filter(submission=submission).count() == 1


def test_a_lost_message_is_recovered_by_the_sweep_with_one_grade(attempt_ready, monkeypatch):
    purge()
    monkeypatch.setattr(jobs, "grade_submission", lambda submission_id: None)  # the message is lost
    submission = attempt_ready()
    monkeypatch.undo()
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    with start_worker(app, pool="solo", perform_ping_check=False, queues=["fast", "default"], shutdown_timeout=10):
        sweep_pending_submissions.delay()
        sweep_pending_submissions.delay()  # beat ticking twice must not double anything
        grade_submission.delay(submission.pk)  # nor must a duplicate message
        assert wait_for(lambda: Submission.objects.get(pk=submission.pk).status == "graded")
        time.sleep(2)  # let the duplicates run
    assert Grade.objects.filter(submission=submission).count() == 1


def _worker(env):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tweetcamp",
            "worker",
            "--pool=solo",
            "--queues=fast",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_a_worker_killed_mid_task_still_ends_with_exactly_one_grade(attempt_ready, monkeypatch):
    purge()
    monkeypatch.setattr(jobs, "grade_submission", lambda submission_id: None)
    submission = attempt_ready()
    monkeypatch.undo()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "DJANGO_SETTINGS_MODULE": "tweetcamp.test_settings",
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }
    # Hold the submission's row so the worker blocks half-way through grading, inside its transaction.
    with transaction.atomic():
        Submission.objects.select_for_update().get(pk=submission.pk)
        grade_submission.delay(submission.pk)
        first = _worker(env)
        try:
            assert wait_for(_blocked_on_lock, timeout=180), "the worker never reached the grade"
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # dies mid-task: no ack, its transaction rolls back
            first.wait(timeout=10)
    assert Grade.objects.filter(submission=submission).count() == 0
    second = _worker(env)
    try:
        # Redis hands the unacknowledged message to the next worker once the visibility timeout passes.
        assert wait_for(lambda: Submission.objects.get(pk=submission.pk).status == "graded", timeout=180)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=20)
    assert Grade.objects.filter(submission=submission).count() == 1


def _blocked_on_lock() -> bool:
    # A connection of its own: inside a transaction PostgreSQL keeps showing the same activity snapshot.
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname=connection.settings_dict["NAME"]) as conn:
        waiting = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").fetchone()
        return waiting[0] > 0
