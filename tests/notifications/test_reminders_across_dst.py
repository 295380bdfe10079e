"""The 1-day and 1-hour reminders leave at the right instants across daylight-saving changes,
and show the right local times with the zone named."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from courses.services import enrolment as svc
from notifications.models import Delivery
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Left unformatted (fmt: skip below): a table, each case's values on the lines the first comment names.
CASES = [
    # session zone, start (UTC), recipient zone, 1-day and 1-hour reminders (UTC), the start as the recipient reads it
    pytest.param(
        "America/Chicago", datetime(2031, 3, 9, 15, 0, tzinfo=UTC), "America/Chicago",
        datetime(2031, 3, 8, 16, 0, tzinfo=UTC), datetime(2031, 3, 9, 14, 0, tzinfo=UTC),
        "Sunday 9 March 2031, 10:00–12:00 CDT (America/Chicago)", id="chicago-spring-forward",
    ),
    pytest.param(
        "America/Chicago", datetime(2031, 11, 2, 16, 0, tzinfo=UTC), "America/Chicago",
        datetime(2031, 11, 1, 15, 0, tzinfo=UTC), datetime(2031, 11, 2, 15, 0, tzinfo=UTC),
        "Sunday 2 November 2031, 10:00–12:00 CST (America/Chicago)", id="chicago-fall-back",
    ),
    pytest.param(
        "Europe/London", datetime(2031, 3, 30, 9, 0, tzinfo=UTC), "Europe/London",
        datetime(2031, 3, 29, 10, 0, tzinfo=UTC), datetime(2031, 3, 30, 8, 0, tzinfo=UTC),
        "Sunday 30 March 2031, 10:00–12:00 BST (Europe/London)", id="london-spring-forward",
    ),
    pytest.param(
        "Europe/London", datetime(2031, 10, 26, 10, 0, tzinfo=UTC), "Europe/London",
        datetime(2031, 10, 25, 9, 0, tzinfo=UTC), datetime(2031, 10, 26, 9, 0, tzinfo=UTC),
        "Sunday 26 October 2031, 10:00–12:00 GMT (Europe/London)", id="london-fall-back",
    ),
    pytest.param(
        "Asia/Kolkata", datetime(2031, 3, 9, 4, 30, tzinfo=UTC), "Asia/Kolkata",
        datetime(2031, 3, 8, 4, 30, tzinfo=UTC), datetime(2031, 3, 9, 3, 30, tzinfo=UTC),
        "Sunday 9 March 2031, 10:00–12:00 IST (Asia/Kolkata)", id="kolkata-no-dst",
    ),
    pytest.param(
        # A learner in Kolkata at a London session on the day the clocks go forward there.
        "Europe/London", datetime(2031, 3, 30, 9, 0, tzinfo=UTC), "Asia/Kolkata",
        datetime(2031, 3, 29, 10, 0, tzinfo=UTC), datetime(2031, 3, 30, 8, 0, tzinfo=UTC),
        "Sunday 30 March 2031, 14:30–16:30 IST (Asia/Kolkata)", id="kolkata-reads-london",
    ),
    pytest.param(
        # A learner in Chicago at a Kolkata session the morning after Chicago springs forward.
        "Asia/Kolkata", datetime(2031, 3, 9, 14, 30, tzinfo=UTC), "America/Chicago",
        datetime(2031, 3, 8, 14, 30, tzinfo=UTC), datetime(2031, 3, 9, 13, 30, tzinfo=UTC),
        "Sunday 9 March 2031, 09:30–11:30 CDT (America/Chicago)", id="chicago-reads-kolkata",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("zone", "starts", "person_zone", "day_before", "hour_before", "local_text"), CASES)
def test_reminders_leave_at_the_right_instants_in_the_readers_time(
    time_machine, beat, zone, starts, person_zone, day_before, hour_before, local_text
):
    time_machine.move_to(starts - timedelta(days=10), tick=False)
    session = SessionFactory(starts_at=starts, ends_at=starts + timedelta(hours=2), time_zone=zone)
    person = UserFactory(time_zone=person_zone)
    svc.enrol(person=person, session=session)
    mail.outbox.clear()

    for expected_at, ahead in ((day_before, "1 day"), (hour_before, "1 hour")):
        time_machine.move_to(expected_at - timedelta(minutes=1), tick=False)
        beat()
        assert mail.outbox == [], f"nothing before {expected_at}"
        time_machine.move_to(expected_at, tick=False)
        beat()
        (message,) = mail.outbox
        assert message.to == [person.email]
        assert f"starts in {ahead}" in message.body.replace("\xa0", " ")  # timeuntil keeps "1 day" together
        assert local_text in message.body
        assert local_text in message.alternatives[0][0]
        time_machine.move_to(expected_at + timedelta(minutes=1), tick=False)
        beat()
        assert len(mail.outbox) == 1
        mail.outbox.clear()

    deliveries = Delivery.objects.filter(recipient=person, kind="session_reminder").order_by("due_at")
    assert [d.due_at for d in deliveries] == [day_before, hour_before]
    assert [d.sent_at for d in deliveries] == [day_before, hour_before]
    assert not any(d.late for d in deliveries)
