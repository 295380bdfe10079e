from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction

from courses import selectors as course_selectors
from courses.models import Completion, Drill, Grade, Submission
from courses.services import drills, progress
from courses.services import enrolment as enrolment_services
from courses.tasks import grade_submission, sweep_pending_submissions
from notifications.models import Delivery
from practice import services as practice
from practice.models import Post
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


@pytest.fixture
def seat(employee, trainer):
    course = CourseFactory()
    session = SessionFactory(course=course, hashtag="#TweetCamp9", trainers=[trainer])
    enrolment_services.enrol(person=employee, session=session)
    return session


@pytest.fixture
def notice(seat, trainer):
    persona = PersonaFactory(handle="SafetyDesk", feed=seat.feed)
    return practice.post_as_persona(user=trainer, persona=persona, feed=seat.feed, text="Safety notice: wash hands")


def drill_for(session, **kw):
    lesson = LessonFactory(course=session.course)
    return DrillFactory(lesson=lesson, **kw)


def test_an_attempt_posts_in_the_cohort_feed_and_waits_for_its_grade(
    employee, seat, django_capture_on_commit_callbacks
):
    drill = drill_for(seat)
    with django_capture_on_commit_callbacks() as callbacks:
        submission = drills.attempt(person=employee, drill=drill, text="Day one at #TweetCamp9")
    assert len(callbacks) == 1  # grading is queued only after commit
    assert submission.status == Submission.Status.PENDING and submission.attempt == 1
    assert submission.post.feed == seat.feed and submission.post.text == "Day one at #TweetCamp9"


def test_grading_twice_gives_one_grade(employee, seat):
    submission = drills.attempt(person=employee, drill=drill_for(seat), text="Day one at #TweetCamp9")
    grade_submission(submission.pk)
    grade_submission(submission.pk)
    submission.refresh_from_db()
    assert submission.grades.count() == 1
    assert (submission.status, submission.score, submission.passed) == ("graded", 100, True)
    (result,) = submission.grades.get().results
    assert result["passed"] and result["detail"] == "Uses #TweetCamp9."


def test_a_failed_rule_says_why(employee, seat):
    drill = drill_for(
        seat,
        rubric=[
            {"kind": "uses_hashtag", "params": {"hashtag": "session"}, "message": "Use the session hashtag."},
            {"kind": "mentions_handle", "params": {"handle": "MayoClinic"}, "message": "Mention @MayoClinic."},
        ],
    )
    submission = drills.attempt(person=employee, drill=drill, text="Write to press@mayoclinic.org #TweetCamp9")
    grade = drills.grade_submission(submission.pk)
    assert grade.score == 50 and not grade.passed
    failed = [r for r in grade.results if not r["passed"]]
    assert failed[0]["feedback"] == "Mention @MayoClinic." and "Does not mention @MayoClinic" in failed[0]["detail"]


def test_retweeting_the_wrong_post_fails_the_retweet_rule(employee, seat, notice, trainer):
    rule = [{"kind": "is_retweet_of", "params": {"post_id": "target"}}]
    drill = drill_for(seat, action=Drill.Action.RETWEET, target_persona_handle="SafetyDesk", rubric=rule)
    good = drills.attempt(person=employee, drill=drill)
    assert good.post.retweet_of == notice
    assert drills.grade_submission(good.pk).passed
    other = practice.post_as_persona(user=trainer, persona=notice.persona, feed=seat.feed, text="Lunch menu")
    rule = [{"kind": "is_retweet_of", "params": {"post_id": notice.pk}}]
    wrong_drill = drill_for(
        seat, action=Drill.Action.RETWEET, target_persona_handle="SafetyDesk", target_text_contains="Lunch", rubric=rule
    )
    wrong = drills.attempt(person=employee, drill=wrong_drill)
    assert wrong.post.retweet_of == other
    grade = drills.grade_submission(wrong.pk)
    assert not grade.passed and grade.results[0]["detail"] == "Retweets a different post."


def test_a_quote_without_own_words_fails(employee, seat, notice):
    drill = drill_for(
        seat,
        action=Drill.Action.QUOTE,
        target_persona_handle="SafetyDesk",
        rubric=[{"kind": "is_quote_of", "params": {"post_id": "target", "min_words": 3}}],
    )
    bare = drills.attempt(person=employee, drill=drill, text="#TweetCamp9")
    assert not drills.grade_submission(bare.pk).passed
    good = drills.attempt(person=employee, drill=drill, text="Everyone on the ward should read this #TweetCamp9")
    assert drills.grade_submission(good.pk).passed


def test_phi_in_a_post_fails_the_policy_rule_with_a_rewrite(employee, seat):
    drill = drill_for(seat, rubric=[{"kind": "policy_no_phi"}])
    submission = drills.attempt(person=employee, drill=drill, text="Congrats to the triplets' mom in L&D today!")
    grade = drills.grade_submission(submission.pk)
    assert not grade.passed
    assert "Try:" in grade.results[0]["detail"]


def test_a_scenario_patient_named_in_a_drill_post_fails_the_policy_rule(employee, seat, settings):
    settings.SCENARIO_PATIENT_NAMES = ("Rosa Delgado",)
    drill = drill_for(seat, rubric=[{"kind": "policy_no_phi"}], max_attempts=3)
    named = drills.attempt(person=employee, drill=drill, text="Wishing Rosa Delgado a speedy recovery, so brave")
    assert not drills.grade_submission(named.pk).passed
    unnamed = drills.attempt(person=employee, drill=drill, text="Wishing everyone on 4 West a calm weekend")
    assert drills.grade_submission(unnamed.pk).passed


def test_profile_drills_grade_the_profile(employee, seat):
    drill = drill_for(
        seat,
        action=Drill.Action.PROFILE,
        rubric=[
            {"kind": "profile_maintainer"},
            {"kind": "profile_disclaimer"},
            {"kind": "profile_link"},
        ],
    )
    employee.bio = "Tweets by Erin, L&D nurse. Following doesn't mean endorsement."
    employee.website = "https://example.org/erin"
    employee.save()
    submission = drills.attempt(person=employee, drill=drill)
    assert submission.post is None
    assert drills.grade_submission(submission.pk).score == 100


def test_attempts_are_limited(employee, seat):
    drill = drill_for(seat, max_attempts=2)
    drills.attempt(person=employee, drill=drill, text="one #TweetCamp9")
    drills.attempt(person=employee, drill=drill, text="two #TweetCamp9")
    with pytest.raises(drills.DrillError, match="all 2 attempts"):
        drills.attempt(person=employee, drill=drill, text="three")
    assert Post.objects.filter(author=employee).count() == 2


def test_drills_open_only_with_a_seat(colleague, seat):
    with pytest.raises(drills.DrillError, match="seat"):
        drills.attempt(person=colleague, drill=drill_for(seat), text="hi")


def test_the_deadline_closes_the_drill(employee, seat):
    drill = drill_for(seat, deadline_offset=timedelta(hours=1))
    with time_machine.travel(seat.starts_at + timedelta(hours=2)), pytest.raises(drills.DrillError, match="deadline"):
        drills.attempt(person=employee, drill=drill, text="late #TweetCamp9")


def test_a_trainer_override_is_kept_in_history(employee, seat, trainer):
    submission = drills.attempt(person=employee, drill=drill_for(seat), text="no tag")
    drills.grade_submission(submission.pk)
    drills.override(submission=submission, score=80, comment="Hashtag was in the image", actor=trainer)
    submission.refresh_from_db()
    assert (submission.status, submission.score, submission.passed) == ("overridden", 80, True)
    assert [g.kind for g in submission.grades.order_by("created_at", "pk")] == ["auto", "override"]
    grade_submission(submission.pk)  # a late duplicate message must not undo the override
    submission.refresh_from_db()
    assert submission.status == "overridden" and submission.score == 80


def test_an_override_needs_a_comment(employee, seat, trainer):
    submission = drills.attempt(person=employee, drill=drill_for(seat), text="x")
    with pytest.raises(drills.DrillError):
        drills.override(submission=submission, score=90, comment=" ", actor=trainer)


def test_regrading_after_a_rubric_edit_adds_a_grade_for_the_new_version(employee, seat, trainer):
    drill = drill_for(seat)
    submission = drills.attempt(person=employee, drill=drill, text="Hello #TweetCamp9")
    drills.grade_submission(submission.pk)
    drill = drills.update_rubric(
        drill=drill, rules=[{"kind": "mentions_handle", "params": {"handle": "trainer"}}], actor=trainer
    )
    assert drills.regrade_all(drill=drill) == 1
    drills.grade_submission(submission.pk)
    grades = list(submission.grades.order_by("rubric_version"))
    assert [(g.rubric_version, g.passed) for g in grades] == [(1, True), (2, False)]
    submission.refresh_from_db()
    assert submission.status == "graded" and submission.passed is False


def test_the_sweep_requeues_submissions_left_pending(employee, seat, monkeypatch, time_machine):
    time_machine.move_to(seat.starts_at - timedelta(days=3), tick=False)
    submission = drills.attempt(person=employee, drill=drill_for(seat), text="#TweetCamp9")
    sent = []
    monkeypatch.setattr(grade_submission, "delay", sent.append)
    assert sweep_pending_submissions() == 0
    time_machine.shift(timedelta(minutes=5))
    assert sweep_pending_submissions() == 1 and sent == [submission.pk]


def test_passing_every_drill_feeds_completion(employee, seat, trainer):
    PolicyVersionFactory()
    drill = drill_for(seat)
    course = seat.course
    for lesson in course.lessons.all():
        progress.mark_lesson_read(person=employee, lesson=lesson)
    progress.acknowledge_policy(person=employee, policy=course_selectors.current_policy())
    enrolment = employee.enrolments.get()
    with time_machine.travel(seat.starts_at):
        enrolment_services.mark_attendance(enrolment=enrolment, attended=True, actor=trainer)
    assert not Completion.objects.exists()  # the drill is not passed yet
    submission = drills.attempt(person=employee, drill=drill, text="#TweetCamp9 done")
    drills.grade_submission(submission.pk)
    assert Completion.objects.filter(user=employee, course=course).exists()
    assert course_selectors.completion_state(person=employee, course=course).drills_passed == 1


def test_grades_have_a_row_per_rubric_version_at_most():
    sub = None
    with pytest.raises(IntegrityError), transaction.atomic():
        user = UserFactory()
        session = SessionFactory()
        enrolment_services.enrol(person=user, session=session)
        sub = drills.attempt(person=user, drill=drill_for(session), text="x")
        Grade.objects.create(submission=sub, rubric_version=1, score=1, passed=False)
        Grade.objects.create(submission=sub, rubric_version=1, score=2, passed=False)


def test_the_learner_hears_once_that_the_grade_is_ready(employee, seat):
    submission = drills.attempt(person=employee, drill=drill_for(seat), text="Hi #TweetCamp9")
    grade_submission(submission.pk)
    grade_submission(submission.pk)
    assert Delivery.objects.filter(recipient=employee, kind="drill_graded").count() == 1
    assert [m.subject for m in mail.outbox if "Graded" in m.subject] == [f"Graded: {submission.drill.title}"]
