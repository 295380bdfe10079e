"""Looking changes nothing: the learner's GET pages write no row; the calendar link is made by a POST."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import CalendarFeed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize("name", ["courses:calendar-settings", "courses:my-camp", "courses:course-list"])
def test_a_get_writes_nothing(client_for, name):
    person = UserFactory()
    assert _writes(client_for(person), reverse(name)) == []


def test_the_calendar_page_makes_no_link_on_get(client_for):
    person = UserFactory()
    page = client_for(person).get(reverse("courses:calendar-settings"))
    assert page.context["feed_url"] is None
    assert not CalendarFeed.objects.filter(user=person).exists()
    assert b'method="post"' in page.content and b"csrfmiddlewaretoken" in page.content


def test_the_calendar_link_is_made_by_a_post_and_then_shown(client_for):
    person = UserFactory()
    client = client_for(person)
    assert client.post(reverse("courses:calendar-settings")).status_code == 302
    feed = CalendarFeed.objects.get(user=person)
    page = client.get(reverse("courses:calendar-settings"))
    assert page.context["feed_url"].endswith(reverse("courses:calendar-feed", args=[feed.token]))
    assert _writes(client, reverse("courses:calendar-settings")) == []
