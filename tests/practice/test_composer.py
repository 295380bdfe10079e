"""The composer: the server's count, policy warnings that teach but never block, the rate limit's message,
and the feed picker offering only the person's own feeds."""

import pytest
from django.conf import settings
from django.urls import reverse

from practice import tasks
from practice.models import Post
from tests.factories import world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def test_the_counter_shows_policy_warnings_without_blocking_the_post(client_for, w):
    client = client_for(w.employee)
    text = "Call me on 555-123-4567 about bed 4B"
    body = client.post(reverse("practice:count"), {"text": text}).content.decode()
    assert "Before you post, check this" in body and "555-123-4567" in body
    assert client.post(reverse("practice:compose"), {"text": text, "feed": w.a.pk}).status_code == 302
    assert Post.objects.filter(text=text).exists()


def test_the_rate_limit_is_a_clear_form_message(client_for, w, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 1
    client = client_for(w.employee)
    assert client.post(reverse("practice:compose"), {"text": "one", "feed": w.a.pk}).status_code == 302
    response = client.post(reverse("practice:compose"), {"text": "two", "feed": w.a.pk})
    assert response.status_code == 400
    assert b"You can make 1 post every 5 minutes" in response.content
    assert Post.objects.count() == 1


def test_the_feed_picker_offers_only_the_persons_feeds(client_for, w):
    body = client_for(w.outsider).get(reverse("practice:home")).content.decode()
    assert "Cohort B" in body and "Cohort A" not in body and "(everyone)" in body


def test_the_scripted_post_job_runs_every_minute_on_the_fast_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["practice-scripted-posts"]
    assert entry["task"] == tasks.publish_scripted_posts.name == "practice.tasks.publish_scripted_posts"
    assert entry["schedule"] == 60.0
    assert settings.CELERY_TASK_ROUTES["practice.tasks.*"] == {"queue": "fast"}
