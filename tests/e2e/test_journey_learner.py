"""Journey 1, by keyboard alone (Tab, Enter, Space and typing; no clicks), in English and in Spanish:
an employee signs up, opens the verification link from the e-mail, lands on a full session's waitlist,
moves to a session with a seat, downloads the .ics, does a drill by posting in the cohort feed and
sees the grade arrive without reloading, reads the lesson, and once marked attended gets a certificate."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import Role
from courses.models import Completion, Enrolment, Session, Submission
from courses.services import enrolment as enrolment_services
from tests.e2e.keyboard import activate, type_into
from tests.factories import CourseFactory, LessonFactory, SessionFactory, UserFactory, verified_user
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "waitlist": "you are on the waitlist",
        "seat": "You have a seat",
        "grading": "Grading…",
        "passed": "Passed: 100%",
        "certificate": "Certificate of completion",
    },
    "es": {
        "waitlist": "estás en la lista de espera",
        "seat": "Tienes plaza",
        "grading": "Calificando…",
        "passed": "Aprobado: 100%",
        "certificate": "Certificado de finalización",
    },
}


@pytest.fixture
def camp():
    trainer = UserFactory(display_name="Theo Trainer", handle="theo", roles=[Role.TRAINER])
    course = CourseFactory(
        title="Posting well",
        slug="posting-well",
        require_lessons=True,
        require_drills=True,
        require_attendance=True,
        require_policy=False,
    )
    lesson = LessonFactory(course=course, title="Your first post", body="## Say hello\n\nUse {session.hashtag}.")
    drill = DrillFactory(lesson=lesson, title="Hello, cohort", instructions="Post with {session.hashtag}.")
    full = SessionFactory(course=course, title="Monday cohort", capacity=1, hashtag="#CampMonday", trainers=[trainer])
    open_seats = SessionFactory(
        course=course,
        title="Thursday cohort",
        capacity=5,
        hashtag="#CampThursday",
        trainers=[trainer],
        starts_at=full.starts_at + timedelta(days=3),
        ends_at=full.starts_at + timedelta(days=3, hours=2),
        enrolment_closes_at=full.starts_at + timedelta(days=2),
    )
    enrolment_services.enrol(person=verified_user(handle="first"), session=full)
    return {"trainer": trainer, "course": course, "lesson": lesson, "drill": drill, "full": full, "open": open_seats}


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


@pytest.mark.parametrize("language", ["en", "es"])
def test_learner_journey_by_keyboard(site, worker, camp, check, language, tmp_path):
    words = WORDS[language]
    page = site.page(locale="es-ES" if language == "es" else "en-GB")

    # The welcome page, in the browser's language; sign up.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, "welcome")
    activate(page, page.locator("header a[href='/accounts/signup/']"))
    expect(page.locator("#id_email")).to_be_visible()
    check(page, "signup")
    type_into(page, page.locator("#id_email"), "nadia@example.org")
    type_into(page, page.locator("#id_password1"), "a-long-camp-password-7")
    type_into(page, page.locator("#id_password2"), "a-long-camp-password-7")
    type_into(page, page.locator("#id_display_name"), "Nadia Nurse")
    type_into(page, page.locator("#id_handle"), "nadia")
    activate(page, page.locator("main form button[type=submit]").last)
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    check(page, "verification-sent")

    # The e-mail's link, opened as from a mail client; confirming signs her in.
    (message,) = [m for m in mail.outbox if "nadia@example.org" in m.to]
    page.goto(link_in(message))
    check(page, "confirm-email")
    activate(page, page.locator("main form button[type=submit]"))
    expect(page.locator(".account-menu")).to_contain_text("Nadia Nurse")
    nadia = User.objects.get(email="nadia@example.org")
    assert nadia.language == language
    check(page, "home-signed-in")

    # Courses → the course → the full Monday session: she joins its waitlist.
    activate(page, page.locator("header a[href='/courses/']"))
    check(page, "course-list")
    activate(page, page.locator("main a[href='/courses/posting-well/']"))
    check(page, "course-detail")
    activate(page, page.locator(f"main a[href='/sessions/{camp['full'].pk}/']"))
    check(page, "session-full")
    activate(page, page.locator("main form[action$='/enrol/'] button"))
    expect(page.locator("main")).to_contain_text(words["waitlist"])
    assert Enrolment.objects.get(user=nadia, session=camp["full"]).status == Enrolment.Status.WAITLISTED
    check(page, "enrolment-waitlisted")

    # She moves to Thursday, which has seats (the move form offers it first).
    activate(page, page.locator("main form[action$='/move/'] button"))
    expect(page.locator("main")).to_contain_text(words["seat"])
    seat = Enrolment.objects.get(user=nadia, session=camp["open"])
    assert seat.status == Enrolment.Status.ENROLLED
    check(page, "enrolment-enrolled")

    # The calendar file.
    with page.expect_download() as download:
        activate(page, page.locator(f"main a[href='/enrolments/{seat.pk}/invite.ics']"), navigates=False)
    ics = tmp_path / "invite.ics"
    download.value.save_as(ics)
    text = ics.read_text()
    assert text.startswith("BEGIN:VCALENDAR") and "Thursday cohort" in text

    # The lesson, then its drill: she posts in the cohort feed and the grade arrives in place.
    activate(page, page.locator("header a[href='/courses/']"))
    activate(page, page.locator("main a[href='/courses/posting-well/']"))
    activate(page, page.locator(f"main a[href='/courses/posting-well/lessons/{camp['lesson'].pk}/']"))
    expect(page.locator("main")).to_contain_text("#CampThursday")  # the token, filled in for her session
    check(page, "lesson")
    activate(page, page.locator(f"main a[href='/drills/{camp['drill'].pk}/']"))
    check(page, "drill")
    page.evaluate("window.__sameDocument = true")
    type_into(page, page.locator("main textarea"), "Hello, cohort! Ready to learn. #CampThursday")
    activate(page, page.locator("main form[action$='/attempt/'] button[type=submit]"))
    # The attempt is a plain form post; on the page it lands on the grade is pending, and the page polls.
    expect(page.locator("#drill-results .badge")).to_have_text(words["grading"])
    page.evaluate("window.__sameDocument = true")
    worker.start()
    expect(page.locator("#drill-results")).to_contain_text(words["passed"], timeout=30_000)
    assert page.evaluate("window.__sameDocument === true"), "the grade should arrive without a reload"
    submission = Submission.objects.get(user=nadia, drill=camp["drill"])
    assert submission.status == Submission.Status.GRADED and submission.post.feed_id == camp["open"].feed_id
    check(page, "drill-graded")

    # Back to the lesson by its breadcrumb, and mark it read.
    activate(page, page.locator(f"main nav a[href='/courses/posting-well/lessons/{camp['lesson'].pk}/']"))
    activate(page, page.locator("main form[action$='/read/'] button"))
    expect(page).to_have_url(re.compile(r"/courses/posting-well/$"))
    check(page, "course-after-reading")

    # Session day: the trainer marks her attended (trainer's pages: journey 2); her certificate is waiting.
    now = timezone.now()
    Session.objects.filter(pk=camp["open"].pk).update(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        enrolment_closes_at=now - timedelta(days=1),
    )
    enrolment_services.mark_attendance(enrolment=seat, attended=True, actor=camp["trainer"])
    assert Completion.objects.filter(user=nadia, course=camp["course"]).exists()
    activate(page, page.locator("header a[href='/camp/']"))
    check(page, "my-camp-completed")
    activate(page, page.locator("main a[href^='/certificates/']"))
    expect(page.locator("main")).to_contain_text(words["certificate"])
    expect(page.locator("main")).to_contain_text("Nadia Nurse")
    check(page, "certificate")
