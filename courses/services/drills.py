"""Drills: attempts made in the practice feed, graded by a worker against a rubric.

An attempt writes the post (through practice's own services, so every feed
rule applies) and a pending Submission in one transaction; grading is queued
on commit. Grading is idempotent: a unique (submission, rubric version) grade
row means a second run, or a second worker, changes nothing. A beat sweep
re-queues submissions left pending, so a lost message loses no grade.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.models import Course, Drill, Enrolment, Grade, Submission
from notifications import services as notifications
from practice import rubric
from practice import services as practice
from practice.errors import PracticeError
from practice.models import Mention, Post

log = logging.getLogger(__name__)

# Rule params may say "target" for the drill's target post in the learner's cohort feed.
TARGET = "target"
PENDING_TOO_LONG = timedelta(minutes=2)


class DrillError(Exception):
    """A rule stopped the attempt; str(error) is a message for the learner."""


def validate_rubric(rules: list[dict]) -> list[dict]:
    """Normalise a rubric, accepting 'target' where a post id goes. Raises rubric.RubricError."""
    probe = [
        {**rule, "params": {k: (1 if v == TARGET else v) for k, v in (rule.get("params") or {}).items()}}
        for rule in rules
    ]
    rubric.validate(probe)
    return [
        {
            "kind": rule["kind"],
            "weight": int(rule.get("weight", 1)),
            "params": dict(rule.get("params") or {}),
            "message": str(rule.get("message", "")),
        }
        for rule in rules
    ]


@transaction.atomic
def update_rubric(*, drill: Drill, rules: list[dict], actor: User) -> Drill:
    """Save a new rubric; it becomes a new version so old grades keep the version they used."""
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    drill.rubric = validate_rubric(rules)
    drill.rubric_version += 1
    drill.save(update_fields=["rubric", "rubric_version", "updated_at"])
    return drill


def seat_for(*, person: User, course: Course) -> Enrolment | None:
    """The enrolment a person practises under: a seat (or attendance) in a session of the course."""
    return (
        Enrolment.objects.filter(
            user=person, course=course, status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED)
        )
        .select_related("session__feed")
        .first()
    )


def target_post(*, drill: Drill, session) -> Post | None:
    """The post a reply/retweet/quote drill acts on, in this session's cohort feed."""
    if not drill.target_persona_handle:
        return None
    posts = Post.objects.filter(
        feed=session.feed,
        persona__handle__iexact=drill.target_persona_handle,
        deleted_at__isnull=True,
        retweet_of__isnull=True,
    )
    if drill.target_text_contains:
        posts = posts.filter(text__icontains=drill.target_text_contains)
    return posts.order_by("created_at", "pk").first()


def attempts_used(*, person: User, drill: Drill) -> int:
    return Submission.objects.filter(drill=drill, user=person).count()


def attempt(*, person: User, drill: Drill, text: str = "") -> Submission:
    """Make an attempt: act in the cohort feed as the drill asks, and queue the grade."""
    course = drill.lesson.course
    enrolment = seat_for(person=person, course=course)
    if enrolment is None:
        raise DrillError(_("Drills open once you have a seat in a session of this course."))
    session = enrolment.session
    deadline = drill.deadline_for(session)
    if deadline is not None and timezone.now() > deadline:
        raise DrillError(_("The deadline for this drill has passed."))
    target = target_post(drill=drill, session=session)
    if drill.action in (Drill.Action.REPLY, Drill.Action.RETWEET, Drill.Action.QUOTE) and target is None:
        raise DrillError(_("The post this drill is about has not appeared in your feed yet. Try again soon."))
    with transaction.atomic():
        used = Submission.objects.select_for_update().filter(drill=drill, user=person).aggregate(n=Max("attempt"))["n"]
        used = used or 0
        if used >= drill.max_attempts:
            raise DrillError(_("You have used all %(n)s attempts at this drill.") % {"n": drill.max_attempts})
        try:
            post = _act(person=person, drill=drill, feed=session.feed, target=target, text=text)
        except PracticeError as error:
            raise DrillError(str(error)) from error
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    drill=drill, user=person, session=session, post=post, attempt=used + 1
                )
        except IntegrityError as exc:  # a double click raced us to this attempt number
            raise DrillError(_("That attempt was already sent.")) from exc
        enqueue_grading(submission.pk)
    return submission


def _act(*, person: User, drill: Drill, feed, target: Post | None, text: str) -> Post | None:
    if drill.action == Drill.Action.REPLY:
        return practice.reply(user=person, post=target, text=text)
    if drill.action == Drill.Action.QUOTE:
        return practice.quote(user=person, post=target, text=text)
    if drill.action == Drill.Action.RETWEET:
        return practice.retweet(user=person, post=target)
    if drill.action == Drill.Action.POST:
        return practice.create_post(user=person, feed=feed, text=text)
    return None  # profile and activity drills grade what is already there


def enqueue_grading(submission_id: int) -> None:
    from courses import tasks

    tasks.enqueue_on_commit(tasks.grade_submission, submission_id)


def _post_view(post: Post) -> rubric.PostView:
    target = post.reply_to or post.retweet_of or post.quote_of
    target_author = ""
    if target is not None:
        target_author = target.persona.handle if target.persona_id else (target.author.handle if target.author else "")
    return rubric.PostView(
        id=post.pk,
        text=post.text,
        author_handle=post.author.handle if post.author_id else "",
        reply_to_id=post.reply_to_id,
        retweet_of_id=post.retweet_of_id,
        quote_of_id=post.quote_of_id,
        target_author_handle=target_author,
        target_is_persona=bool(target is not None and target.persona_id),
    )


def build_context(submission: Submission) -> tuple[list[dict], rubric.Context]:
    """The rubric (with 'target' resolved) and everything the grader may look at."""
    drill = submission.drill
    session = submission.session
    target = target_post(drill=drill, session=session)
    rules = [
        {
            **rule,
            "params": {k: (target.pk if target and v == TARGET else v) for k, v in (rule.get("params") or {}).items()},
        }
        for rule in drill.rubric
    ]
    post = None
    if submission.post_id:
        post = Post.objects.select_related(
            "author", "reply_to__author", "reply_to__persona", "retweet_of__author", "retweet_of__persona",
            "quote_of__author", "quote_of__persona",
        ).get(pk=submission.post_id)  # fmt: skip
    person = submission.user
    window_start = session.starts_at - timedelta(days=14)
    activity = (
        Post.objects.filter(author=person, feed=session.feed, created_at__gte=window_start, deleted_at__isnull=True)
        .filter(created_at__lte=submission.created_at)
        .select_related("reply_to__persona", "reply_to__author", "retweet_of__persona", "retweet_of__author")
        .select_related("quote_of__persona", "quote_of__author", "author")
        .order_by("created_at")[:500]
    )
    mentions = Mention.objects.filter(post__feed=session.feed, post__deleted_at__isnull=True).filter(
        Q(user=person) | Q(handle__iexact=person.handle)
    )
    mentions_of_learner = {
        m.post_id: (m.post.persona.handle if m.post.persona_id else m.post.author.handle)
        for m in mentions.select_related("post__persona", "post__author")[:500]
    }
    context = rubric.Context(
        post=_post_view(post) if post else None,
        profile=rubric.Profile(bio=person.bio, location=person.location, website=person.website),
        session_hashtag=session.hashtag,
        trainer_handles=tuple(session.trainers.values_list("handle", flat=True)),
        activity=tuple(_post_view(p) for p in activity),
        mentions_of_learner=mentions_of_learner,
        patient_names=tuple(getattr(settings, "SCENARIO_PATIENT_NAMES", ())),
        employer_names=(settings.ORG_NAME,),
        employer_handles=(settings.ORG_HANDLE,),
    )
    return rules, context


def grade_submission(submission_id: int) -> Grade | None:
    """Grade a pending submission against its drill's current rubric. Safe to run any number of times."""
    from courses.services.progress import check_completion

    submission = (
        Submission.objects.select_related("drill__lesson__course", "session__feed", "user")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return None  # deleted meanwhile: nothing to do
    drill = submission.drill
    existing = submission.grades.filter(kind=Grade.Kind.AUTOMATIC, rubric_version=drill.rubric_version).first()
    if existing is not None:
        # Already graded against this rubric (a re-run, or a re-grade with no rubric change).
        Submission.objects.filter(pk=submission.pk, status=Submission.Status.PENDING).update(
            status=Submission.Status.GRADED, score=existing.score, passed=existing.passed
        )
        return existing
    rules, context = build_context(submission)
    result = rubric.grade(rules, context)
    passed = result.passed(drill.pass_mark)
    try:
        with transaction.atomic():
            grade = Grade.objects.create(
                submission=submission,
                rubric_version=drill.rubric_version,
                score=result.score,
                passed=passed,
                results=[r.__dict__ for r in result.results],
            )
            # An override outranks automatic grades: keep showing it.
            Submission.objects.filter(pk=submission.pk).exclude(status=Submission.Status.OVERRIDDEN).update(
                status=Submission.Status.GRADED, graded_at=timezone.now(), score=result.score, passed=passed
            )
    except IntegrityError:  # another worker graded it first
        return submission.grades.get(kind=Grade.Kind.AUTOMATIC, rubric_version=drill.rubric_version)
    if passed:
        check_completion(person=submission.user, course=drill.lesson.course)
    _tell_learner(grade, submission)
    return grade


def _tell_learner(grade: Grade, submission: Submission) -> None:
    """One 'drill graded' notice per grade (the ledger key makes a second call a no-op)."""
    path = reverse("courses:drill-detail", args=[submission.drill_id])
    notifications.notify(
        person=submission.user,
        kind="drill_graded",
        key=f"grade:{grade.pk}",
        context={
            "drill_title": submission.drill.title,
            "score": grade.score,
            "passed": grade.passed,
            "url": settings.SITE_URL + path,
        },
        link=path,
    )


@transaction.atomic
def override(*, submission: Submission, score: int, comment: str, actor: User) -> Grade:
    """A trainer sets the grade, with a comment; the automatic grades stay in history."""
    from courses.services.progress import check_completion

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
        enqueue_grading(submission_id)
    return len(ids)


def stale_pending(*, now=None, limit: int = 5000) -> list[int]:
    """Submissions pending for too long: their grading message was probably lost."""
    cutoff = (now or timezone.now()) - PENDING_TOO_LONG
    return list(
        Submission.objects.filter(status=Submission.Status.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def passed_drill_count(*, person: User, course: Course) -> tuple[int, int]:
    drills = Drill.objects.filter(lesson__course=course, lesson__status="published", status="published")
    total = drills.count()
    passed = Submission.objects.filter(user=person, drill__in=drills, passed=True).values("drill_id").distinct().count()
    return passed, total
