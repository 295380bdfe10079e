"""A new learner's home is not a blank page: it suggests the organisation, the cohort's personas and
trainers, and fellow learners to follow, and following one takes it off the list."""

import pytest
from django.urls import reverse

from practice import services
from practice.models import Follow
from tests.factories import PersonaFactory, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def test_a_new_learner_is_offered_people_to_follow_and_following_one_removes_it(client_for, w, settings):
    PersonaFactory(handle="SafetyDesk", name="Safety Desk", feed=w.a)
    client = client_for(w.employee)
    page = client.get(reverse("practice:home"))
    suggested = [who.handle for who in page.context["suggestions"]]
    assert suggested[0] == settings.ORG_HANDLE  # the organisation's own account comes first
    assert "SafetyDesk" in suggested and w.trainer.handle in suggested and w.colleague.handle in suggested
    assert w.outsider.handle not in suggested and w.employee.handle not in suggested  # another cohort; oneself
    assert "Who to follow" in page.content.decode()

    follow = client.post(reverse("practice:follow", args=[w.colleague.handle]), {"next": reverse("practice:home")})
    assert follow.status_code == 302 and follow["Location"] == reverse("practice:home")
    assert Follow.objects.filter(follower=w.employee, user=w.colleague).exists()
    again = [who.handle for who in client.get(reverse("practice:home")).context["suggestions"]]
    assert w.colleague.handle not in again


def test_a_busy_home_shows_the_timeline_without_suggestions(client_for, w, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 0
    for n in range(6):
        services.create_post(user=w.employee, feed=w.a, text=f"Handover note {n}: bay 3 restocked")
    page = client_for(w.employee).get(reverse("practice:home"))
    assert "suggestions" not in page.context
