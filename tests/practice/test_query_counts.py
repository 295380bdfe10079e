"""A page's SQL query count is fixed: it does not grow with posts, authors, likes or mentions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice import services
from tests.factories import PersonaFactory, UserFactory, world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 0  # bulk set-up, not a test of the limit
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def add_activity(w, persona, n):
    """n rounds of everything a card can show: follows, posts with mentions and tags, replies, quotes, retweets,
    likes, persona posts and notifications."""
    for i in range(n):
        friend = UserFactory()
        services.add_member(feed=w.a, user=friend)
        services.follow(user=w.employee, target=friend)
        post = services.create_post(user=friend, feed=w.a, text=f"Post {i} @erin @NewsDesk #tag{i % 3} #SafeSocial")
        services.reply(user=w.employee, post=post, text=f"Reply {i} @cal")
        services.quote(user=w.colleague, post=post, text=f"Quote {i}")
        services.retweet(user=w.employee, post=post)
        services.like(user=w.employee, post=post)
        services.post_as_persona(user=w.trainer, persona=persona, feed=w.a, text=f"Persona {i} #SafeSocial")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = {
    "home": lambda w, post: reverse("practice:home"),
    "feed": lambda w, post: reverse("practice:feed", args=[w.a.pk]),
    "thread": lambda w, post: reverse("practice:post", args=[post.pk]),
    "profile": lambda w, post: reverse("practice:profile", args=[post.author.handle]),
    "persona": lambda w, post: reverse("practice:persona", args=["NewsDesk"]),
    "hashtag": lambda w, post: reverse("practice:hashtag", args=["safesocial"]),
    "mentions": lambda w, post: reverse("practice:mentions"),
    "notifications": lambda w, post: reverse("practice:notifications"),
    "search": lambda w, post: reverse("practice:search") + "?q=post",
    "search-tag": lambda w, post: reverse("practice:search") + "?q=%23SafeSocial",
    "console": lambda w, post: reverse("practice:console", args=[w.a.pk]),
}
MAX_QUERIES = 20


@pytest.mark.parametrize("page", PAGES)
def test_the_query_count_of_each_page_does_not_grow_with_data(client_for, w, page, django_assert_max_num_queries):
    persona = PersonaFactory(handle="NewsDesk", feed=w.a)
    viewer = w.trainer if page == "console" else w.employee
    client = client_for(viewer)
    post = services.create_post(user=w.colleague, feed=w.a, text="The thread @erin #SafeSocial")
    for i in range(3):
        services.reply(user=w.employee, post=post, text=f"thread reply {i}")

    add_activity(w, persona, 2)
    small = count_queries(client, PAGES[page](w, post))
    for i in range(10):
        services.reply(user=w.colleague, post=post, text=f"more thread reply {i} @erin")
    add_activity(w, persona, 12)
    large = count_queries(client, PAGES[page](w, post))

    # Prefetches run once per kind of relation present on the page, so the same shape of page (the
    # newest rows are one round of activity either way) must cost exactly the same.
    assert large == small, f"{page}: {small} queries with little data, {large} with more"
    print(f"{page}: {large} queries")
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(PAGES[page](w, post))
