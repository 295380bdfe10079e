"""Drills: attempts made in the practice feed, graded by a worker against a rubric.

An attempt writes the post (through practice's own services, so every feed
rule applies) and a pending Submission in one transaction; grading is queued
on commit. Grading is idempotent: a unique (submission, rubric version) grade
row means a second run, or a second worker, changes nothing. A beat sweep
re-queues submissions left pending, so a lost message loses no grade.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, CharField, Exists, F, Max, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.models import Course, Drill, Enrolment, Grade, Session, Submission
from notifications import kinds as notice_kinds
from notifications.models import Delivery
from notifications.notices import Notice, notify_each
from practice import rubric
from practice import services as practice
from practice.errors import PracticeError
from practice.models import Mention, Post

log = logging.getLogger(__name__)

# Rule params may say "target" for the drill's target post in the learner's cohort feed.
TARGET = "target"
PENDING_TOO_LONG = timedelta(minutes=2)
# A grade whose learner was not told this long after it was made lost its notice (the worker died
# between the grade's commit and the notice); the sweep tells them, for grades up to a week old.
UNTOLD_AFTER = timedelta(minutes=2)
UNTOLD_WITHIN = timedelta(days=7)
# A grading task grades its own attempt and up to this many other pending ones in the same batch.
DRAIN_AHEAD = 100
# Activity rules look at the learner's posts from this long before the session starts.
ACTIVITY_WINDOW = timedelta(days=14)
# What a post's view needs: its author, and the author (person or persona) of the post it acts on.
POST_VIEW_RELATED = (
    "author", "reply_to__author", "reply_to__persona", "retweet_of__author", "retweet_of__persona",
    "quote_of__author", "quote_of__persona",
)  # fmt: skip


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
        feed_id=session.feed_id,
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


def resolve_rules(drill: Drill, target: Post | None) -> list[dict]:
    """The drill's rubric with 'target' replaced by the target post's id."""
    return [
        {
            **rule,
            "params": {k: (target.pk if target and v == TARGET else v) for k, v in (rule.get("params") or {}).items()},
        }
        for rule in drill.rubric
    ]


def build_context(submission: Submission) -> tuple[list[dict], rubric.Context]:
    """The rubric (with 'target' resolved) and everything the grader may look at."""
    drill = submission.drill
    session = submission.session
    rules = resolve_rules(drill, target_post(drill=drill, session=session))
    post = None
    if submission.post_id:
        post = Post.objects.select_related(*POST_VIEW_RELATED).get(pk=submission.post_id)
    person = submission.user
    window_start = session.starts_at - ACTIVITY_WINDOW
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
    from courses.services.progress import check_completions

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
        batch = list(
            Submission.objects.filter(pk__in=todo).select_related("drill__lesson__course", "session", "user")
        ) if todo else []  # fmt: skip
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
    contexts = _BatchContext(batch)
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


class _BatchContext:
    """What the grader looks at, for a whole batch in a few queries: posts, trainers, targets (one per drill
    and session), and, only for drills with activity rules, the learners' recent activity and mentions."""

    def __init__(self, batch: list[Submission]):
        post_ids = [s.post_id for s in batch if s.post_id]
        self.posts = Post.objects.select_related(*POST_VIEW_RELATED).in_bulk(post_ids) if post_ids else {}
        session_ids = {s.session_id for s in batch}
        self.trainers: dict[int, list[str]] = {pk: [] for pk in session_ids}
        through = Session.trainers.through.objects.filter(session_id__in=session_ids)
        for session_id, handle in through.order_by("user__display_name", "user_id").values_list(
            "session_id", "user__handle"
        ):
            self.trainers[session_id].append(handle)
        self.rules: dict[tuple[int, int], list[dict]] = {}
        self.activity: dict[tuple[int, int], list[Post]] = {}
        self.mentions: dict[int, list[Mention]] = {}
        active = [s for s in batch if _has_activity_rules(s.drill)]
        if active:
            self._load_activity(active)

    def _load_activity(self, active: list[Submission]) -> None:
        people = {s.user_id for s in active}
        feeds = {s.session.feed_id for s in active}
        since = min(s.session.starts_at for s in active) - ACTIVITY_WINDOW
        until = max(s.created_at for s in active)
        posts = (
            Post.objects.filter(author_id__in=people, feed_id__in=feeds, deleted_at__isnull=True)
            .filter(created_at__gte=since, created_at__lte=until)
            .select_related(*POST_VIEW_RELATED)
            .order_by("created_at", "pk")
        )
        for post in posts:
            self.activity.setdefault((post.author_id, post.feed_id), []).append(post)
        handles = {s.user.handle.lower() for s in active}
        mentions = (
            Mention.objects.filter(post__feed_id__in=feeds, post__deleted_at__isnull=True)
            .filter(Q(user_id__in=people) | Q(handle__in=handles))
            .select_related("post__persona", "post__author")
        )
        for mention in mentions:
            self.mentions.setdefault(mention.post.feed_id, []).append(mention)

    def _rules(self, submission: Submission) -> list[dict]:
        """The drill's rubric with 'target' resolved in this session's feed (once per drill and session)."""
        key = (submission.drill_id, submission.session_id)
        if key not in self.rules:
            self.rules[key] = resolve_rules(
                submission.drill, target_post(drill=submission.drill, session=submission.session)
            )
        return self.rules[key]

    def for_submission(self, submission: Submission) -> tuple[list[dict], rubric.Context]:
        session, person = submission.session, submission.user
        post = self.posts.get(submission.post_id) if submission.post_id else None
        activity: tuple[rubric.PostView, ...] = ()
        mentions_of_learner: dict[int, str] = {}
        if _has_activity_rules(submission.drill):
            since = session.starts_at - ACTIVITY_WINDOW
            mine = self.activity.get((person.pk, session.feed_id), [])
            activity = tuple(
                _post_view(p) for p in [p for p in mine if since <= p.created_at <= submission.created_at][:500]
            )
            handle = person.handle.lower()
            about_me = [
                m
                for m in self.mentions.get(session.feed_id, [])
                if m.user_id == person.pk or m.handle.lower() == handle
            ]
            mentions_of_learner = {
                m.post_id: (m.post.persona.handle if m.post.persona_id else m.post.author.handle)
                for m in about_me[:500]
            }
        context = rubric.Context(
            post=_post_view(post) if post else None,
            profile=rubric.Profile(bio=person.bio, location=person.location, website=person.website),
            session_hashtag=session.hashtag,
            trainer_handles=tuple(self.trainers.get(session.pk, ())),
            activity=activity,
            mentions_of_learner=mentions_of_learner,
            patient_names=tuple(getattr(settings, "SCENARIO_PATIENT_NAMES", ())),
            employer_names=(settings.ORG_NAME,),
            employer_handles=(settings.ORG_HANDLE,),
        )
        return self._rules(submission), context


def _has_activity_rules(drill: Drill) -> bool:
    """Only rules of the rubric's 'activity' scope look at the learner's activity and mentions."""
    rules = drill.rubric if isinstance(drill.rubric, list) else []
    return any(
        isinstance(rule, dict)
        and isinstance(rule.get("kind"), str)
        and (kind := rubric.KINDS.get(rule["kind"])) is not None
        and kind.scope == "activity"
        for rule in rules
    )


def untold_grades(*, now=None, limit: int = 2000) -> list[int]:
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
    notify_each(notices)


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
