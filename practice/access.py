"""Who may see and do what in the practice feed. Services and views both ask here (defence in depth)."""

from __future__ import annotations

from django.db.models import Q

from accounts import permissions
from accounts.models import User
from practice.models import Feed, FeedMembership, Persona, Post


def may_practise(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(permissions.PRACTICE)


def _feeds_for(user: User) -> dict[int, str]:
    """Feed id -> kind of every feed a person belongs to (one query, cached on the user for the request)."""
    if not may_practise(user):
        return {}
    cached = getattr(user, "_practice_feeds", None)
    if cached is None:
        feeds = feed_list(user)
        cached = {feed.pk: feed.kind for feed in sorted(feeds, key=lambda feed: feed.pk)}
        vars(user)["_practice_feeds"] = cached
    return cached


def feed_list(user: User) -> list[Feed]:
    """A person's feeds, the open feed first, then their cohorts newest first (one query per request)."""
    if not may_practise(user):
        return []
    cached = getattr(user, "_practice_feed_list", None)
    if cached is None:
        # A subquery, not a join: "open OR joined to one of my memberships" cannot use the membership index
        # and read every membership row (50 ms on each practice page at 200,000 memberships; `make bench`).
        mine = FeedMembership.objects.filter(user=user).values("feed_id")
        cached = list(Feed.objects.filter(Q(kind=Feed.Kind.OPEN) | Q(pk__in=mine)).order_by("-kind", "-created_at"))
        vars(user)["_practice_feed_list"] = cached
    return cached


def feed_ids_for(user: User) -> list[int]:
    """Ids of the feeds a person belongs to: their cohorts and the open feed."""
    return list(_feeds_for(user))


def cohort_ids_for(user: User) -> list[int]:
    return [pk for pk, kind in _feeds_for(user).items() if kind == Feed.Kind.COHORT]


def can_read_feed(user: User, feed: Feed) -> bool:
    return feed.pk in feed_ids_for(user)


def can_read_post(user: User, post: Post) -> bool:
    if not can_read_feed(user, post.feed):
        return False
    if post.only_for_id is not None and post.only_for_id != user.pk:
        return False
    return post.hidden_at is None or post.author_id == user.pk


def is_trainer_of(user: User, feed: Feed) -> bool:
    """Trainers of a cohort voice its personas; on the open feed, anyone who authors content."""
    if not may_practise(user):
        return False
    if feed.kind == Feed.Kind.OPEN:
        return user.has_perm(permissions.AUTHOR_CONTENT)
    # Cached on the user for the request: a console page asks several times.
    cache: dict[int, bool] = user.__dict__.setdefault("_practice_trainer_of", {})
    if feed.pk not in cache:
        cache[feed.pk] = FeedMembership.objects.filter(feed=feed, user=user, role=FeedMembership.Role.TRAINER).exists()
    return cache[feed.pk]


def may_add_personas(user: User) -> bool:
    """Personas are content: only people who author content create them."""
    return user.has_perm(permissions.AUTHOR_CONTENT)


def can_moderate(user: User, feed: Feed) -> bool:
    return user.has_perm(permissions.MODERATE_FEED) and is_trainer_of(user, feed)


def can_voice(user: User, persona: Persona, feed: Feed) -> bool:
    """A persona posts only where it lives (its feed, or any feed when global), voiced by that feed's trainers."""
    if persona.feed_id is not None and persona.feed_id != feed.pk:
        return False
    return is_trainer_of(user, feed)


def can_see_persona(user: User, persona: Persona) -> bool:
    return persona.feed_id is None or persona.feed_id in feed_ids_for(user)


def moderated_feed_ids(user: User) -> set[int]:
    """Feeds whose posts the person may hide (cached on the user object for the request)."""
    cached = getattr(user, "_practice_moderated_ids", None)
    if cached is None:
        if not user.has_perm(permissions.MODERATE_FEED):
            cached = set()
        else:
            trained = set(
                FeedMembership.objects.filter(user=user, role=FeedMembership.Role.TRAINER).values_list(
                    "feed_id", flat=True
                )
            )
            if user.has_perm(permissions.AUTHOR_CONTENT):
                trained |= set(Feed.objects.filter(kind=Feed.Kind.OPEN).values_list("pk", flat=True))
            cached = trained
        vars(user)["_practice_moderated_ids"] = cached
    return cached


def forget(user: User) -> None:
    """Drop the per-request caches on a user object after their memberships change."""
    for name in ("_practice_feeds", "_practice_feed_list", "_practice_trainer_of", "_practice_moderated_ids"):
        user.__dict__.pop(name, None)
