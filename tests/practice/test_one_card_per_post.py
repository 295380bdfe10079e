"""A post retweeted by many of the people you follow is one card ("Grace and 6 others retweeted"), on
the page where its newest retweet falls, and on no other page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import selectors, services
from practice.models import Post
from tests.factories import UserFactory, world

NAMES = ["Grace Okafor", "Priya Nair", "Tom Walsh", "Aisha Khan", "Liam Byrne", "Mei Chen", "Sam Reid"]


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user, settings):
    settings.PRACTICE_POST_RATE_LIMIT = 0
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def at(post: Post, minutes_ago: float) -> Post:
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    post.refresh_from_db()
    return post


def retweeted_by_seven(w) -> tuple[Post, list]:
    """Cal's post, retweeted by seven nurses Erin follows (Grace last); Erin does not follow Cal."""
    post = at(
        services.create_post(
            user=w.colleague, feed=w.open, text="Night shift on 4B raised £1,200 for the hospice. Proud of this team!"
        ),
        120,
    )
    friends = []
    for minutes, name in zip(range(70, 0, -10), reversed(NAMES), strict=True):
        friend = UserFactory(display_name=name, handle=name.split()[0].lower())
        services.follow(user=w.employee, target=friend)
        at(services.retweet(user=friend, post=post), minutes)
        friends.append(friend)
    return post, friends[::-1]


def test_a_post_seven_people_retweeted_is_one_card_with_and_6_others(client_for, w):
    post, friends = retweeted_by_seven(w)
    html = client_for(w.employee).get(reverse("practice:home")).content.decode()

    assert html.count("raised £1,200 for the hospice") == 1
    assert len(re.findall(r'<article class="post', html)) == 1
    context = re.search(r'<p class="post__context">(.*?)</p>', html, re.S).group(1)
    assert "and 6 others retweeted" in context
    # The newest retweeter is named and linked; the others are counted.
    assert f'href="/feed/people/{friends[0].handle}/"><bdi>Grace Okafor</bdi></a> and 6 others' in context
    assert "Priya" not in context


def test_one_retweet_says_just_who_and_your_own_says_you(client_for, w):
    post = services.create_post(user=w.colleague, feed=w.open, text="Hand hygiene audit: 98% on ward 7!")
    grace = UserFactory(display_name="Grace Okafor", handle="grace")
    services.follow(user=w.employee, target=grace)
    services.retweet(user=grace, post=post)
    client = client_for(w.employee)
    html = client.get(reverse("practice:home")).content.decode()
    context = re.search(r'<p class="post__context">(.*?)</p>', html, re.S)
    assert re.sub(r"<[^>]+>|\s+", " ", context.group(1)).split() == ["Grace", "Okafor", "retweeted"]

    services.retweet(user=w.employee, post=post)
    html = client.get(reverse("practice:home")).content.decode()
    assert html.count("Hand hygiene audit") == 1
    context = re.search(r'<p class="post__context">(.*?)</p>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", context).split() == ["You", "and", "1", "other", "retweeted"]


def test_the_original_and_its_retweets_are_one_card_where_the_newest_is(w):
    services.follow(user=w.employee, target=w.colleague)
    post, friends = retweeted_by_seven(w)  # Erin now follows Cal too: the original is on her timeline
    page = selectors.home_timeline(w.employee)
    assert [item.pk for item in page.items] == [Post.objects.get(author=friends[0], retweet_of=post).pk]
    assert page.items[0].retweet_others == 6


def test_walking_the_pages_shows_each_post_once(w):
    post, friends = retweeted_by_seven(w)
    # Posts of their own between the retweets, so that the retweets fall on several pages.
    for i, friend in enumerate(friends):
        at(services.create_post(user=friend, feed=w.open, text=f"Handover note {i}"), 5 + 10 * i)
    seen, cursor = [], None
    while True:
        page = selectors.home_timeline(w.employee, cursor=cursor, size=3)
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    shown = [(item.retweet_of_id or item.pk) for item in seen]
    assert len(shown) == len(set(shown)) == len(friends) + 1
    keys = [(item.created_at, item.pk) for item in seen]
    assert keys == sorted(keys, reverse=True)


def test_a_new_retweet_moves_the_card_up_and_the_next_page_does_not_repeat_it(w):
    post, friends = retweeted_by_seven(w)
    for i in range(4):
        at(services.create_post(user=friends[-1], feed=w.open, text=f"Newer note {i}"), 1 + i * 0.1)
    first = selectors.home_timeline(w.employee, size=4)
    assert post.pk not in {item.retweet_of_id for item in first.items}
    # A late retweet arrives while Erin reads page one: the card is now at the top, not on page two.
    late = UserFactory(display_name="Zoe Late", handle="zoe")
    services.follow(user=w.employee, target=late)
    services.retweet(user=late, post=post)
    second = selectors.home_timeline(w.employee, cursor=first.next_cursor, size=4)
    assert post.pk not in {item.retweet_of_id for item in second.items}
    top = selectors.home_timeline(w.employee, size=1).items[0]
    assert top.retweet_of_id == post.pk and top.author == late and top.retweet_others == 7


def test_the_feed_page_groups_retweets_too(client_for, w):
    post = services.create_post(user=w.colleague, feed=w.a, text="Reminder: badge photos only, no patient areas.")
    services.retweet(user=w.trainer, post=post)
    services.retweet(user=w.employee, post=post)
    html = client_for(w.colleague).get(reverse("practice:feed", args=[w.a.pk])).content.decode()
    assert html.count("badge photos only") == 1
    assert "Erin Employee</bdi></a> and 1 other retweeted" in html


def test_a_deleted_retweet_no_longer_counts(w):
    post, friends = retweeted_by_seven(w)
    services.undo_retweet(user=friends[0], post=post)
    item = selectors.home_timeline(w.employee).items[0]
    assert item.author == friends[1] and item.retweet_others == 5


def test_grouping_keeps_the_home_page_s_query_count(client_for, w, django_assert_max_num_queries):
    post = services.create_post(user=w.colleague, feed=w.open, text="Car park B closes Friday for resurfacing.")
    gwen = UserFactory(handle="gwen")
    services.follow(user=w.employee, target=gwen)
    services.retweet(user=gwen, post=post)
    client = client_for(w.employee)
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("practice:home"))
    retweeted_by_seven(w)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("practice:home"))
