"""In-app notifications of the practice feed (mentions, replies, retweets, quotes, likes, follows)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.services import Notice
from notifications.services import notify as notify_person
from practice import access, notices
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
    notification = FeedNotification.objects.create(
        recipient=recipient, kind=kind, post=post, actor=actor, actor_persona=actor_persona
    )
    if post is not None and kind in BY_EMAIL:
        _email(recipient=recipient, kind=BY_EMAIL[kind], post=post, actor=actor, actor_persona=actor_persona)
    return notification


# Mentions and replies may also reach people by e-mail (or the daily digest), as they choose;
# the feed's own notifications tab is their in-app inbox.
BY_EMAIL: dict[str, str] = {
    FeedNotification.Kind.MENTION: notices.FEED_MENTION,
    FeedNotification.Kind.REPLY: notices.FEED_REPLY,
}


def _email(*, recipient: User, kind: str, post: Post, actor: User | None, actor_persona: Persona | None) -> None:
    path = reverse("practice:post", args=[post.pk])
    context = {
        "actor_name": _actor_name(actor, actor_persona),
        "post_text": post.text,
        "url": settings.SITE_URL + path,
    }
    notice = Notice(person=recipient, kind=kind, key=f"post:{post.pk}", context=context, link=path)
    # Inside the posting transaction: a worker sends it after commit.
    notify_person([notice], send_now=False)


def _actor_name(actor: User | None, actor_persona: Persona | None) -> str:
    """Who did it, as the notice names them: the persona they posted as, else the person."""
    if actor_persona is not None:
        return f"{actor_persona.name} (@{actor_persona.handle})"
    if actor is not None:
        return f"{actor.display_name} (@{actor.handle})"
    return ""


def mark_all_read(*, user: User) -> int:
    return FeedNotification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
