"""Attempts: a learner acts in the practice feed as a drill asks, and the grade is queued.

An attempt writes the post (through practice's own services, so every feed rule applies) and a pending
Submission in one transaction; grading is queued on commit (``courses.jobs``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses import jobs
from courses.errors import CoursesError
from courses.models import Course, Drill, Enrolment, Session, Submission
from practice import services as practice
from practice.errors import PracticeError
from practice.models import Feed, Post


class DrillError(CoursesError):
    """A rule stopped the attempt; str(error) is a message for the learner."""

    code = "drill_refused"


def seat_for(*, person: User, course: Course) -> Enrolment | None:
    """The enrolment a person practises under: a seat (or attendance) in a session of the course."""
    return (
        Enrolment.objects.filter(
            user=person, course=course, status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED)
        )
        .select_related("session__feed")
        .first()
    )


def target_post(*, drill: Drill, session: Session) -> Post | None:
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
        jobs.grade_submission(submission.pk)
    return submission


def _act(*, person: User, drill: Drill, feed: Feed, target: Post | None, text: str) -> Post | None:
    if drill.action == Drill.Action.POST:
        return practice.create_post(user=person, feed=feed, text=text)
    if target is None:  # attempt() refuses a reply, retweet or quote drill whose target has not appeared
        return None
    if drill.action == Drill.Action.REPLY:
        return practice.reply(user=person, post=target, text=text)
    if drill.action == Drill.Action.QUOTE:
        return practice.quote(user=person, post=target, text=text)
    if drill.action == Drill.Action.RETWEET:
        return practice.retweet(user=person, post=target)
    return None  # profile and activity drills grade what is already there
