from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from courses.models import Enrolment
from practice import feedback
from practice import services as practice
from practice.services.posting import publish_as_persona
from reports import selectors
from tests.factories import PersonaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_story(camp, employee, colleague):
    """In the session's cohort feed: a persona greets Erin; Erin answers within five minutes (with a link and
    the hashtag), mentions Cal, and posts something she should not; Cal retweets the persona after ten
    minutes and quotes Erin, but never answers her mention."""
    cache.clear()
    session = camp.session
    feed = session.feed
    for person in (employee, colleague, camp.icu_nurse):
        practice.add_member(feed=feed, user=person)
    persona = PersonaFactory(handle="NewsDesk", name="News Desk")
    t0 = session.starts_at + timedelta(minutes=1)
    with time_machine.travel(t0, tick=False):
        greeting = publish_as_persona(persona=persona, feed=feed, text="Welcome @erin to #TweetCamp")
    with time_machine.travel(t0 + timedelta(minutes=5), tick=False):
        practice.reply(user=employee, post=greeting, text="Thanks! Reading https://example.org #TweetCamp")
    with time_machine.travel(t0 + timedelta(minutes=6), tick=False):
        hello = practice.create_post(user=employee, feed=feed, text="Hello @cal, see you at the session")
        practice.create_post(
            user=employee, feed=feed, text="Our patient in room 12 was discharged today, call 555-123-4567"
        )
    with time_machine.travel(t0 + timedelta(minutes=10), tick=False):
        practice.retweet(user=colleague, post=greeting)
        practice.quote(user=colleague, post=hello, text="Great to meet you all")
    return greeting


def test_per_learner_shares_and_reciprocity(camp, employee, colleague, feed_story):
    stats = selectors.feed_stats(
        people=User.objects.filter(pk__in=[employee.pk, colleague.pk]), feed_ids=[camp.session.feed_id]
    )
    erin, cal = stats[employee.pk], stats[colleague.pk]
    assert (erin.posts, erin.interactions, erin.replies, erin.hashtags, erin.links) == (3, 1, 1, 1, 1)
    assert (erin.mentions_received, erin.mentions_answered, erin.reciprocity) == (1, 1, 100)
    assert erin.share("replies") == 33
    assert (cal.posts, cal.retweets, cal.quotes, cal.replies) == (2, 1, 1, 0)
    assert (cal.mentions_received, cal.mentions_answered, cal.reciprocity) == (1, 0, 0)


def test_the_cohort_report_shows_each_learner_and_the_cohort(client_for, trainer, camp, feed_story):
    response = client_for(trainer).get(reverse("reports:session", args=[camp.session.pk]))
    assert response.status_code == 200
    total = response.context["total"]
    assert (total.posts, total.replies, total.retweets, total.quotes) == (5, 1, 1, 1)
    per_learner = {u.handle: s.posts for u, s in response.context["learners"]}
    assert per_learner == {"erin": 3, "cal": 2, "ian": 0}


def test_the_learners_record_shows_their_feed_analytics(client_for, employee, camp, feed_story):
    record = client_for(employee).get(reverse("reports:my-record")).context["record"]
    assert (record.feed.posts, record.feed.mentions_answered) == (3, 1)


def test_the_after_action_report(client_for, trainer, camp, employee, colleague, feed_story):
    response = client_for(trainer).get(reverse("reports:after-action", args=[camp.session.pk]))
    assert response.status_code == 200
    reports = {r.learner.handle: r for r in response.context["reports"]}
    assert set(reports) == {"erin", "cal", "ian"}
    erin, cal, ian = reports["erin"], reports["cal"], reports["ian"]
    assert [r.after for r in erin.responses] == [timedelta(minutes=5)]
    assert [r.after for r in cal.responses] == [timedelta(minutes=10)]
    assert [r.after for r in ian.responses] == [None] and ian.responded == 0
    assert erin.responses[0].after_text == "5 min 00 s" and erin.median_response_text == "5 min 00 s"
    # Policy findings on Erin's posts: the room number, the date and the phone number.
    (post, findings) = erin.findings[0]
    assert "room 12" in post.text
    assert {"phi.room", "phi.phone"} <= {f.rule for f in findings}
    assert [(s.drill.title, s.score) for s in erin.submissions] == [("Hashtag drill", 100)]
    page = response.content.decode()
    assert "5 min 00 s" in page and "no response" in page
    assert "media print" not in page  # print styles live in the stylesheet, loaded on this page
    assert "css/reports.css" in page


def test_after_action_queries_do_not_grow_with_learners(
    client_for, trainer, camp, feed_story, django_assert_max_num_queries
):
    client = client_for(trainer)
    url = reverse("reports:after-action", args=[camp.session.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as before:
        client.get(url)
    for _ in range(5):
        Enrolment.objects.create(session=camp.session, course=camp.privacy, user=UserFactory(), status="attended")
    with django_assert_max_num_queries(30) as after:
        client.get(url)
    assert len(before.captured_queries) == len(after.captured_queries)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (59, "59 s"), (65, "1 min 05 s"), (3600 * 2 + 600, "2 h 10 min"), (3 * 86400, "3 days")],
)
def test_response_times_read_at_a_glance(seconds, text):
    assert selectors.duration_text(timedelta(seconds=seconds)) == text


def test_the_after_action_report_reads_in_the_trainers_language(client_for, trainer, camp, feed_story):
    trainer.language = "es"
    trainer.save(update_fields=["language"])
    page = client_for(trainer).get(reverse("reports:after-action", args=[camp.session.pk])).content.decode()
    with translation.override("es"):
        room_title, _ = feedback.finding_text("phi.room", "", "")
    assert room_title != "Room or bed number" and room_title in page
    assert "Room or bed number" not in page
