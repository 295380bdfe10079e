from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tweetcamp import health
from tweetcamp.models import Heartbeat
from tweetcamp.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_database_broker_and_beat_are(client):
    heartbeat()  # what a worker does when beat sends the tick
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "broker": True,
        "beat": True,
    }


def test_health_is_503_when_beat_has_not_ticked_lately(client):
    Heartbeat.objects.create(name=health.BEAT, last_seen=timezone.now() - timedelta(minutes=10))
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["beat"]["ok"] is False


def test_health_is_503_when_the_broker_is_down(client):
    heartbeat()
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_heartbeat_twice_keeps_one_row():
    heartbeat()
    heartbeat()
    assert Heartbeat.objects.count() == 1
