from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses import calendar
from courses.services import enrolment as svc
from courses.services import sessions as session_svc
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

STARTS = datetime(2031, 3, 10, 14, 0, tzinfo=UTC)  # 09:00 in Chicago (CDT)


def parse(data: bytes):
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    return cal, events


@pytest.fixture
def enrolment():
    session = SessionFactory(
        starts_at=STARTS,
        ends_at=STARTS.replace(hour=16),
        enrolment_closes_at=STARTS.replace(day=9),
        time_zone="America/Chicago",
        location="Room 4",
    )
    return svc.enrol(person=UserFactory(email="erin@example.org"), session=session)


def test_the_invite_parses_back_with_the_right_instants_uid_and_organiser(enrolment):
    cal, (event,) = parse(calendar.invite(enrolment))
    assert str(cal["method"]) == "REQUEST"
    assert event.decoded("dtstart").astimezone(UTC) == STARTS
    assert event.decoded("dtend").astimezone(UTC) == STARTS.replace(hour=16)
    assert event["dtstart"].params["TZID"] == "America/Chicago"
    assert event.decoded("dtstart").utcoffset() == ZoneInfo("America/Chicago").utcoffset(STARTS.replace(tzinfo=None))
    assert str(event["uid"]) == f"{enrolment.uid}@127.0.0.1"
    assert int(event["sequence"]) == 0
    assert str(event["organizer"]) == "mailto:tweetcamp@example.org"
    assert str(event["attendee"]) == "mailto:erin@example.org"
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"]
    assert len(event.walk("VALARM")) == 1


def test_a_cancellation_shares_the_uid_with_a_higher_sequence(enrolment):
    _, (invite,) = parse(calendar.invite(enrolment))
    svc.cancel(enrolment=enrolment, actor=enrolment.user)
    enrolment.refresh_from_db()
    cal, (cancel,) = parse(calendar.invite(enrolment))
    assert str(cal["method"]) == "CANCEL"
    assert str(cancel["status"]) == "CANCELLED"
    assert str(cancel["uid"]) == str(invite["uid"])
    assert int(cancel["sequence"]) > int(invite["sequence"])


def test_a_session_change_raises_the_sequence(enrolment, trainer):
    session = enrolment.session
    fields = session_svc.SessionDetails.__dataclass_fields__
    values = {name: getattr(session, name) for name in fields}
    values["location"] = "Room 9"
    session_svc.update_session(
        session=session, details=session_svc.SessionDetails(**values), trainers=[], actor=trainer
    )
    enrolment.refresh_from_db()
    _, (event,) = parse(calendar.invite(enrolment))
    assert int(event["sequence"]) == 2  # the session's change, and the enrolment's own bump
    assert "Room 9" in str(event["location"])


def test_the_invite_download_is_for_its_owner_only(client_for, enrolment):
    url = reverse("courses:enrolment-ics", args=[enrolment.pk])
    response = client_for(enrolment.user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert client_for(UserFactory()).get(url).status_code == 404


def test_the_private_feed_lists_my_sessions_without_login(client, client_for, enrolment):
    me = client_for(enrolment.user)
    me.post(reverse("courses:calendar-settings"))  # the link is made by asking for it, never by looking
    page = me.get(reverse("courses:calendar-settings"))
    feed_url = page.context["feed_url"]
    client.logout()
    response = client.get(feed_url.split("testserver", 1)[1])
    assert response.status_code == 200
    _, events = parse(response.content)
    assert [str(e["uid"]) for e in events] == [calendar.uid_for(enrolment)]


def test_revoking_the_feed_kills_the_old_link(client_for, enrolment):
    client = client_for(enrolment.user)
    client.post(reverse("courses:calendar-settings"))
    old = client.get(reverse("courses:calendar-settings")).context["feed_url"].split("testserver", 1)[1]
    client.post(reverse("courses:calendar-settings"))
    new = client.get(reverse("courses:calendar-settings")).context["feed_url"].split("testserver", 1)[1]
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_guessed_feed_token_is_a_404(client):
    assert client.get(reverse("courses:calendar-feed", args=["not-a-real-token"])).status_code == 404
