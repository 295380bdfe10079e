"""Two beat runs at once on PostgreSQL publish each scripted post exactly once."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from practice import services
from practice.models import Post, ScriptedPost
from tests.factories import FeedFactory, PersonaFactory, ScriptedPostFactory


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_publish_each_item_once():
    feed = FeedFactory(starts_at=timezone.now() - timedelta(hours=1))
    persona = PersonaFactory(feed=feed)
    for i in range(20):
        ScriptedPostFactory(feed=feed, persona=persona, text=f"item {i}", offset=timedelta(minutes=i))

    def run(_):
        try:
            return services.publish_due_scripted_posts()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        published = list(pool.map(run, range(4)))
    assert sum(published) == 20
    assert Post.objects.filter(persona=persona).count() == 20
    assert not ScriptedPost.objects.filter(published_post__isnull=True).exists()
