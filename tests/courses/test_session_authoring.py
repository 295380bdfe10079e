"""Trainers schedule sessions in their own time zone, cancel them with a reason; admins publish the policy."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from courses.models import Enrolment, EnrolmentEvent, PolicyVersion, Session
from courses.services import sessions as session_services
from courses.services.enrolment import enrol
from tests.factories import CourseFactory, PolicyVersionFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


# Sessions: times in the viewer's zone


@pytest.fixture
def new_york_trainer(trainer):
    trainer.time_zone = "America/New_York"
    trainer.save(update_fields=["time_zone"])
    return trainer


def _session_post(**overrides):
    data = {
        "title": "January cohort",
        "starts_at": "2030-01-15T09:00",
        "ends_at": "2030-01-15T11:30",
        "time_zone": "Europe/London",
        "location": "Room 4",
        "online_url": "",
        "capacity": "12",
        "hashtag": "#TweetCamp42",
        "enrolment_closes_at": "2030-01-14T17:00",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_a_session_is_entered_in_the_viewers_zone_and_stored_in_utc(client_for, new_york_trainer):
    course = CourseFactory()
    client = client_for(new_york_trainer)
    form_page = client.get(reverse("courses:session-create", args=[course.slug])).content.decode()
    assert "America/New_York" in form_page
    assert 'type="datetime-local"' in form_page

    response = client.post(
        reverse("courses:session-create", args=[course.slug]), _session_post(trainers=[new_york_trainer.pk])
    )
    session = Session.objects.get(hashtag="#TweetCamp42")
    assert response.url == reverse("courses:session-roster", args=[session.pk])
    assert session.starts_at == datetime(2030, 1, 15, 14, 0, tzinfo=UTC)  # 09:00 in New York, winter
    assert session.enrolment_closes_at == datetime(2030, 1, 14, 22, 0, tzinfo=UTC)
    assert session.time_zone == "Europe/London"
    assert list(session.trainers.all()) == [new_york_trainer]
    assert session.feed.memberships.get(user=new_york_trainer).role == "trainer"

    edit_page = client.get(reverse("courses:session-edit", args=[session.pk])).content.decode()
    assert 'value="2030-01-15T09:00"' in edit_page


@time_machine.travel(NOW, tick=False)
def test_a_time_that_does_not_exist_in_the_viewers_zone_is_a_form_error(client_for, new_york_trainer):
    course = CourseFactory()
    # 02:30 on 10 March 2030 does not happen in New York: clocks jump from 02:00 to 03:00.
    response = client_for(new_york_trainer).post(
        reverse("courses:session-create", args=[course.slug]),
        _session_post(starts_at="2030-03-10T02:30", ends_at="2030-03-10T05:00", enrolment_closes_at="2030-03-09T12:00"),
    )
    assert response.status_code == 200
    assert "starts_at" in response.context["form"].errors
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2030-01-15T08:00"}, "ends_at"),
        ({"enrolment_closes_at": "2030-01-15T10:00"}, "enrolment_closes_at"),
        ({"hashtag": "#taken"}, "hashtag"),
        ({"hashtag": "not a tag"}, "hashtag"),
        ({"capacity": "0"}, "capacity"),
        ({"starts_at": "soon"}, "starts_at"),
        ({"location": "", "online_url": ""}, "__all__"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_bad_session_input_is_a_form_error(client_for, trainer, overrides, field):
    course = CourseFactory()
    SessionFactory(hashtag="#Taken")
    response = client_for(trainer).post(
        reverse("courses:session-create", args=[course.slug]), _session_post(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Session.objects.filter(course=course).exists()


@time_machine.travel(NOW, tick=False)
def test_a_hashtag_taken_by_a_concurrent_writer_is_a_form_error(client_for, trainer, monkeypatch):
    course = CourseFactory()
    SessionFactory(hashtag="#tweetcamp42")
    # The other writer committed after our check: only the database constraint sees the clash.
    monkeypatch.setattr(session_services, "_check", lambda details, exclude_pk=None: None)
    response = client_for(trainer).post(reverse("courses:session-create", args=[course.slug]), _session_post())
    assert response.status_code == 200
    assert "hashtag" in response.context["form"].errors
    assert not Session.objects.filter(course=course).exists()


@time_machine.travel(NOW, tick=False)
def test_scheduling_without_yourself_as_trainer_returns_to_the_trainer_home(client_for, trainer):
    course = CourseFactory()
    response = client_for(trainer).post(reverse("courses:session-create", args=[course.slug]), _session_post())
    assert response.url == reverse("courses:trainer-home")
    assert Session.objects.filter(course=course).exists()


@time_machine.travel(NOW, tick=False)
def test_more_seats_on_the_edit_page_promote_the_waitlist(client_for, trainer, employee, colleague):
    session = SessionFactory(capacity=1, trainers=[trainer], hashtag="#TweetCamp42")
    enrol(person=employee, session=session)
    waiting = enrol(person=colleague, session=session)
    post = _session_post(
        title=session.title,
        starts_at=session.starts_at.strftime("%Y-%m-%dT%H:%M"),
        ends_at=session.ends_at.strftime("%Y-%m-%dT%H:%M"),
        enrolment_closes_at=session.enrolment_closes_at.strftime("%Y-%m-%dT%H:%M"),
        time_zone="UTC",
        location=session.location,
        capacity="2",
        trainers=[trainer.pk],
    )
    response = client_for(trainer).post(reverse("courses:session-edit", args=[session.pk]), post)
    assert response.url == reverse("courses:session-roster", args=[session.pk])
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED


@time_machine.travel(NOW, tick=False)
def test_fewer_seats_than_people_holding_them_is_a_form_error(client_for, trainer, employee, colleague):
    session = SessionFactory(capacity=2, trainers=[trainer])
    enrol(person=employee, session=session)
    enrol(person=colleague, session=session)
    post = _session_post(
        starts_at=session.starts_at.strftime("%Y-%m-%dT%H:%M"),
        ends_at=session.ends_at.strftime("%Y-%m-%dT%H:%M"),
        enrolment_closes_at=session.enrolment_closes_at.strftime("%Y-%m-%dT%H:%M"),
        capacity="1",
        trainers=[trainer.pk],
    )
    response = client_for(trainer).post(reverse("courses:session-edit", args=[session.pk]), post)
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors


# Cancelling a session


def test_cancelling_asks_for_a_reason(client_for, trainer):
    session = SessionFactory(trainers=[trainer])
    response = client_for(trainer).post(reverse("courses:session-cancel", args=[session.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    session.refresh_from_db()
    assert not session.is_cancelled


def test_cancelling_keeps_every_record_and_tells_everyone_why(client_for, trainer, employee, colleague):
    session = SessionFactory(capacity=1, trainers=[trainer])
    seated = enrol(person=employee, session=session)
    waiting = enrol(person=colleague, session=session)
    client = client_for(trainer)
    response = client.post(reverse("courses:session-cancel", args=[session.pk]), {"reason": "Trainer is ill"})
    assert response.url == reverse("courses:session-roster", args=[session.pk])
    session.refresh_from_db()
    assert session.is_cancelled and session.cancel_reason == "Trainer is ill" and session.cancelled_by == trainer
    for enrolment in (seated, waiting):
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.CANCELLED
        event = enrolment.events.get(action=EnrolmentEvent.Action.SESSION_CANCELLED)
        assert (event.note, event.actor) == ("Trainer is ill", trainer)
    roster = client.get(response.url).content.decode()
    assert "This session is cancelled: Trainer is ill" in roster
    # Cancelling twice is a message on the form, not an error page.
    again = client.post(reverse("courses:session-cancel", args=[session.pk]), {"reason": "again"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()


def test_a_cancelled_session_cannot_be_edited(client_for, trainer):
    session = SessionFactory(trainers=[trainer], status=Session.Status.CANCELLED)
    post = _session_post(
        starts_at=(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=(session.starts_at + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        enrolment_closes_at=(session.starts_at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        trainers=[trainer.pk],
    )
    response = client_for(trainer).post(reverse("courses:session-edit", args=[session.pk]), post)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


# The policy


def test_an_admin_publishes_a_new_policy_version(client_for, admin_user):
    PolicyVersionFactory(version=3, title="Policy", body="Old text")
    client = client_for(admin_user)
    form = client.get(reverse("courses:policy-create"))
    assert "Old text" in form.content.decode()  # starts from the current text
    response = client.post(reverse("courses:policy-create"), {"title": "Policy", "body": "New text"})
    assert response.url == reverse("courses:trainer-home")
    newest = PolicyVersion.objects.order_by("-version").first()
    assert (newest.version, newest.body) == (4, "New text")


def test_a_policy_without_text_is_a_form_error(client_for, admin_user):
    response = client_for(admin_user).post(reverse("courses:policy-create"), {"title": "Policy", "body": ""})
    assert "body" in response.context["form"].errors
    assert not PolicyVersion.objects.exists()


def test_only_people_who_may_run_sessions_are_offered_as_trainers(client_for, trainer, employee, admin_user):
    course = CourseFactory()
    UserFactory(display_name="Inactive Trainer", is_active=False, roles=["Trainer"])
    form = client_for(trainer).get(reverse("courses:session-create", args=[course.slug])).context["form"]
    offered = set(form.fields["trainers"].queryset)
    assert trainer in offered and admin_user in offered
    assert employee not in offered
    assert not any(u.display_name == "Inactive Trainer" for u in offered)
