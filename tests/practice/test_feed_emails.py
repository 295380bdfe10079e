"""Mentions and replies reach people outside the feed as they choose (e-mail, digest or only the feed tab)."""

import pytest
from django.core import mail

from notifications import services as notifications
from notifications.models import Delivery, Notification
from notifications.tasks import send_delivery
from practice import services
from practice.models import FeedNotification
from tests.factories import cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(employee, colleague):
    return cohort(learners=[employee, colleague])


def test_a_mention_is_in_the_feed_tab_and_not_twice_in_the_general_inbox(feed, employee, colleague):
    services.create_post(user=colleague, feed=feed, text=f"Hello @{employee.handle}!")
    assert FeedNotification.objects.filter(recipient=employee, kind="mention").count() == 1
    assert Delivery.objects.filter(recipient=employee, kind="feed_mention").count() == 1
    assert not Notification.objects.filter(recipient=employee).exists()
    assert mail.outbox == []  # in-app only by default


def test_a_person_who_chose_email_gets_one_after_commit(feed, employee, colleague, django_capture_on_commit_callbacks):
    notifications.set_channel(person=employee, kind="feed_reply", channel="email")
    post = services.create_post(user=employee, feed=feed, text="Any tips for night shifts?")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply = services.reply(user=colleague, post=post, text="Sleep first, then post.")
    assert callbacks  # the e-mail waits for the reply to be committed
    delivery = Delivery.objects.get(recipient=employee, kind="feed_reply", key=f"post:{reply.pk}")
    send_delivery(delivery.pk)
    send_delivery(delivery.pk)
    (message,) = mail.outbox
    assert "Sleep first, then post." in message.body
    assert colleague.handle in message.body
