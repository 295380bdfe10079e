"""Grading: each attempt graded by a worker against its drill's rubric, and the learner told.

Grading is idempotent: a unique (submission, rubric version) grade row means a second run, or a second
worker, changes nothing. A beat sweep re-queues submissions left pending, so a lost message loses no grade.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses import jobs
from courses import notices as notice_kinds
from courses.models import Drill, Grade, Submission
from courses.services.completion import check_completion, check_completions
from courses.services.drills.attempts import DrillError
from courses.services.drills.rubrics import BatchContext
from notifications.models import Delivery
from notifications.services import Notice, notify
from practice import rubric

log = logging.getLogger(__name__)

PENDING_TOO_LONG = timedelta(minutes=2)
# A grade whose learner was not told this long after it was made lost its notice (the worker died
# between the grade's commit and the notice); the sweep tells them, for grades up to a week old.
UNTOLD_AFTER = timedelta(minutes=2)
UNTOLD_WITHIN = timedelta(days=7)
# A grading task grades its own attempt and up to this many other pending ones in the same batch.
DRAIN_AHEAD = 100


def grade_submission(submission_id: int) -> Grade | None:
    """Grade a submission against its drill's current rubric. Safe to run any number of times.

    Returns the automatic grade for the current rubric version (new or already there), or None when the
    submission is gone or could not be graded.
    """
    return grade_submissions([submission_id]).get(submission_id)


def grade_submissions(
    submission_ids: Iterable[int], *, drain_ahead: int = 0, return_grades: bool = True
) -> dict[int, Grade]:
    """Grade a batch of submissions (and up to ``drain_ahead`` other pending ones) in a handful of queries.

    Each submission ends with exactly one automatic grade per rubric version, however many times this
    runs and however many workers race: on PostgreSQL the batch's rows are locked (the asked-for ones
    waiting, the drained ones skipping rows another worker holds), and on every database the unique
    grade constraint is the last word. An override outranks the automatic grade: its status and score
    stay. After commit, each pass runs the course completion check and each new grade tells its learner
    once. A submission that cannot be graded is logged and left pending for the sweep; the others
    are graded anyway.

    Returns {asked-for id: its automatic grade for the current rubric version}, or {} when the caller
    (a task) says it has no use for them.
    """
    wanted = sorted(set(submission_ids))
    # A duplicate message (a re-run, or an attempt another task already took on) ends here, with one small
    # read and no lock (a row lock costs its transaction a WAL flush at commit).
    if _settled(wanted):
        return _current_grades(wanted) if return_grades else {}
    with transaction.atomic():
        statuses = _claim(wanted, drain_ahead)
        done = _current_grades(list(statuses))
        # Only what still needs a grade is loaded in full: a duplicate message costs three small queries.
        todo = [pk for pk in statuses if pk not in done]
        batch = (
            list(Submission.objects.filter(pk__in=todo).select_related("drill__lesson__course", "session", "user"))
            if todo
            else []
        )
        new = _insert_grades(_grade_in_memory(batch))
        repaired = [pk for pk in done if statuses.get(pk) == Submission.Status.PENDING]
        _show_grades(new, repaired=repaired, done=done)
    by_submission = {s.pk: s for s in batch}
    passes = [by_submission[g.submission_id] for g in new if g.passed]
    check_completions((s.user, s.drill.lesson.course) for s in passes)
    _tell_learners([(g, by_submission[g.submission_id]) for g in new])
    if not return_grades:
        return {}
    graded = {**done, **{g.submission_id: g for g in new}}
    return {pk: graded[pk] for pk in wanted if pk in graded}


def _settled(ids: list[int]) -> bool:
    """Whether every one of these submissions has its automatic grade for the drill's current rubric
    version and shows a grade. Plain SQL: on the path every duplicate message takes, the ORM's compiling
    of this join cost twice the query itself."""
    if not ids:
        return False
    grade, submission, drill = Grade._meta.db_table, Submission._meta.db_table, Drill._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT g.submission_id FROM {grade} g "  # noqa: S608 - table names from the models, values bound  # nosec
            f"JOIN {submission} s ON s.id = g.submission_id JOIN {drill} d ON d.id = s.drill_id "
            f"WHERE g.submission_id IN ({placeholders}) AND g.kind = %s AND g.rubric_version = d.rubric_version "
            "AND s.status <> %s",
            [*ids, Grade.Kind.AUTOMATIC.value, Submission.Status.PENDING.value],
        )
        return len({row[0] for row in cursor.fetchall()}) == len(ids)


def _claim(wanted: list[int], drain_ahead: int) -> dict[int, str]:
    """{id: status} of the asked-for submissions, locked (waiting for a worker that holds one), then of up to
    ``drain_ahead`` other pending ones, oldest first, skipping any another worker holds. SQLite has no row
    locks: there the unique grade constraint alone keeps a racing worker from grading twice."""
    features = connection.features
    asked = Submission.objects.filter(pk__in=wanted).order_by("pk")
    if features.has_select_for_update:
        asked = asked.select_for_update()
    statuses = dict(asked.values_list("pk", "status"))
    if drain_ahead > 0:
        more = Submission.objects.filter(status=Submission.Status.PENDING).exclude(pk__in=wanted)
        more = more.order_by("created_at", "pk")
        if features.has_select_for_update_skip_locked:
            more = more.select_for_update(skip_locked=True)
        statuses.update(dict(more.values_list("pk", "status")[:drain_ahead]))
    return statuses


def _current_grades(ids: list[int]) -> dict[int, Grade]:
    """Automatic grades these submissions already have for their drills' current rubric versions."""
    if not ids:
        return {}
    grades = Grade.objects.filter(
        kind=Grade.Kind.AUTOMATIC, submission_id__in=ids, rubric_version=F("submission__drill__rubric_version")
    )
    return {g.submission_id: g for g in grades}


@dataclass
class _Graded:
    submission: Submission
    result: rubric.GradeResult
    passed: bool


def _grade_in_memory(batch: list[Submission]) -> list[_Graded]:
    if not batch:
        return []
    contexts = BatchContext(batch)
    graded = []
    for submission in batch:
        try:
            rules, context = contexts.for_submission(submission)
            result = rubric.grade(rules, context)
        except Exception:  # one broken submission (a bad rubric, odd data) must not cost the batch its grades
            log.exception("Could not grade submission %s; left pending for the sweep", submission.pk)
            continue
        graded.append(_Graded(submission, result, result.passed(submission.drill.pass_mark)))
    return graded


def _insert_grades(graded: list[_Graded]) -> list[Grade]:
    """Insert the new grades in one statement (with their history rows in another). If that breaks
    (a racing worker on SQLite got there first, or one row is bad), each is inserted on its own and the
    ones that conflict are dropped: their submissions already have their grade."""
    now = timezone.now()
    grades = [
        Grade(
            submission=g.submission,
            rubric_version=g.submission.drill.rubric_version,
            score=g.result.score,
            passed=g.passed,
            results=[r.__dict__ for r in g.result.results],
            created_at=now,
        )
        for g in graded
    ]
    if not grades:
        return []
    try:
        with transaction.atomic():
            Grade.objects.bulk_create(grades)
            Grade.history.bulk_history_create(grades, default_date=now)
        return grades
    except IntegrityError:
        pass
    for grade in grades:
        grade.pk = None
        grade._state.adding = True
    inserted = []
    for grade in grades:
        try:
            with transaction.atomic():
                grade.save(force_insert=True)  # its history row through simple_history's signal
        except IntegrityError:
            log.info("Submission %s was graded by another worker", grade.submission_id)
            continue
        inserted.append(grade)
    return inserted


def _show_grades(new: list[Grade], *, repaired: list[int], done: dict[int, Grade]) -> None:
    """Each submission shows its newest automatic grade, unless a trainer's override outranks it."""
    if new:
        # One statement; its CASE has a branch per distinct score (few), not per submission.
        by_score: dict[int, list[int]] = {}
        for g in new:
            by_score.setdefault(g.score, []).append(g.submission_id)
        Submission.objects.filter(pk__in=[g.submission_id for g in new]).exclude(
            status=Submission.Status.OVERRIDDEN
        ).update(
            status=Submission.Status.GRADED,
            graded_at=timezone.now(),
            score=Case(*[When(pk__in=ids, then=Value(score)) for score, ids in by_score.items()]),
            passed=Case(
                When(pk__in=[g.submission_id for g in new if g.passed], then=Value(True)), default=Value(False)
            ),
        )
    if repaired:  # already graded against this rubric (a re-run, or a re-grade with no rubric change)
        Submission.objects.filter(pk__in=repaired, status=Submission.Status.PENDING).update(
            status=Submission.Status.GRADED,
            score=Case(*[When(pk=pk, then=Value(done[pk].score)) for pk in repaired]),
            passed=Case(*[When(pk=pk, then=Value(done[pk].passed)) for pk in repaired]),
        )


def untold_grades(*, now: datetime | None = None, limit: int = 2000) -> list[int]:
    """Current automatic grades whose learner has no 'drill graded' notice in the ledger, not even a
    skipped one (a notice turned off is recorded too): the worker died after the grade's commit."""
    now = now or timezone.now()
    told = Delivery.objects.filter(
        recipient=OuterRef("submission__user"),
        kind=notice_kinds.DRILL_GRADED,
        key=Concat(Value("grade:"), Cast(OuterRef("pk"), output_field=CharField())),
    )
    return list(
        Grade.objects.filter(
            kind=Grade.Kind.AUTOMATIC,
            rubric_version=F("submission__drill__rubric_version"),
            created_at__lt=now - UNTOLD_AFTER,
            created_at__gte=now - UNTOLD_WITHIN,
        )
        .exclude(Exists(told))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def tell_untold(grade_ids: Iterable[int]) -> int:
    """Send the lost 'drill graded' notices of these grades (the ledger keeps it to one each)."""
    grades = list(Grade.objects.filter(pk__in=list(grade_ids)).select_related("submission__drill", "submission__user"))
    _tell_learners([(grade, grade.submission) for grade in grades])
    return len(grades)


def _tell_learners(graded: list[tuple[Grade, Submission]]) -> None:
    """One 'drill graded' notice per grade (the ledger key ``grade:<id>`` makes a second call a no-op)."""
    notices = []
    paths: dict[int, str] = {}
    for grade, submission in graded:
        if submission.drill_id not in paths:
            paths[submission.drill_id] = reverse("courses:drill-detail", args=[submission.drill_id])
        path = paths[submission.drill_id]
        context = {
            "drill_title": submission.drill.title,
            "score": grade.score,
            "passed": grade.passed,
            "url": settings.SITE_URL + path,
        }
        notices.append(
            Notice(person=submission.user, kind="drill_graded", key=f"grade:{grade.pk}", context=context, link=path)
        )
    notify(notices)


@transaction.atomic
def override(*, submission: Submission, score: int, comment: str, actor: User) -> Grade:
    """A trainer sets the grade, with a comment; the automatic grades stay in history."""
    if not 0 <= score <= 100:
        raise DrillError(_("A score is between 0 and 100."))
    if not comment.strip():
        raise DrillError(_("Say why you are changing the grade; the learner will read it."))
    submission = Submission.objects.select_for_update().select_related("drill").get(pk=submission.pk)
    passed = score >= submission.drill.pass_mark
    grade = Grade.objects.create(
        submission=submission,
        kind=Grade.Kind.OVERRIDE,
        rubric_version=submission.drill.rubric_version,
        score=score,
        passed=passed,
        comment=comment.strip(),
        graded_by=actor,
    )
    submission.status = Submission.Status.OVERRIDDEN
    submission.score, submission.passed, submission.graded_at = score, passed, timezone.now()
    submission.save(update_fields=["status", "score", "passed", "graded_at"])
    if passed:
        transaction.on_commit(lambda: check_completion(person=submission.user, course=submission.drill.lesson.course))
    return grade


def regrade_all(*, drill: Drill) -> int:
    """After a rubric edit: every automatically graded submission gets a new grade against the new version."""
    ids = list(Submission.objects.filter(drill=drill, status=Submission.Status.GRADED).values_list("pk", flat=True))
    Submission.objects.filter(pk__in=ids).update(status=Submission.Status.PENDING)
    for submission_id in ids:
        jobs.grade_submission(submission_id)
    return len(ids)


def stale_pending(*, now: datetime | None = None, limit: int = 5000) -> list[int]:
    """Submissions pending for too long: their grading message was probably lost."""
    cutoff = (now or timezone.now()) - PENDING_TOO_LONG
    return list(
        Submission.objects.filter(status=Submission.Status.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
