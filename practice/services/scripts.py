"""The scenario timeline: scripted persona posts published once each by a beat job, and the trainer's console.

Live items are timed from the feed's start and published once for everyone; the claim is a
conditional update (``published_at IS NULL``) in the same transaction as the post. Self-paced
items are timed from each learner's first visit and published once per learner; the claim is
the insert of a ``ScriptedDelivery`` row under a unique constraint. Either way a second run, or
two beat processes at once, publish nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from practice import access
from practice.errors import NotAllowed, NothingToPublish
from practice.models import Feed, FeedMembership, Persona, Post, ScriptedDelivery, ScriptedPost
from practice.services import text as post_text
from practice.services.posting import publish_as_persona


@dataclass(frozen=True)
class Upcoming:
    item: ScriptedPost
    due_at: datetime | None  # None while the feed has no start time


def due_at(item: ScriptedPost, *, anchor: datetime | None) -> datetime | None:
    if anchor is None:
        return None
    return anchor + item.feed.timeline_delay + item.offset


def _parent_post(item: ScriptedPost, *, learner: User | None) -> Post | bool | None:
    """The post a scripted reply answers (read fresh); False while that post is not published yet."""
    if item.reply_to_post_id:
        return item.reply_to_post
    if item.reply_to_scripted_id is None:
        return None
    if learner is None:
        parent = ScriptedPost.objects.filter(pk=item.reply_to_scripted_id).select_related("published_post").first()
        return parent.published_post if parent and parent.published_at else False
    delivery = (
        ScriptedDelivery.objects.filter(scripted_id=item.reply_to_scripted_id, learner=learner)
        .select_related("post")
        .first()
    )
    return delivery.post if delivery else False


WAITING = "waiting"


def _publish_live(item: ScriptedPost, *, now: datetime) -> Post | str | None:
    """The new post; WAITING while its parent is unpublished; None when another run claimed it."""
    with transaction.atomic():
        parent = _parent_post(item, learner=None)
        if parent is False:
            return WAITING
        claimed = ScriptedPost.objects.filter(pk=item.pk, published_at__isnull=True).update(published_at=now)
        if not claimed:
            return None
        post = publish_as_persona(
            persona=item.persona, feed=item.feed, text=item.text, reply_to=parent if isinstance(parent, Post) else None
        )
        ScriptedPost.objects.filter(pk=item.pk).update(published_post=post)
        return post


def _publish_for(item: ScriptedPost, learner: User, *, now: datetime) -> Post | None:
    with transaction.atomic():
        parent = _parent_post(item, learner=learner)
        if parent is False:
            return None
        try:
            with transaction.atomic():
                delivery = ScriptedDelivery.objects.create(scripted=item, learner=learner, published_at=now)
        except IntegrityError:  # already published for this learner
            return None
        post = publish_as_persona(
            persona=item.persona,
            feed=item.feed,
            text=item.text,
            reply_to=parent if isinstance(parent, Post) else None,
            only_for=learner,
        )
        ScriptedDelivery.objects.filter(pk=delivery.pk).update(post=post)
        return post


def publish_due_scripted_posts(*, now: datetime | None = None) -> int:
    """Publish every scripted post that is due; returns how many were published. Safe to run twice."""
    now = now or timezone.now()
    published = 0
    live = (
        ScriptedPost.objects.filter(
            anchor=ScriptedPost.Anchor.SESSION_START,
            published_at__isnull=True,
            feed__starts_at__isnull=False,
            feed__starts_at__lte=now,
            feed__timeline_paused_at__isnull=True,
        )
        .select_related("feed", "persona", "reply_to_scripted", "reply_to_post")
        .order_by("feed_id", "offset", "order", "id")
    )
    due = [item for item in live if (when := due_at(item, anchor=item.feed.starts_at)) and when <= now]
    # A reply due before its parent waits for it; passes repeat while they make progress.
    while due:
        outcomes = [(item, _publish_live(item, now=now)) for item in due]
        published += sum(isinstance(outcome, Post) for _, outcome in outcomes)
        waiting = [item for item, outcome in outcomes if outcome == WAITING]
        if len(waiting) == len(due):
            break
        due = waiting

    self_paced = list(
        ScriptedPost.objects.filter(
            anchor=ScriptedPost.Anchor.FIRST_VISIT, feed__timeline_paused_at__isnull=True
        ).select_related("feed", "persona", "reply_to_scripted", "reply_to_post")
    )
    if not self_paced:
        return published
    feed_ids = {item.feed_id for item in self_paced}
    learners = (
        FeedMembership.objects.filter(
            feed_id__in=feed_ids, role=FeedMembership.Role.LEARNER, first_visit_at__isnull=False
        )
        .select_related("user")
        .order_by("first_visit_at")
    )
    by_feed: dict[int, list[FeedMembership]] = {}
    for membership in learners:
        by_feed.setdefault(membership.feed_id, []).append(membership)
    done = set(ScriptedDelivery.objects.filter(scripted__in=self_paced).values_list("scripted_id", "learner_id"))
    for item in sorted(self_paced, key=lambda i: (i.offset, i.order, i.pk)):
        for membership in by_feed.get(item.feed_id, []):
            if (item.pk, membership.user_id) in done:
                continue
            when = due_at(item, anchor=membership.first_visit_at)
            if when is not None and when <= now and _publish_for(item, membership.user, now=now):
                published += 1
    return published


# --- The trainer's console (live sessions) ---------------------------------------------------


def _require_trainer(user: User, feed: Feed) -> None:
    if not access.is_trainer_of(user, feed):
        raise NotAllowed()


def upcoming(*, feed: Feed, limit: int = 10) -> list[Upcoming]:
    """The live items not yet published, next first, with when each is due."""
    items = (
        ScriptedPost.objects.filter(feed=feed, anchor=ScriptedPost.Anchor.SESSION_START, published_at__isnull=True)
        .select_related("feed", "persona")
        .order_by("offset", "order", "id")[:limit]
    )
    return [Upcoming(item=item, due_at=due_at(item, anchor=feed.starts_at)) for item in items]


@transaction.atomic
def pause_timeline(*, user: User, feed: Feed) -> None:
    _require_trainer(user, feed)
    Feed.objects.filter(pk=feed.pk, timeline_paused_at__isnull=True).update(timeline_paused_at=timezone.now())


@transaction.atomic
def resume_timeline(*, user: User, feed: Feed) -> None:
    """Carry on where the script stopped: the paused time is added to every later item's due time."""
    _require_trainer(user, feed)
    locked = Feed.objects.select_for_update().get(pk=feed.pk)
    if locked.timeline_paused_at is None:
        return
    paused_for = max(timezone.now() - locked.timeline_paused_at, timedelta(0))
    Feed.objects.filter(pk=feed.pk).update(timeline_paused_at=None, timeline_delay=F("timeline_delay") + paused_for)


def publish_next_now(*, user: User, feed: Feed) -> Post:
    """Publish the next live item at once, whatever its time (and even while paused)."""
    _require_trainer(user, feed)
    now = timezone.now()
    for item in upcoming(feed=feed, limit=50):
        post = _publish_live(item.item, now=now)
        if isinstance(post, Post):
            return post
    raise NothingToPublish()


@transaction.atomic
def add_scripted_post(
    *,
    user: User,
    feed: Feed,
    persona: Persona,
    text: str,
    offset: timedelta,
    anchor: str = ScriptedPost.Anchor.SESSION_START,
    reply_to_scripted: ScriptedPost | None = None,
) -> ScriptedPost:
    """A trainer adds a persona post to the feed's scenario timeline (checked now, published when due)."""
    if not access.can_voice(user, persona, feed):
        raise NotAllowed()
    if reply_to_scripted is not None and reply_to_scripted.feed_id != feed.pk:
        raise NotAllowed()
    text = post_text.prepare(text)
    order = ScriptedPost.objects.filter(feed=feed).count()
    return ScriptedPost.objects.create(
        feed=feed,
        persona=persona,
        text=text,
        offset=max(offset, timedelta(0)),
        anchor=anchor,
        order=order,
        reply_to_scripted=reply_to_scripted,
    )
