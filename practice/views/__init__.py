"""Pages and actions of the practice feed. Each view reads the request, calls one service or
selector, and renders; an htmx request gets the fragment, a plain form post a redirect."""

from practice.views.console import console
from practice.views.people import follow, profile
from practice.views.posts import compose, count, delete, hide, like, retweet, undo_retweet, unlike
from practice.views.timelines import (
    feed,
    hashtag,
    home,
    mentions,
    notifications,
    notifications_read,
    poll,
    search,
    thread,
)

__all__ = [
    "compose",
    "console",
    "count",
    "delete",
    "feed",
    "follow",
    "hashtag",
    "hide",
    "home",
    "like",
    "mentions",
    "notifications",
    "notifications_read",
    "poll",
    "profile",
    "retweet",
    "search",
    "thread",
    "undo_retweet",
    "unlike",
]
