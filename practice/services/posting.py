"""Writing posts: post, reply, quote, retweet, delete, hide, and posting as a persona."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from accounts.models import User
from practice import access, tweettext
from practice.errors import (
    AlreadyRetweeted,
    EmptyPost,
    NotAllowed,
    NotAMember,
    PostUnavailable,
    RateLimited,
)
from practice.models import Feed, FeedNotification, Hashtag, Mention, Persona, Post
from practice.services import text as post_text
from practice.services.notify import notify

log = logging.getLogger(__name__)


def check_rate(*, user: User) -> None:
    """At most PRACTICE_POST_RATE_LIMIT posts per person per PRACTICE_POST_RATE_WINDOW seconds (fixed window)."""
    limit = getattr(settings, "PRACTICE_POST_RATE_LIMIT", 30)
    window = getattr(settings, "PRACTICE_POST_RATE_WINDOW", 300)
    if limit <= 0:
        return
    key = f"practice:posts:{user.pk}:{int(time.time()) // window}"
    try:
        cache.add(key, 0, timeout=window + 5)
        try:
            used = cache.incr(key)
        except ValueError:  # evicted between add and incr: start again
            cache.set(key, 1, timeout=window + 5)
            used = 1
    except (RedisError, OSError):
        # The cache (Redis) is away: let the post through rather than fail it; the limit is a brake, not a lock.
        log.warning("Post rate limit skipped for person %s: the cache is unavailable", user.pk)
        return
    if used > limit:
        raise RateLimited(limit=limit, window=window)


def _require_member(user: User, feed: Feed) -> None:
    if not access.can_read_feed(user, feed):
        raise NotAMember()


def _readable_target(user: User, post: Post) -> Post:
    """The post an action really applies to: a retweet's original. It must be readable and not deleted."""
    target = post.retweet_of if post.retweet_of_id else post
    if target is None or not access.can_read_post(user, target):
        raise NotAMember()
    if target.deleted_at is not None or target.hidden_at is not None:
        raise PostUnavailable()
    return target


def _record_entities(post: Post) -> None:
    """Mention and Hashtag rows, extracted once at write time for the mention, hashtag and search pages."""
    handles: list[str] = []
    tags: list[str] = []
    for entity in tweettext.extract_entities(post.text):
        if entity.kind == "mention" and not entity.list_slug:
            handle = entity.value.lower()
            if handle not in handles:
                handles.append(handle)
        elif entity.kind == "hashtag":
            tag = entity.value.lower()[:140]
            if tag not in tags:
                tags.append(tag)
    if tags:
        Hashtag.objects.bulk_create([Hashtag(post=post, tag=tag, created_at=post.created_at) for tag in tags])
    if not handles:
        return
    users = {u.h: u for u in User.objects.annotate(h=Lower("handle")).filter(h__in=handles, is_active=True)}
    personas = {p.h: p for p in Persona.objects.annotate(h=Lower("handle")).filter(h__in=handles)}
    Mention.objects.bulk_create(
        [
            Mention(post=post, handle=h[:20], user=users.get(h), persona=None if h in users else personas.get(h))
            for h in handles
        ]
    )
    for user in users.values():
        if post.only_for_id is None or post.only_for_id == user.pk:
            notify(recipient=user, kind=FeedNotification.Kind.MENTION, post=post)


def _create(
    *,
    feed: Feed,
    text: str,
    author: User | None = None,
    persona: Persona | None = None,
    posted_by: User | None = None,
    reply_to: Post | None = None,
    quote_of: Post | None = None,
    only_for: User | None = None,
) -> Post:
    post = Post.objects.create(
        feed=feed,
        author=author,
        persona=persona,
        posted_by=posted_by,
        text=text,
        reply_to=reply_to,
        quote_of=quote_of,
        only_for=only_for,
    )
    _record_entities(post)
    if reply_to is not None:
        Post.objects.filter(pk=reply_to.pk).update(reply_count=F("reply_count") + 1)
        notify(recipient=reply_to.author, kind=FeedNotification.Kind.REPLY, post=post)
    if quote_of is not None:
        Post.objects.filter(pk=quote_of.pk).update(quote_count=F("quote_count") + 1)
        notify(recipient=quote_of.author, kind=FeedNotification.Kind.QUOTE, post=post)
    return post


@transaction.atomic
def create_post(
    *,
    user: User,
    feed: Feed,
    text: str,
    reply_to: Post | None = None,
    quote_of: Post | None = None,
) -> Post:
    """Post into a feed the person belongs to; a reply or a quote goes into the feed of the post it answers.

    The text is normalised to LF and counted like Twitter (weighted, at most 280). A quote
    counts only its own words: the quoted post is a link, never part of the text.
    """
    if reply_to is not None:
        reply_to = _readable_target(user, reply_to)
        feed = reply_to.feed
    if quote_of is not None:
        quote_of = _readable_target(user, quote_of)
        feed = quote_of.feed
    _require_member(user, feed)
    text = post_text.prepare(text)
    check_rate(user=user)
    only_for = None
    for parent in (reply_to, quote_of):
        # Answering a self-paced script keeps the conversation private to that learner.
        if parent is not None and parent.only_for_id:
            only_for = user
    return _create(feed=feed, text=text, author=user, reply_to=reply_to, quote_of=quote_of, only_for=only_for)


def reply(*, user: User, post: Post, text: str) -> Post:
    return create_post(user=user, feed=post.feed, text=text, reply_to=post)


def quote(*, user: User, post: Post, text: str) -> Post:
    return create_post(user=user, feed=post.feed, text=text, quote_of=post)


@transaction.atomic
def retweet(*, user: User, post: Post) -> Post:
    """Retweet a post (a retweet of a retweet retweets the original); once per person."""
    target = _readable_target(user, post)
    if Post.objects.filter(author=user, retweet_of=target, deleted_at__isnull=True).exists():
        raise AlreadyRetweeted()
    check_rate(user=user)
    try:
        with transaction.atomic():
            rt = Post.objects.create(
                feed=target.feed, author=user, retweet_of=target, only_for=user if target.only_for_id else None
            )
    except IntegrityError as exc:  # a double click racing the check above
        raise AlreadyRetweeted() from exc
    Post.objects.filter(pk=target.pk).update(retweet_count=F("retweet_count") + 1)
    notify(recipient=target.author, kind=FeedNotification.Kind.RETWEET, post=target, actor=user)
    return rt


@transaction.atomic
def undo_retweet(*, user: User, post: Post) -> None:
    target = post.retweet_of if post.retweet_of_id else post
    if target is None or not access.can_read_feed(user, target.feed):
        raise NotAMember()
    undone = Post.objects.filter(author=user, retweet_of=target, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )
    if undone:
        Post.objects.filter(pk=target.pk).update(retweet_count=Greatest(F("retweet_count") - undone, 0))


@transaction.atomic
def delete_post(*, user: User, post: Post) -> None:
    """Delete your own post (trainers may delete their personas' posts). Retweets of it then say it was deleted."""
    own = post.author_id == user.pk
    voiced = post.persona_id is not None and access.is_trainer_of(user, post.feed)
    if not (own or voiced):
        raise NotAllowed(_("You can only delete your own posts."))
    if not access.can_read_feed(user, post.feed) and not own:
        raise NotAMember()
    if not Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(deleted_at=timezone.now()):
        return
    for parent_id, counter in ((post.retweet_of_id, "retweet_count"), (post.reply_to_id, "reply_count")):
        if parent_id:
            Post.objects.filter(pk=parent_id).update(**{counter: Greatest(F(counter) - 1, 0)})
    if post.quote_of_id:
        Post.objects.filter(pk=post.quote_of_id).update(quote_count=Greatest(F("quote_count") - 1, 0))


@transaction.atomic
def hide_post(*, user: User, post: Post, reason: str) -> None:
    """A trainer hides a post in a cohort they train; its author still sees it, with the reason."""
    if not access.can_moderate(user, post.feed):
        raise NotAllowed()
    reason = " ".join(reason.split())[:280]
    if not reason:
        raise EmptyPost(_("Say why the post is hidden: its author will see the reason."))
    Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now(), hidden_by=user, hidden_reason=reason)


@transaction.atomic
def unhide_post(*, user: User, post: Post) -> None:
    if not access.can_moderate(user, post.feed):
        raise NotAllowed()
    Post.objects.filter(pk=post.pk).update(hidden_at=None, hidden_by=None, hidden_reason="")


@transaction.atomic
def post_as_persona(
    *, user: User, persona: Persona, feed: Feed, text: str, reply_to: Post | None = None, check_limit: bool = True
) -> Post:
    """A trainer of the feed posts as one of its personas (an unscheduled scenario post)."""
    if not access.can_voice(user, persona, feed):
        raise NotAllowed()
    if reply_to is not None:
        reply_to = _readable_target(user, reply_to)
        if reply_to.feed_id != feed.pk:
            raise NotAMember()
    text = post_text.prepare(text)
    if check_limit:
        check_rate(user=user)
    return _create(feed=feed, text=text, persona=persona, posted_by=user, reply_to=reply_to)


def publish_as_persona(
    *, persona: Persona, feed: Feed, text: str, reply_to: Post | None = None, only_for: User | None = None
) -> Post:
    """The scenario timeline posting (no person pressed a button). Call inside a transaction."""
    return _create(feed=feed, text=post_text.normalise(text), persona=persona, reply_to=reply_to, only_for=only_for)
