"""End to end through Redis: an admin asks for a background export, a real worker on the bulk queue
writes the file and e-mails a link that only the admin can open."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tweetcamp.celery import app

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_builds_the_export_and_only_its_owner_downloads_it(client, admin_user, camp, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(admin_user)
    with start_worker(app, pool="solo", perform_ping_check=False, queues=["bulk"], shutdown_timeout=10):
        response = client.post(reverse("reports:export-background", args=["overdue", "xlsx"]))
        assert response.status_code == 302
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not mail.outbox:
            time.sleep(0.2)
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if "/reports/exports/" in word)
    path = link[link.index("/reports/") :]
    assert list((tmp_path / "exports").glob("*.xlsx"))
    assert client.get(path).status_code == 200
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
