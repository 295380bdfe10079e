"""The in-app inbox: a person's own notices, mark read, and the unread count in the navigation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:list")


def test_people_see_only_their_own_notices_and_the_unread_count(client_for, employee, colleague):
    NotificationFactory.create_batch(2, recipient=employee, title="Yours")
    NotificationFactory(recipient=colleague, title="Not yours")
    page = client_for(employee).get(INBOX).content.decode()
    assert "Yours" in page and "Not yours" not in page
    assert "Notifications (2 new)" in page


def test_mark_one_and_all_read(client_for, employee, colleague):
    one, two = NotificationFactory.create_batch(2, recipient=employee)
    theirs = NotificationFactory(recipient=colleague)
    client = client_for(employee)
    client.post(reverse("notifications:mark-read"), {"id": [one.pk, theirs.pk]})
    assert set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True)) == {one.pk}
    client.post(reverse("notifications:mark-read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "Notifications (" not in client.get(INBOX).content.decode()


def test_the_inbox_query_count_does_not_grow(client_for, employee, django_assert_max_num_queries):
    client = client_for(employee)
    NotificationFactory.create_batch(2, recipient=employee)
    with CaptureQueriesContext(connection) as small:
        client.get(INBOX)
    NotificationFactory.create_batch(40, recipient=employee)
    with django_assert_max_num_queries(len(small)):
        client.get(INBOX)


def test_the_inbox_needs_a_login(client):
    assert client.get(INBOX).status_code == 302


def test_admins_see_the_notification_log_in_the_navigation(client_for, admin_user, employee):
    assert "Notification log" in client_for(admin_user).get(INBOX).content.decode()
    assert "Notification log" not in client_for(employee).get(INBOX).content.decode()
