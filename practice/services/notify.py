"""In-app notifications of the practice feed (mentions, replies, retweets, quotes, likes, follows)."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from practice import access
from practice.models import FeedNotification, Persona, Post


def notify(
    *,
    recipient: User | None,
    kind: str,
    post: Post | None = None,
    actor: User | None = None,
    actor_persona: Persona | None = None,
) -> FeedNotification | None:
    """Tell a person something happened, unless they did it themselves or cannot see the post."""
    if actor is None and actor_persona is None and post is not None:
        actor, actor_persona = post.author, post.persona
    if recipient is None or not recipient.is_active:
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    if post is not None and not access.can_read_feed(recipient, post.feed):
        return None
    return FeedNotification.objects.create(
        recipient=recipient, kind=kind, post=post, actor=actor, actor_persona=actor_persona
    )


def mark_all_read(*, user: User) -> int:
    return FeedNotification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
