from datetime import timedelta

import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from practice import demo, services
from practice.models import Follow, Like, Persona, Post, ScriptedPost
from tests.factories import cohort


def test_the_demo_makes_personas_a_script_and_a_lively_feed_once(employee, colleague, trainer, client_for):
    cache.clear()  # no rate-limit counts left by earlier tests (database ids repeat)
    feed = cohort(name="December cohort", learners=[employee, colleague], starts_at=timezone.now())
    for _ in range(2):
        made = demo.load(cohort_feed=feed, trainer=trainer, learners=[employee, colleague])
    assert Persona.objects.count() == len(demo.PERSONAS) + 1  # and the organisation's own account
    assert len(made["organisation_posts"]) == len(demo.ORGANISATION_POSTS)
    assert all(post.persona.is_organisation for post in made["organisation_posts"])
    assert ScriptedPost.objects.filter(feed=feed).count() == len(demo.SCRIPT)
    assert len(made["posts"]) == len(demo.LIVELY)
    counts = (Post.objects.count(), Like.objects.count(), Follow.objects.count())
    demo.load(cohort_feed=feed, trainer=trainer, learners=[employee, colleague])
    assert (Post.objects.count(), Like.objects.count(), Follow.objects.count()) == counts

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert services.publish_due_scripted_posts() == len(demo.SCRIPT)
    home = client_for(employee).get(reverse("practice:home")).content.decode()
    assert "Welcome to the practice feed!" in home and "Worried Parent" in home
