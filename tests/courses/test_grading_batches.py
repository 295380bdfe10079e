"""Grading in batches: the same guarantees as one at a time (once per rubric version, overrides outrank,
one notice per grade, completion after a pass), and the same grades."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from courses import selectors as course_selectors
from courses.models import Completion, Drill, Grade, Submission
from courses.services import drills, progress
from courses.services import enrolment as enrolment_services
from courses.services.drills import grading, rubrics
from courses.tasks import grade_submission, sweep_untold_grades
from notifications.models import Delivery
from notifications.services import render, set_channel
from practice import rubric
from practice import services as practice
from practice.models import Mention, Post
from tests.courses.test_enrolment_concurrency import run_concurrently
from tests.factories import (
    CourseFactory,
    LessonFactory,
    PersonaFactory,
    PolicyVersionFactory,
    SessionFactory,
    UserFactory,
)
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db


def one_at_a_time(submission):
    """The grader's context for one submission, read the plain way (a query per thing): the reference the
    batch reader must agree with."""
    drill = submission.drill
    session = submission.session
    rules = rubrics.resolve_rules(drill, drills.target_post(drill=drill, session=session))
    post = None
    if submission.post_id:
        post = Post.objects.select_related(*rubrics.POST_VIEW_RELATED).get(pk=submission.post_id)
    person = submission.user
    window_start = session.starts_at - rubrics.ACTIVITY_WINDOW
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
        m.post_id: rubrics.handle_of(m.post) for m in mentions.select_related("post__persona", "post__author")[:500]
    }
    context = rubric.Context(
        post=rubrics.post_view(post) if post else None,
        profile=rubric.Profile(bio=person.bio, location=person.location, website=person.website),
        session_hashtag=session.hashtag,
        trainer_handles=tuple(session.trainers.values_list("handle", flat=True)),
        activity=tuple(rubrics.post_view(p) for p in activity),
        mentions_of_learner=mentions_of_learner,
        patient_names=rubrics.patient_names(),
        employer_names=(settings.ORG_NAME,),
        employer_handles=(settings.ORG_HANDLE,),
    )
    return rules, context


@pytest.fixture
def session(trainer):
    return SessionFactory(course=CourseFactory(), hashtag="#Batch5", trainers=[trainer])


@pytest.fixture
def learners(session):
    people = UserFactory.create_batch(4)
    for person in people:
        enrolment_services.enrol(person=person, session=session)
    return people


def drill_for(session, **kw):
    return DrillFactory(lesson=LessonFactory(course=session.course), max_attempts=10, **kw)


def attempts(learners, drill, text="Hello #Batch5"):
    return [drills.attempt(person=person, drill=drill, text=text) for person in learners]


def test_a_batch_graded_twice_has_one_grade_and_one_notice_each(session, learners):
    subs = attempts(learners, drill_for(session))
    ids = [s.pk for s in subs]
    first = drills.grade_submissions(ids)
    again = drills.grade_submissions(ids)
    for pk in ids:
        grade_submission(pk)  # and each duplicate message
    assert set(first) == set(ids) and {pk: g.pk for pk, g in again.items()} == {pk: g.pk for pk, g in first.items()}
    assert Grade.objects.filter(submission__in=ids).count() == len(ids)
    assert Grade.history.filter(submission_id__in=ids).count() == len(ids)  # each grade's history row
    assert all(s.status == "graded" and s.passed for s in Submission.objects.filter(pk__in=ids))
    keys = sorted(Delivery.objects.filter(kind="drill_graded").values_list("key", flat=True))
    assert keys == sorted(f"grade:{g.pk}" for g in first.values())
    assert len([m for m in mail.outbox if m.subject.startswith("Graded")]) == len(ids)


def test_a_task_takes_on_other_pending_attempts_and_their_messages_change_nothing(session, learners):
    subs = attempts(learners, drill_for(session))
    grade_submission(subs[0].pk)
    assert not Submission.objects.filter(pk__in=[s.pk for s in subs], status="pending").exists()
    for s in subs:
        grade_submission(s.pk)
    assert Grade.objects.filter(submission__in=subs).count() == len(subs)
    assert Delivery.objects.filter(kind="drill_graded").count() == len(subs)


def test_an_override_outranks_a_batch_regrade(session, learners, trainer):
    drill = drill_for(session)
    subs = attempts(learners, drill, text="no tag")
    drills.grade_submissions([s.pk for s in subs])
    drills.override(submission=subs[0], score=90, comment="The tag was in the picture", actor=trainer)
    drill = drills.update_rubric(
        drill=drill, rules=[{"kind": "mentions_handle", "params": {"handle": "x"}}], actor=trainer
    )
    drills.regrade_all(drill=drill)
    drills.grade_submissions([s.pk for s in subs])
    drills.grade_submissions([s.pk for s in subs])
    overridden = Submission.objects.get(pk=subs[0].pk)
    assert (overridden.status, overridden.score, overridden.passed) == ("overridden", 90, True)
    assert sorted(overridden.grades.values_list("kind", "rubric_version")) == [
        ("auto", 1),
        ("auto", 2),
        ("override", 1),
    ]
    assert all(
        s.status == "graded" and s.grades.count() == 2
        for s in Submission.objects.filter(pk__in=[s.pk for s in subs[1:]])
    )


def test_a_pass_in_a_batch_completes_the_course(session, learners, trainer):
    PolicyVersionFactory()
    drill = drill_for(session)
    done, other = learners[0], learners[1]
    for lesson in session.course.lessons.all():
        progress.mark_lesson_read(person=done, lesson=lesson)
    progress.acknowledge_policy(person=done, policy=course_selectors.current_policy())
    with time_machine.travel(session.starts_at):
        enrolment_services.mark_attendance(enrolment=done.enrolments.get(), attended=True, actor=trainer)
    assert not Completion.objects.exists()
    subs = attempts([done, other], drill)
    drills.grade_submissions([s.pk for s in subs])
    assert list(Completion.objects.values_list("user_id", "course_id")) == [(done.pk, session.course_id)]


def test_a_broken_submission_does_not_cost_the_others_their_grades(session, learners):
    good = attempts(learners[:3], drill_for(session))
    bad_drill = drill_for(session)
    broken = drills.attempt(person=learners[3], drill=bad_drill, text="Hello #Batch5")
    Drill.objects.filter(pk=bad_drill.pk).update(rubric=[{"kind": "no_such_rule"}])
    graded = drills.grade_submissions([broken.pk, *(s.pk for s in good)])
    assert set(graded) == {s.pk for s in good}
    assert Submission.objects.get(pk=broken.pk).status == "pending"  # left for the sweep
    assert not Grade.objects.filter(submission=broken).exists()
    assert Submission.objects.filter(pk__in=[s.pk for s in good], status="graded").count() == 3


def test_a_batch_gives_the_grades_the_single_path_gives(session, learners, trainer):
    persona = PersonaFactory(handle="SafetyDesk", feed=session.feed)
    notice = practice.post_as_persona(
        user=trainer, persona=persona, feed=session.feed, text="Safety notice: wash hands"
    )
    mention = practice.post_as_persona(
        user=trainer, persona=persona, feed=session.feed, text=f"Welcome @{learners[0].handle} to #Batch5"
    )
    practice.reply(user=learners[0], post=mention, text="Thanks! #Batch5")
    practice.retweet(user=learners[1], post=notice)
    learners[2].bio = "Tweets by me. Views are my own."
    learners[2].website = "https://example.org/me"
    learners[2].save()
    post_drill = drill_for(
        session,
        rubric=[
            {"kind": "uses_hashtag", "params": {"hashtag": "session"}},
            {"kind": "mentions_handle", "params": {"handle": "trainer"}},
            {"kind": "policy_no_phi"},
        ],
    )
    quote_drill = drill_for(
        session,
        action=Drill.Action.QUOTE,
        target_persona_handle="SafetyDesk",
        rubric=[{"kind": "is_quote_of", "params": {"post_id": "target", "min_words": 3}}],
    )
    profile_drill = drill_for(
        session,
        action=Drill.Action.PROFILE,
        rubric=[{"kind": "profile_maintainer"}, {"kind": "profile_disclaimer"}, {"kind": "profile_link"}],
    )
    activity_drill = drill_for(
        session,
        action=Drill.Action.ACTIVITY,
        rubric=[
            {"kind": "replies_to_mentioners", "params": {"count": 1}},
            {"kind": "retweets_persona", "params": {"count": 1}},
        ],
    )
    subs = []
    for person in learners:
        subs.append(drills.attempt(person=person, drill=post_drill, text=f"Hi @{trainer.handle} #Batch5"))
        subs.append(drills.attempt(person=person, drill=quote_drill, text="Everyone should read this today"))
        subs.append(drills.attempt(person=person, drill=profile_drill))
        subs.append(drills.attempt(person=person, drill=activity_drill))
    expected = {}
    for s in subs:
        rules, context = one_at_a_time(Submission.objects.get(pk=s.pk))
        result = rubric.grade(rules, context)
        expected[s.pk] = (result.score, [r.__dict__ for r in result.results])
    graded = drills.grade_submissions([s.pk for s in subs])
    assert {pk: (g.score, g.results) for pk, g in graded.items()} == expected
    scores = {s.drill_id: set() for s in subs}
    for s in subs:
        scores[s.drill_id].add(graded[s.pk].score)
    assert len(scores[activity_drill.pk]) > 1  # the activity rules saw each learner's own activity


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_workers_racing_on_the_same_batch_grade_each_once(session, learners):
    """Several workers grade the same submissions at the same moment (real PostgreSQL row locks)."""

    subs = attempts(learners, drill_for(session))
    ids = [s.pk for s in subs]
    calls = [list(ids) for _ in range(6)] + [[pk] for pk in ids]
    _, errors = run_concurrently(lambda batch: drills.grade_submissions(batch, drain_ahead=10), calls, workers=10)
    assert errors == []
    assert Grade.objects.filter(submission__in=ids).count() == len(ids)
    assert Delivery.objects.filter(kind="drill_graded").count() == len(ids)
    assert not Submission.objects.filter(pk__in=ids).exclude(status="graded").exists()


def test_each_learner_reads_their_own_notice_as_notify_would_write_it(session, learners):
    # The clock stands still: the unsubscribe link is signed with a timestamp, which must be the same in both.
    with time_machine.travel(timezone.now(), tick=False):
        learners[1].language, learners[1].time_zone = "es", "America/Chicago"
        learners[1].save()
        subs = attempts(learners, drill_for(session))
        graded = drills.grade_submissions([s.pk for s in subs])
        sent = {m.to[0]: m for m in mail.outbox}
        assert len(sent) == len(learners)
        for s in subs:
            path = reverse("courses:drill-detail", args=[s.drill_id])
            context = {
                "drill_title": s.drill.title,
                "score": graded[s.pk].score,
                "passed": graded[s.pk].passed,
                "url": settings.SITE_URL + path,
            }
            expected = render(person=s.user, kind="drill_graded", context=context)
            message = sent[s.user.email]
            assert (message.subject, message.body) == (expected.subject, expected.text)
            assert message.alternatives[0][0] == expected.html


def test_a_message_after_a_rubric_edit_grades_against_the_new_version(session, learners, trainer):
    drill = drill_for(session)
    (sub,) = attempts(learners[:1], drill)
    grade_submission(sub.pk)
    drills.update_rubric(drill=drill, rules=[{"kind": "mentions_handle", "params": {"handle": "x"}}], actor=trainer)
    grade_submission(sub.pk)  # the same message again, as when the sweep or a retry delivers it
    grade_submission(sub.pk)
    assert sorted(sub.grades.values_list("rubric_version", "passed")) == [(1, True), (2, False)]


def test_a_grade_whose_notice_was_lost_is_told_once_by_the_sweep(session, learners, monkeypatch):
    subs = attempts(learners[:3], drill_for(session))
    set_channel(person=learners[2], kind="drill_graded", channel="off")
    # The worker dies after the grades' commit, before it tells anyone.
    monkeypatch.setattr(grading, "_tell_learners", lambda graded: None)
    drills.grade_submissions([s.pk for s in subs])
    monkeypatch.undo()
    mail.outbox.clear()
    assert drills.untold_grades() == []  # too soon: the worker may still be telling them

    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert len(drills.untold_grades()) == 3
        sweep_untold_grades()
        sweep_untold_grades()  # beat runs again: nothing twice
        assert drills.untold_grades() == []  # the one who turned it off has a skipped row, and is not asked again
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in learners[:2])
    grades = Grade.objects.filter(submission__in=subs)
    keys = sorted(Delivery.objects.filter(kind="drill_graded").values_list("key", flat=True))
    assert keys == sorted(f"grade:{g.pk}" for g in grades)
