from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Enrolment, EnrolmentEvent, Session
from courses.services import enrolment as svc
from courses.services import sessions as session_svc
from practice.services import is_member
from tests.factories import CourseFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Enrolment.Status


def fill(session, n):
    return [svc.enrol(person=UserFactory(), session=session) for _ in range(n)]


def test_it_gives_a_seat_while_seats_are_free_then_waitlists():
    session = SessionFactory(capacity=2)
    first, second, third = fill(session, 3)
    assert [first.status, second.status, third.status] == [S.ENROLLED, S.ENROLLED, S.WAITLISTED]
    session.refresh_from_db()
    assert session.seats_taken == 2


def test_enrolled_people_join_the_cohort_feed_and_waitlisted_do_not():
    session = SessionFactory(capacity=1)
    seated, waiting = fill(session, 2)
    assert is_member(feed=session.feed, user=seated.user)
    assert not is_member(feed=session.feed, user=waiting.user)


def test_one_active_place_per_person_per_course():
    course = CourseFactory()
    a, b = SessionFactory(course=course), SessionFactory(course=course)
    person = UserFactory()
    svc.enrol(person=person, session=a)
    with pytest.raises(svc.AlreadyEnrolled):
        svc.enrol(person=person, session=b)
    with pytest.raises(svc.AlreadyEnrolled):
        svc.enrol(person=person, session=a)


def test_cancelling_frees_a_seat_for_exactly_the_first_waitlisted():
    session = SessionFactory(capacity=5)
    seated = fill(session, 5)
    waiting = fill(session, 8)
    for enrolment in seated:
        svc.cancel(enrolment=enrolment, actor=enrolment.user)
    statuses = {e.pk: Enrolment.objects.get(pk=e.pk).status for e in waiting}
    assert [statuses[e.pk] for e in waiting] == [S.ENROLLED] * 5 + [S.WAITLISTED] * 3
    session.refresh_from_db()
    assert session.seats_taken == 5
    promoted = EnrolmentEvent.objects.filter(action=EnrolmentEvent.Action.PROMOTED)
    assert promoted.count() == 5


def test_leaving_the_waitlist_promotes_nobody():
    session = SessionFactory(capacity=1)
    seated, waiting, last = fill(session, 3)
    svc.cancel(enrolment=waiting, actor=waiting.user)
    last.refresh_from_db()
    assert last.status == S.WAITLISTED


def test_a_trainer_removal_promotes(trainer):
    session = SessionFactory(capacity=1, trainers=[trainer])
    seated, waiting = fill(session, 2)
    svc.remove(enrolment=seated, actor=trainer, note="double booked")
    waiting.refresh_from_db()
    seated.refresh_from_db()
    assert seated.status == S.REMOVED
    assert waiting.status == S.ENROLLED
    event = seated.events.get(action=EnrolmentEvent.Action.REMOVED)
    assert event.actor == trainer and event.note == "double booked"


def details_of(session, **changes):
    fields = session_svc.SessionDetails.__dataclass_fields__
    values = {name: getattr(session, name) for name in fields}
    values.update(changes)
    return session_svc.SessionDetails(**values)


def test_a_capacity_increase_promotes_exactly_as_many_as_new_seats(trainer):
    session = SessionFactory(capacity=2, trainers=[trainer])
    fill(session, 2)
    waiting = fill(session, 5)
    session_svc.update_session(
        session=session, details=details_of(session, capacity=5), trainers=[trainer], actor=trainer
    )
    assert [Enrolment.objects.get(pk=e.pk).status for e in waiting] == [S.ENROLLED] * 3 + [S.WAITLISTED] * 2


def test_capacity_cannot_drop_below_seats_taken(trainer):
    session = SessionFactory(capacity=3, trainers=[trainer])
    fill(session, 3)
    with pytest.raises(session_svc.SessionError) as error:
        session_svc.update_session(
            session=session, details=details_of(session, capacity=2), trainers=[trainer], actor=trainer
        )
    assert error.value.field == "capacity"


def test_nothing_is_promoted_after_the_cut_off(trainer):
    session = SessionFactory(capacity=1, trainers=[trainer])
    seated, waiting = fill(session, 2)
    with time_machine.travel(session.enrolment_closes_at + timedelta(minutes=1)):
        svc.remove(enrolment=seated, actor=trainer)
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


def test_nothing_is_promoted_once_the_session_has_started(trainer):
    session = SessionFactory(capacity=1, trainers=[trainer])
    seated, waiting = fill(session, 2)
    with time_machine.travel(session.starts_at + timedelta(minutes=1)):
        assert svc.remove(enrolment=seated, actor=trainer) == []
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


def test_people_cannot_cancel_their_seat_after_the_cut_off():
    session = SessionFactory()
    (seated,) = fill(session, 1)
    with time_machine.travel(session.enrolment_closes_at + timedelta(seconds=1)), pytest.raises(svc.NotAllowed):
        svc.cancel(enrolment=seated, actor=seated.user)


def test_enrolment_closes_at_the_cut_off():
    session = SessionFactory()
    with time_machine.travel(session.enrolment_closes_at), pytest.raises(svc.EnrolmentClosed):
        svc.enrol(person=UserFactory(), session=session)


def test_draft_courses_take_no_enrolments():
    session = SessionFactory(course=CourseFactory(status="draft"))
    with pytest.raises(svc.EnrolmentClosed):
        svc.enrol(person=UserFactory(), session=session)


def test_a_move_takes_the_new_seat_and_frees_the_old_one_for_the_waitlist():
    course = CourseFactory()
    a, b = SessionFactory(course=course, capacity=1), SessionFactory(course=course, capacity=1)
    mover, waiting = fill(a, 2)
    new = svc.move(enrolment=mover, to_session=b, actor=mover.user)
    mover.refresh_from_db()
    waiting.refresh_from_db()
    assert (mover.status, mover.moved_to, new.status, new.session) == (S.MOVED, new, S.ENROLLED, b)
    assert waiting.status == S.ENROLLED
    assert is_member(feed=b.feed, user=mover.user) and not is_member(feed=a.feed, user=mover.user)


def test_a_move_to_a_full_session_keeps_the_current_seat():
    course = CourseFactory()
    a, b = SessionFactory(course=course, capacity=1), SessionFactory(course=course, capacity=1)
    (mover,) = fill(a, 1)
    fill(b, 1)
    with pytest.raises(svc.SessionFull):
        svc.move(enrolment=mover, to_session=b, actor=mover.user)
    mover.refresh_from_db()
    assert mover.status == S.ENROLLED
    assert Enrolment.objects.filter(user=mover.user, status__in=Enrolment.ACTIVE).count() == 1


def test_a_move_to_another_course_is_refused():
    (enrolment,) = fill(SessionFactory(), 1)
    with pytest.raises(svc.NotAllowed):
        svc.move(enrolment=enrolment, to_session=SessionFactory(), actor=enrolment.user)


def test_every_move_is_in_the_history_with_who_did_it(trainer):
    session = SessionFactory(capacity=1, trainers=[trainer])
    seated, waiting = fill(session, 2)
    svc.remove(enrolment=seated, actor=trainer)
    assert [(e.action, e.actor) for e in seated.events.all()] == [("enrolled", seated.user), ("removed", trainer)]
    assert [(e.action, e.from_status, e.to_status) for e in waiting.events.all()] == [
        ("waitlisted", "", "waitlisted"),
        ("promoted", "waitlisted", "enrolled"),
    ]


def test_cancelling_a_session_keeps_every_record_and_ends_each_place(trainer):
    session = SessionFactory(capacity=1, trainers=[trainer])
    seated, waiting = fill(session, 2)
    session_svc.cancel_session(session=session, reason="Trainer is ill", actor=trainer)
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and session.cancel_reason == "Trainer is ill"
    for enrolment in (seated, waiting):
        enrolment.refresh_from_db()
        assert enrolment.status == S.CANCELLED
        assert enrolment.events.filter(action="session_cancelled", note="Trainer is ill").exists()


def test_cancelling_a_session_needs_a_reason(trainer):
    session = SessionFactory(trainers=[trainer])
    with pytest.raises(session_svc.SessionError):
        session_svc.cancel_session(session=session, reason="  ", actor=trainer)


def test_the_database_refuses_an_overbooked_session():
    session = SessionFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(seats_taken=2)


def test_marking_attendance_opens_fifteen_minutes_before_the_start(trainer):
    session = SessionFactory(trainers=[trainer])
    (seated,) = fill(session, 1)
    with time_machine.travel(session.starts_at - timedelta(minutes=16)), pytest.raises(svc.NotAllowed):
        svc.mark_attendance(enrolment=seated, attended=True, actor=trainer)
    with time_machine.travel(session.starts_at - timedelta(minutes=15)):
        svc.mark_attendance(enrolment=seated, attended=True, actor=trainer)
    seated.refresh_from_db()
    assert seated.status == S.ATTENDED and seated.attendance_marked_by == trainer


def test_waitlisted_people_cannot_be_marked_attended(trainer):
    session = SessionFactory(capacity=1, trainers=[trainer])
    _, waiting = fill(session, 2)
    with time_machine.travel(session.starts_at), pytest.raises(svc.NotAllowed):
        svc.mark_attendance(enrolment=waiting, attended=True, actor=trainer)


def test_session_changes_bump_the_calendar_sequence(trainer):
    session = SessionFactory(trainers=[trainer])
    (seated,) = fill(session, 1)
    later = session.starts_at + timedelta(hours=1)
    session_svc.update_session(
        session=session,
        details=details_of(session, starts_at=later, ends_at=later + timedelta(hours=2)),
        trainers=[trainer],
        actor=trainer,
    )
    session.refresh_from_db()
    seated.refresh_from_db()
    assert session.sequence == 1 and seated.sequence == 1
    assert seated.events.filter(action="session_changed").exists()


def test_hashtags_are_unique_ignoring_case(trainer):
    SessionFactory(hashtag="#TweetCamp3")
    course = CourseFactory()
    start = timezone.now() + timedelta(days=3)
    details = session_svc.SessionDetails(
        title="x",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        time_zone="UTC",
        location="",
        online_url="",
        capacity=3,
        hashtag="tweetcamp3",
        enrolment_closes_at=start - timedelta(hours=1),
    )
    with pytest.raises(session_svc.SessionError) as error:
        session_svc.create_session(course=course, details=details, trainers=[trainer], actor=trainer)
    assert error.value.field == "hashtag"
