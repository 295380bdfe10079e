"""Journey 2: a trainer writes a lesson (with a preview), builds a drill's rubric, schedules a session with
a hashtag, scripts two persona posts, runs the live console, marks attendance and overrides a grade."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from courses.models import Drill, Enrolment, Grade, Lesson, Session, Submission
from courses.services import drills as drill_services
from courses.services import enrolment as enrolment_services
from practice.models import Persona, Post, ScriptedPost
from tests.factories import CourseFactory, UserFactory, verified_user

pytestmark = pytest.mark.django_db(transaction=True)


def local(when) -> str:
    """A datetime-local value in the trainer's own zone (UTC)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def test_trainer_journey(site, check):
    theo = verified_user(display_name="Theo Trainer", handle="theo", email="theo@example.org", roles=[Role.TRAINER])
    course = CourseFactory(title="Posting well", slug="posting-well")
    learner = UserFactory(display_name="Lea Learner", handle="lea")
    page = site.page(user=theo)

    page.goto("/trainer/")
    check(page, "trainer-home")

    # A lesson, previewed before it is saved.
    page.goto(f"/trainer/courses/{course.slug}/")
    check(page, "course-edit")
    page.get_by_role("link", name="New lesson").click()
    page.get_by_label("Title").fill("Hashtags that help")
    page.locator("#id_body").fill("## Use the session tag\n\nAdd {session.hashtag} so your cohort finds you.")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#lesson-preview")).to_contain_text("Use the session tag")
    check(page, "lesson-preview")
    page.get_by_role("button", name="Save lesson").click()
    lesson = Lesson.objects.get(course=course, title="Hashtags that help")
    expect(page).to_have_url(re.compile(rf"/trainer/lessons/{lesson.pk}/$"))
    check(page, "lesson-saved")

    # A drill with a two-rule rubric.
    page.get_by_role("link", name="New drill").click()
    page.get_by_label("Title").fill("Tag your first post")
    page.locator("#id_instructions").fill("Post a hello with {session.hashtag}.")
    page.get_by_label("Status").select_option("published")
    rule1 = page.locator("#rule-1")
    rule1.get_by_label("What it checks").select_option("uses_hashtag")
    rule1.get_by_label("Hashtag").fill("session")
    page.get_by_role("button", name="Add a rule").click()
    rule2 = page.locator("#rule-2")
    rule2.get_by_label("What it checks").select_option("length_between")
    rule2.get_by_label("Minimum length").fill("20")
    check(page, "drill-form")
    page.get_by_role("button", name="Create drill").click()
    drill = Drill.objects.get(lesson=lesson)
    assert [rule["kind"] for rule in drill.rubric] == ["uses_hashtag", "length_between"]
    expect(page).to_have_url(re.compile(rf"/trainer/drills/{drill.pk}/edit/$"))
    check(page, "drill-saved")

    # A session with its own hashtag.
    starts = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    page.goto(f"/trainer/courses/{course.slug}/sessions/new/")
    page.get_by_label("Title").fill("Friday cohort")
    page.get_by_label(re.compile(r"^Starts")).fill(local(starts))
    page.get_by_label(re.compile(r"^Ends")).fill(local(starts + timedelta(hours=2)))
    page.get_by_label("Location").fill("Room 4")
    page.get_by_label("Seats").fill("12")
    page.get_by_label("Hashtag").fill("#CampFriday")
    page.get_by_label(re.compile(r"^Enrolment closes")).fill(local(starts - timedelta(days=1)))
    page.get_by_label("Theo Trainer").check()
    check(page, "session-form")
    page.get_by_role("button", name=re.compile("^(Schedule|Save)")).click()
    session = Session.objects.get(course=course, hashtag="#CampFriday")
    expect(page).to_have_url(re.compile(rf"/trainer/sessions/{session.pk}/$"))
    check(page, "roster-empty")

    # Two persona posts scripted in the practice console, then run live.
    page.goto(f"/feed/f/{session.feed_id}/console/")
    check(page, "console-empty")
    persona = page.locator("section[aria-labelledby=persona-h]")
    persona.get_by_label("Name").fill("City News Desk")
    persona.get_by_label("Handle").fill("CityNews")
    persona.get_by_role("button", name="Add persona").click()
    expect(page.locator("main")).to_contain_text("@CityNews")
    script = page.locator("section[aria-labelledby=script-h]")
    for minutes, text in ((0, "Breaking: flu clinic opens at 9. #CampFriday"), (10, "Queues are long, bring a book.")):
        script.get_by_label("Text").fill(text)
        script.get_by_label("Minutes after the start").fill(str(minutes))
        script.get_by_role("button", name="Add scripted post").click()
        expect(page.locator(".upcoming")).to_contain_text(text)
    assert ScriptedPost.objects.filter(feed=session.feed).count() == 2
    check(page, "console-scripted")
    page.get_by_role("button", name="Publish the next post now").click()
    expect(page.locator(".upcoming")).not_to_contain_text("flu clinic")
    assert Post.objects.filter(feed=session.feed, persona__handle="CityNews", text__contains="flu clinic").exists()
    page.get_by_role("button", name="Pause the timeline").click()
    expect(page.get_by_role("button", name="Resume the timeline")).to_be_visible()
    check(page, "console-live")
    assert Persona.objects.filter(handle="CityNews").exists()

    # A learner takes a seat and makes an attempt (graded in-process here; journey 1 uses a worker).
    seat = enrolment_services.enrol(person=learner, session=session)
    attempt = drill_services.attempt(person=learner, drill=drill, text="Hi #CampFriday")
    drill_services.grade_submission(attempt.pk)

    # Session day: attendance on the roster, in place.
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=2),
        enrolment_closes_at=now - timedelta(days=1),
    )
    page.goto(f"/trainer/sessions/{session.pk}/")
    page.get_by_role("button", name="Mark Lea Learner attended").click()
    expect(page.locator(f"#enrolment-{seat.pk}")).to_contain_text("marked by Theo Trainer")
    assert Enrolment.objects.get(pk=seat.pk).status == Enrolment.Status.ATTENDED
    check(page, "roster-attended")

    # The short attempt failed the length rule; the trainer overrides the grade with a reason.
    page.goto(f"/trainer/drills/{drill.pk}/submissions/")
    check(page, "submissions")
    row = page.locator("tr", has_text="Lea Learner")
    row.get_by_label("Score (%)").fill("80")
    row.get_by_label("Comment").fill("Short, but the tag is right.")
    row.get_by_role("button", name=re.compile("^Override")).click()
    expect(page.locator(".messages")).to_contain_text("Grade overridden.")
    submission = Submission.objects.get(pk=attempt.pk)
    assert submission.score == 80 and submission.passed
    assert Grade.objects.filter(submission=submission, kind="override", graded_by=theo).exists()
    check(page, "submissions-overridden")
