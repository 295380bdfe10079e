"""The session roster: who is in and who waits, attendance, removal, history, the CSV export, query counts."""

import csv
import io
from datetime import timedelta

import lxml.html
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.csvsafe import safe_cell as csv_cell
from courses.models import Enrolment, EnrolmentEvent
from courses.services import enrolment as enrolment_services
from courses.services.enrolment import enrol
from tests.factories import CourseFactory, DepartmentFactory, LessonFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(trainer):
    return SessionFactory(title="Morning cohort", capacity=2, trainers=[trainer])


def _fill(session, count, start=0):
    """Enrol `count` new people one after another (seats first, then the waitlist)."""
    people = []
    for n in range(start, start + count):
        person = UserFactory(display_name=f"Person {n:02d}")
        enrol(person=person, session=session)
        people.append(person)
    return people


def _table(page, caption_start):
    doc = lxml.html.fromstring(page.content.decode())
    for table in doc.iter("table"):
        caption = table.find("caption")
        if caption is not None and caption.text_content().strip().startswith(caption_start):
            return table
    raise AssertionError(f"no table captioned {caption_start!r}")


def _names(table):
    return [row.xpath("./th")[0].text.strip() for row in table.xpath("./tbody/tr[th]")]


def test_the_roster_shows_seats_then_the_waitlist_in_arrival_order(client_for, trainer, session):
    with time_machine.travel(session.starts_at - timedelta(days=3)) as clock:
        for n in range(5):
            enrol(person=UserFactory(display_name=f"Person {n}"), session=session)
            clock.shift(timedelta(minutes=1))
    page = client_for(trainer).get(reverse("courses:session-roster", args=[session.pk]))
    assert _names(_table(page, "Enrolled")) == ["Person 0", "Person 1"]
    waitlist = _table(page, "Waitlist")
    assert _names(waitlist) == ["Person 2", "Person 3", "Person 4"]
    assert "number 1 in line" in lxml.html.tostring(waitlist, encoding="unicode")
    for header in waitlist.xpath("./thead//th"):
        assert header.get("scope") == "col"


def test_people_joining_in_the_same_instant_wait_in_id_order(client_for, trainer, session):
    with time_machine.travel(session.starts_at - timedelta(days=3), tick=False):
        _fill(session, 5)
    page = client_for(trainer).get(reverse("courses:session-roster", args=[session.pk]))
    assert _names(_table(page, "Waitlist")) == ["Person 02", "Person 03", "Person 04"]


def test_each_persons_history_says_who_did_what_and_when(client_for, trainer, session):
    first, second, third = _fill(session, 3)
    enrolment = Enrolment.objects.get(user=first)
    enrolment_services.remove(enrolment=enrolment, actor=trainer, note="Double-booked")
    page = client_for(trainer).get(reverse("courses:session-roster", args=[session.pk]))
    former = lxml.html.tostring(_table(page, "No longer on the roster"), encoding="unicode")
    assert "Person 00" in former and "Removed" in former and "by Theo Trainer" in former and "Double-booked" in former
    promoted = lxml.html.tostring(_table(page, "Enrolled"), encoding="unicode")
    assert "Promoted from the waitlist" in promoted and "Joined the waitlist" in promoted


# Attendance


def test_attendance_buttons_are_disabled_with_a_reason_until_15_minutes_before(client_for, trainer, session):
    (person,) = _fill(session, 1)
    enrolment = Enrolment.objects.get(user=person)
    client = client_for(trainer)
    with time_machine.travel(session.starts_at - timedelta(minutes=16), tick=False):
        page = client.get(reverse("courses:session-roster", args=[session.pk]))
        doc = lxml.html.fromstring(page.content.decode())
        button = doc.xpath("//button[@aria-label='Mark Person 00 attended']")[0]
        assert button.get("disabled") is not None and button.get("aria-describedby") == "attendance-note"
        assert "15 minutes before the start" in doc.get_element_by_id("attendance-note").text_content()

        response = client.post(
            reverse("courses:enrolment-attendance", args=[enrolment.pk]), {"attended": "yes"}, follow=True
        )
        assert "Attendance opens 15 minutes before" in response.content.decode()
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.ENROLLED


def test_a_trainer_marks_attendance_from_15_minutes_before_and_can_correct_it(client_for, trainer, session):
    (person,) = _fill(session, 1)
    enrolment = Enrolment.objects.get(user=person)
    client = client_for(trainer)
    with time_machine.travel(session.starts_at - timedelta(minutes=15), tick=False):
        page = client.get(reverse("courses:session-roster", args=[session.pk]))
        button = lxml.html.fromstring(page.content.decode()).xpath("//button[@aria-label='Mark Person 00 no-show']")[0]
        assert button.get("disabled") is None

        response = client.post(reverse("courses:enrolment-attendance", args=[enrolment.pk]), {"attended": "no"})
        assert response.url.endswith(f"#enrolment-{enrolment.pk}")
        client.post(reverse("courses:enrolment-attendance", args=[enrolment.pk]), {"attended": "yes"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ATTENDED and enrolment.attendance_marked_by == trainer
    actions = list(enrolment.events.values_list("action", "actor"))
    assert actions[-2:] == [(EnrolmentEvent.Action.NO_SHOW, trainer.pk), (EnrolmentEvent.Action.ATTENDED, trainer.pk)]


def test_htmx_attendance_answers_with_the_updated_row(client_for, trainer, session):
    (person,) = _fill(session, 1)
    enrolment = Enrolment.objects.get(user=person)
    with time_machine.travel(session.starts_at, tick=False):
        response = client_for(trainer).post(
            reverse("courses:enrolment-attendance", args=[enrolment.pk]), {"attended": "yes"}, HTTP_HX_REQUEST="true"
        )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    row = lxml.html.fragment_fromstring(body, create_parent="table").find(".//tr")
    assert row.get("id") == f"enrolment-{enrolment.pk}"
    assert "Attended" in row.text_content() and "marked by Theo Trainer" in row.text_content()


def test_htmx_attendance_shows_a_refusal_in_the_row(client_for, trainer, session):
    (person,) = _fill(session, 1)
    enrolment = Enrolment.objects.get(user=person)
    response = client_for(trainer).post(
        reverse("courses:enrolment-attendance", args=[enrolment.pk]), {"attended": "yes"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() and "Attendance opens" in response.content.decode()


def test_the_waitlisted_cannot_be_marked(client_for, trainer, session):
    *_, waiting = _fill(session, 3)
    enrolment = Enrolment.objects.get(user=waiting)
    with time_machine.travel(session.starts_at, tick=False):
        response = client_for(trainer).post(
            reverse("courses:enrolment-attendance", args=[enrolment.pk]), {"attended": "yes"}, follow=True
        )
    assert "Only people with a seat can be marked" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WAITLISTED


# Removal


def test_removing_someone_keeps_the_note_and_promotes_the_first_waiting(client_for, trainer, session):
    first, _second, third, fourth = _fill(session, 4)
    enrolment = Enrolment.objects.get(user=first)
    client = client_for(trainer)
    confirm = client.get(reverse("courses:enrolment-remove", args=[enrolment.pk]))
    assert "Remove Person 00" in confirm.content.decode()
    response = client.post(reverse("courses:enrolment-remove", args=[enrolment.pk]), {"note": "Left the trust"})
    assert response.url == reverse("courses:session-roster", args=[session.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REMOVED
    assert enrolment.events.get(action=EnrolmentEvent.Action.REMOVED).note == "Left the trust"
    assert Enrolment.objects.get(user=third).status == Enrolment.Status.ENROLLED
    assert Enrolment.objects.get(user=fourth).status == Enrolment.Status.WAITLISTED
    page = client.get(response.url).content.decode()
    assert "Promoted from the waitlist: Person 02." in page


def test_removing_someone_twice_is_a_form_error(client_for, trainer, session):
    (person,) = _fill(session, 1)
    enrolment = Enrolment.objects.get(user=person)
    enrolment_services.remove(enrolment=enrolment, actor=trainer)
    response = client_for(trainer).post(reverse("courses:enrolment-remove", args=[enrolment.pk]), {"note": ""})
    assert response.status_code == 200
    assert "already Removed" in str(response.context["form"].non_field_errors())


def test_the_roster_offers_remove_with_a_labelled_note(client_for, trainer, session):
    (person,) = _fill(session, 1)
    enrolment = Enrolment.objects.get(user=person)
    page = client_for(trainer).get(reverse("courses:session-roster", args=[session.pk]))
    doc = lxml.html.fromstring(page.content.decode())
    label = doc.xpath(f"//label[@for='note-{enrolment.pk}']")
    assert label and doc.get_element_by_id(f"note-{enrolment.pk}").tag == "textarea"
    assert doc.xpath("//button[normalize-space()='Remove Person 00']")


# The CSV export


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Erin = fine", "Erin = fine"),
        ("", ""),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_cells_that_look_like_formulas_become_text(value, cell):
    assert csv_cell(value) == cell


def test_the_roster_csv_streams_everyone_with_formulas_defused(client_for, trainer, session):
    evil = UserFactory(display_name="=cmd|' /C calc'!A0", handle="evil", department=DepartmentFactory(name="@Ops"))
    _fill(session, 2)
    enrol(person=evil, session=session)
    response = client_for(trainer).get(reverse("courses:roster-csv", args=[session.pk]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="roster-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Name", "E-mail", "Handle", "Department", "Status"]
    assert rows[0][6] == "Joined (UTC)"
    assert [r[0] for r in rows[1:]] == ["Person 00", "Person 01", "'=cmd|' /C calc'!A0"]
    assert rows[3][3] == "'@Ops" and rows[3][4] == "Waitlisted" and rows[3][5] == "1"


def test_the_csv_shows_times_in_the_viewers_zone(client_for, trainer, session):
    trainer.time_zone = "Asia/Tokyo"
    trainer.save(update_fields=["time_zone"])
    with time_machine.travel(session.starts_at - timedelta(days=2), tick=False):
        _fill(session, 1)
        joined = (session.starts_at - timedelta(days=2) + timedelta(hours=9)).strftime("%Y-%m-%d %H:%M")
    text = b"".join(client_for(trainer).get(reverse("courses:roster-csv", args=[session.pk])).streaming_content)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0][6] == "Joined (Asia/Tokyo)" and rows[1][6] == joined


# Query counts do not grow with rows


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


ROSTER_MAX_QUERIES = 9
HOME_MAX_QUERIES = 12


def test_the_roster_query_count_does_not_grow_with_people(client_for, trainer, session, django_assert_max_num_queries):
    client = client_for(trainer)
    url = reverse("courses:session-roster", args=[session.pk])
    _fill(session, 3)
    enrolment_services.remove(enrolment=Enrolment.objects.filter(session=session).first(), actor=trainer)
    small = _queries(client, url)
    _fill(session, 30, start=10)
    for enrolment in Enrolment.objects.filter(session=session, status="enrolled"):
        enrolment_services.remove(enrolment=enrolment, actor=trainer, note="churn")
    assert Enrolment.objects.filter(session=session).count() == 33
    with django_assert_max_num_queries(small):
        client.get(url)
    with django_assert_max_num_queries(ROSTER_MAX_QUERIES):
        client.get(url)


def test_the_csv_query_count_does_not_grow_with_people(client_for, trainer, session):
    client = client_for(trainer)
    url = reverse("courses:roster-csv", args=[session.pk])
    _fill(session, 2)
    small = _queries(client, url)
    _fill(session, 25, start=10)
    assert _queries(client, url) <= small


def test_the_trainer_home_query_count_does_not_grow_with_sessions(
    client_for, admin_user, trainer, django_assert_max_num_queries
):
    client = client_for(admin_user)
    url = reverse("courses:trainer-home")

    def add(n):
        for _ in range(n):
            course = CourseFactory()
            LessonFactory.create_batch(2, course=course)
            upcoming = SessionFactory(course=course, capacity=1, trainers=[trainer, admin_user])
            _fill(upcoming, 2)
            SessionFactory(course=course, trainers=[trainer], status="cancelled")

    add(1)
    small = _queries(client, url)
    add(10)
    with django_assert_max_num_queries(small):
        client.get(url)
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        client.get(url)
