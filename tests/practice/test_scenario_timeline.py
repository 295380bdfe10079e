"""Scripted persona posts: published by the beat job exactly once (per feed when live, per learner when
self-paced), in order, with replies threaded; the console pauses, resumes and publishes the next now."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from practice import services, tasks
from practice.errors import HandleTaken, NotAllowed, NothingToPublish
from practice.models import Feed, Post, ScriptedDelivery, ScriptedPost
from tests.factories import PersonaFactory, ScriptedPostFactory, world

START = timezone.now().replace(microsecond=0) + timedelta(days=1)


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    w = world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)
    Feed.objects.filter(pk=w.a.pk).update(starts_at=START)
    w.a.refresh_from_db()
    w.persona = PersonaFactory(handle="WorriedParent", name="Worried Parent", feed=w.a)
    return w


@pytest.fixture
def script(w):
    first = ScriptedPostFactory(feed=w.a, persona=w.persona, text="Is the ward open today? #help", offset=timedelta(0))
    second = ScriptedPostFactory(
        feed=w.a, persona=w.persona, text="Still waiting for an answer", offset=timedelta(minutes=10), order=1
    )
    reply = ScriptedPostFactory(
        feed=w.a, persona=w.persona, text="Found it, thanks", offset=timedelta(minutes=20), reply_to_scripted=first
    )
    return [first, second, reply]


def test_nothing_is_published_before_the_session_starts(w, script):
    with time_machine.travel(START - timedelta(minutes=1)):
        assert services.publish_due_scripted_posts() == 0


def test_due_items_are_published_once_even_when_the_job_runs_twice(w, script):
    with time_machine.travel(START + timedelta(minutes=11)):
        assert tasks.publish_scripted_posts() == 2
        assert tasks.publish_scripted_posts() == 0
    with time_machine.travel(START + timedelta(minutes=25)):
        assert services.publish_due_scripted_posts() == 1
        assert services.publish_due_scripted_posts() == 0
    posts = Post.objects.filter(persona=w.persona).order_by("created_at", "id")
    assert [p.text for p in posts] == [s.text for s in script]
    first, _, reply = script
    first.refresh_from_db()
    assert Post.objects.get(text="Found it, thanks").reply_to == first.published_post
    assert first.published_post.hashtags.filter(tag="help").exists()


def test_a_reply_waits_for_its_parent(w):
    parent = ScriptedPostFactory(feed=w.a, persona=w.persona, text="parent", offset=timedelta(minutes=30))
    ScriptedPostFactory(feed=w.a, persona=w.persona, text="child", offset=timedelta(0), reply_to_scripted=parent)
    with time_machine.travel(START + timedelta(minutes=1)):
        assert services.publish_due_scripted_posts() == 0
    with time_machine.travel(START + timedelta(minutes=31)):
        assert services.publish_due_scripted_posts() == 2


def test_pause_stops_the_timeline_and_resume_shifts_it_by_the_pause(w, script):
    with time_machine.travel(START + timedelta(minutes=1)):
        services.publish_due_scripted_posts()
        services.pause_timeline(user=w.trainer, feed=w.a)
    with time_machine.travel(START + timedelta(minutes=15)):
        assert services.publish_due_scripted_posts() == 0
        services.resume_timeline(user=w.trainer, feed=w.a)  # paused 14 minutes
    with time_machine.travel(START + timedelta(minutes=20)):
        assert services.publish_due_scripted_posts() == 0  # second item is now due at +24
    with time_machine.travel(START + timedelta(minutes=24, seconds=1)):
        assert services.publish_due_scripted_posts() == 1


def test_publish_next_now_publishes_the_next_item_once(w, script):
    with time_machine.travel(START - timedelta(hours=1)):
        post = services.publish_next_now(user=w.trainer, feed=w.a)
        assert post.text == script[0].text
        services.publish_next_now(user=w.trainer, feed=w.a)
        services.publish_next_now(user=w.trainer, feed=w.a)
        with pytest.raises(NothingToPublish):
            services.publish_next_now(user=w.trainer, feed=w.a)
    with time_machine.travel(START + timedelta(hours=1)):
        assert services.publish_due_scripted_posts() == 0
    assert Post.objects.filter(persona=w.persona).count() == 3


@pytest.mark.parametrize("who", ["employee", "outsider", "admin"])
def test_only_the_cohorts_trainer_runs_the_console(w, script, who):
    person = getattr(w, who)
    for action in (services.pause_timeline, services.resume_timeline, services.publish_next_now):
        with pytest.raises(NotAllowed):
            action(user=person, feed=w.a)


def test_self_paced_items_publish_per_learner_from_their_first_visit(client_for, w):
    ScriptedPostFactory(
        feed=w.a,
        persona=w.persona,
        text="Welcome, new learner",
        offset=timedelta(minutes=2),
        anchor=ScriptedPost.Anchor.FIRST_VISIT,
    )
    now = timezone.now()
    with time_machine.travel(now):
        client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk]))
    with time_machine.travel(now + timedelta(minutes=1)):
        assert services.publish_due_scripted_posts() == 0
    with time_machine.travel(now + timedelta(minutes=3)):
        assert services.publish_due_scripted_posts() == 1
        assert services.publish_due_scripted_posts() == 0
        client_for(w.colleague).get(reverse("practice:feed", args=[w.a.pk]))
    with time_machine.travel(now + timedelta(minutes=6)):
        assert services.publish_due_scripted_posts() == 1
        assert services.publish_due_scripted_posts() == 0
    assert ScriptedDelivery.objects.count() == 2
    erin_post = Post.objects.get(only_for=w.employee)
    # Each learner sees their own copy only.
    erin_feed = client_for(w.employee).get(reverse("practice:feed", args=[w.a.pk])).content.decode()
    assert erin_feed.count("Welcome, new learner") == 1
    assert client_for(w.colleague).get(reverse("practice:post", args=[erin_post.pk])).status_code == 404


def test_the_console_pauses_publishes_and_fires_a_persona_post(client_for, w, script):
    client = client_for(w.trainer)
    url = reverse("practice:console", args=[w.a.pk])
    page = client.get(url).content.decode()
    assert "Is the ward open today?" in page and "Pause the timeline" in page
    client.post(url, {"action": "pause"})
    w.a.refresh_from_db()
    assert w.a.timeline_paused
    client.post(url, {"action": "publish-next"})
    assert Post.objects.filter(text=script[0].text).exists()
    client.post(url, {"action": "resume"})
    w.a.refresh_from_db()
    assert not w.a.timeline_paused
    response = client.post(url, {"action": "fire", "persona": w.persona.pk, "text": "Unscheduled twist"})
    assert response.status_code == 302
    assert Post.objects.get(text="Unscheduled twist").persona == w.persona
    response = client.post(url, {"action": "fire", "persona": w.persona.pk, "text": "x" * 400})
    assert response.status_code == 400 and b"too long" in response.content
    assert client.post(url, {"action": "self-destruct"}).status_code == 400


def test_a_learner_cannot_fire_a_persona_post_through_the_console(client_for, w):
    url = reverse("practice:console", args=[w.a.pk])
    response = client_for(w.employee).post(url, {"action": "fire", "persona": w.persona.pk, "text": "fake"})
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_the_trainer_adds_a_persona_and_a_scripted_post_from_the_console(client_for, w):
    client = client_for(w.trainer)
    url = reverse("practice:console", args=[w.a.pk])
    response = client.post(url, {"action": "add-persona", "name": "City Desk", "handle": "CityDesk", "bio": "News"})
    assert response.status_code == 302
    persona = w.a.personas.get(handle="CityDesk")
    taken = client.post(url, {"action": "add-persona", "name": "Clash", "handle": "erin"})
    assert taken.status_code == 400 and b"That handle is taken." in taken.content
    bad = client.post(url, {"action": "add-persona", "name": "Bad", "handle": "no spaces!"})
    assert bad.status_code == 400
    response = client.post(
        url, {"action": "add-script", "persona": persona.pk, "text": "At +5", "minutes": 5, "anchor": "session_start"}
    )
    assert response.status_code == 302
    item = ScriptedPost.objects.get(text="At +5")
    assert item.offset == timedelta(minutes=5) and item.persona == persona


def test_persona_handles_are_unique_ignoring_case_across_personas_and_people(w):
    services.create_persona(user=w.trainer, name="Desk", handle="Desk", feed=w.a)
    for handle in ("desk", "DESK", "Erin"):
        with pytest.raises(HandleTaken):
            services.create_persona(user=w.trainer, name="Again", handle=handle, feed=w.a)
    with pytest.raises(NotAllowed):
        services.create_persona(user=w.employee, name="Mine", handle="MyPersona")
    with pytest.raises(NotAllowed):  # a trainer, but not of cohort B
        services.create_persona(user=w.trainer, name="B", handle="BDesk", feed=w.b)
