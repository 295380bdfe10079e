"""The admins' delivery log: who may open it, what it filters, retry, and a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Delivery
from tests.factories import DeliveryFactory

pytestmark = pytest.mark.django_db

LOG = reverse("notifications:log")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("employee", 403), ("trainer", 403), ("manager", 403), ("admin_user", 200)],
)
def test_only_admins_open_the_log(request, client_for, persona, status):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(LOG).status_code == status
    failed = DeliveryFactory(status="failed", error="boom")
    retried = client_for(user).post(reverse("notifications:retry", args=[failed.pk]))
    assert retried.status_code == (403 if status == 403 else 302)


def test_the_log_needs_a_login(client):
    assert client.get(LOG).status_code == 302


def test_filters_and_retry(client_for, admin_user, django_capture_on_commit_callbacks):
    DeliveryFactory.create_batch(2, status="sent")
    DeliveryFactory(status="deferred")
    failed = DeliveryFactory(status="failed", error="SMTPServerDisconnected: gone", subject="Broken one")
    late = DeliveryFactory(status="sent", late=True, subject="Late one")
    client = client_for(admin_user)
    page = client.get(LOG, {"status": "failed"}).content.decode()
    assert "Broken one" in page and "Late one" not in page and "SMTPServerDisconnected" in page
    assert "Late one" in client.get(LOG, {"late": "on"}).content.decode()
    assert late.recipient.email in client.get(LOG, {"q": late.recipient.email[:8]}).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("notifications:retry", args=[failed.pk]), {"next": "https://evil.example/"})
    assert response.url == LOG  # no open redirect
    assert len(callbacks) == 1  # the send is queued after commit
    failed.refresh_from_db()
    assert failed.next_attempt_at is not None
    assert client.post(reverse("notifications:retry", args=[late.pk])).status_code == 302  # not failed: a message


def test_the_log_query_count_does_not_grow_with_rows(client_for, admin_user, django_assert_max_num_queries):
    client = client_for(admin_user)
    DeliveryFactory.create_batch(3, status="failed")
    with CaptureQueriesContext(connection) as small:
        assert client.get(LOG, {"status": "failed"}).status_code == 200
    DeliveryFactory.create_batch(60, status="failed")
    DeliveryFactory.create_batch(20, status="sent")
    with django_assert_max_num_queries(len(small)):
        body = client.get(LOG, {"status": "failed"}).content.decode()
    assert body.count("Retry<span") == 50  # a full page of failures, each with its retry button
    assert Delivery.objects.count() == 83
