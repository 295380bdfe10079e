"""Factories for the notifications ledger and inbox. They write rows directly (for bulk data);
tests of the rules go through notifications.services.notify."""

from __future__ import annotations

import factory
from django.utils import timezone

from courses.notices import SESSION_REMINDER
from notifications.kinds import Channel
from notifications.models import Delivery, Notification, Preference


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    recipient = factory.SubFactory("tests.factories.accounts.UserFactory")
    kind = SESSION_REMINDER
    key = factory.Sequence(lambda n: f"session:{n}")
    slot = "3600s"
    channel = Channel.BOTH
    status = Delivery.Status.SENT
    attempts = 1
    subject = factory.Sequence(lambda n: f"Reminder {n}")
    sent_at = factory.LazyFunction(timezone.now)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory("tests.factories.accounts.UserFactory")
    kind = SESSION_REMINDER
    title = factory.Sequence(lambda n: f"Notice {n}")
    body = "Starts in 1 hour."
    link = "/"


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    person = factory.SubFactory("tests.factories.accounts.UserFactory")
    kind = SESSION_REMINDER
    channel = Channel.IN_APP
