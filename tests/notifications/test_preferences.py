"""Preferences per kind, quiet hours and the daily digest."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from notifications import services, tasks
from notifications.models import Delivery, Notification
from notifications.tasks import send_digest_wave

pytestmark = pytest.mark.django_db


def notify_one(**fields):
    """One notice through ``notify``: the delivery it claimed, or None when its key was taken."""
    claimed = services.notify([services.Notice(**fields)])
    return claimed[0] if claimed else None


def graded(person, n=1):
    return notify_one(person=person, kind="drill_graded", key=f"submission:{n}", context={"drill_title": "Reply"})


def mention(person, n, who="Cal"):
    return notify_one(
        person=person,
        kind="feed_mention",
        key=f"post:{n}",
        link=f"/feed/posts/{n}/",
        context={"actor_name": who, "post_text": f"Hello @erin number {n}", "url": f"/feed/posts/{n}/"},
    )


def test_off_sends_nothing_and_records_why(employee):
    services.set_channel(person=employee, kind="drill_graded", channel="off")
    delivery = graded(employee)
    assert delivery.status == "skipped"
    assert mail.outbox == [] and not Notification.objects.exists()
    assert graded(employee) is None  # still once


def test_in_app_only_sends_no_email(employee):
    services.set_channel(person=employee, kind="drill_graded", channel="in_app")
    graded(employee)
    assert mail.outbox == []
    (notice,) = Notification.objects.filter(recipient=employee)
    assert notice.title == "Graded: Reply"


def test_email_only_puts_nothing_in_the_inbox(employee):
    services.set_channel(person=employee, kind="drill_graded", channel="email")
    graded(employee)
    assert len(mail.outbox) == 1 and not Notification.objects.exists()


def test_the_preferences_page_saves_choices_but_not_for_cancellations(client_for, employee):
    client = client_for(employee)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "cannot be turned off" in page
    response = client.post(
        reverse("notifications:preferences"),
        {
            "kind_drill_graded": "in_app",
            "kind_feed_mention": "digest",
            "kind_session_reminder": "both",
            "kind_session_cancelled": "off",
            "quiet_starts": "22:00",
            "quiet_ends": "07:00",
        },
    )
    assert response.status_code == 302
    assert services.channel_for(employee, "drill_graded") == "in_app"
    assert services.channel_for(employee, "feed_mention") == "digest"
    assert services.channel_for(employee, "session_cancelled") == "both"
    assert employee.quiet_hours.starts == time(22)


def test_digest_is_not_a_choice_for_other_kinds(client_for, employee):
    response = client_for(employee).post(reverse("notifications:preferences"), {"kind_drill_graded": "digest"})
    assert response.status_code == 200 and services.channel_for(employee, "drill_graded") == "both"


def test_quiet_hours_delay_email_in_the_persons_zone_without_losing_it(time_machine, employee):
    employee.time_zone = "America/Chicago"
    employee.save()
    services.set_quiet_hours(person=employee, starts=time(22), ends=time(7))
    time_machine.move_to(datetime(2031, 5, 20, 4, 30, tzinfo=UTC), tick=False)  # 23:30 in Chicago (CDT)
    delivery = graded(employee)
    assert delivery.status == "deferred" and mail.outbox == []
    assert delivery.not_before == datetime(2031, 5, 20, 12, 0, tzinfo=UTC)  # 07:00 CDT
    assert Notification.objects.filter(recipient=employee).count() == 1  # the inbox does not sleep
    time_machine.move_to(datetime(2031, 5, 20, 11, 59, tzinfo=UTC), tick=False)
    assert services.due_delivery_ids() == []
    time_machine.move_to(datetime(2031, 5, 20, 12, 0, tzinfo=UTC), tick=False)
    assert services.due_delivery_ids() == [delivery.pk]
    services.deliver(delivery.pk)
    services.deliver(delivery.pk)
    assert len(mail.outbox) == 1


def test_a_notice_that_would_expire_during_quiet_hours_goes_now(time_machine, employee):
    services.set_quiet_hours(person=employee, starts=time(22), ends=time(7))
    now = datetime(2031, 5, 20, 5, 30, tzinfo=UTC)
    time_machine.move_to(now, tick=False)
    delivery = notify_one(
        person=employee,
        kind="drill_graded",
        key="submission:9",
        context={"drill_title": "Reply"},
        expires_at=now + timedelta(minutes=90),
    )
    assert delivery.status == "claimed" and len(mail.outbox) == 1


def test_the_digest_collects_feed_notices_into_one_daily_email(time_machine, employee, colleague):
    employee.time_zone = "Europe/London"
    employee.save()
    services.set_channel(person=employee, kind="feed_mention", channel="digest")
    time_machine.move_to(datetime(2031, 6, 2, 14, 0, tzinfo=UTC), tick=False)
    for n in range(3):
        mention(employee, n)
    mention(colleague, 9)  # in-app only by default: no digest for them
    assert mail.outbox == []
    # The feed's own notifications tab is their inbox; the digest waits in the ledger.
    assert Delivery.objects.filter(recipient=employee, kind="feed_mention", status="deferred").count() == 3
    assert not Notification.objects.filter(recipient=employee).exists()
    time_machine.move_to(datetime(2031, 6, 3, 6, 30, tzinfo=UTC), tick=False)  # 07:30 in London: too early
    assert send_digest_wave() == 0
    time_machine.move_to(datetime(2031, 6, 3, 7, 0, tzinfo=UTC), tick=False)  # 08:00 BST
    sent = []
    original = tasks.send_digest.delay
    tasks.send_digest.delay = sent.append
    try:
        assert send_digest_wave() == 1
    finally:
        tasks.send_digest.delay = original
    for person_id in sent + sent:
        tasks.send_digest(person_id)
    (digest,) = mail.outbox
    assert digest.to == [employee.email] and "3 new notices" in digest.subject
    assert digest.body.count("Hello @erin number") == 3
    assert not Delivery.objects.filter(status="deferred").exists()
    mention(employee, 4)
    tasks.send_digest(employee.pk)  # the same local day: it waits for tomorrow
    assert len(mail.outbox) == 1
    time_machine.move_to(datetime(2031, 6, 4, 7, 0, tzinfo=UTC), tick=False)
    tasks.send_digest(employee.pk)
    assert len(mail.outbox) == 2 and "1 new notice" in mail.outbox[1].subject
