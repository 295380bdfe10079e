"""Likes and follows."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from accounts.models import User
from practice import access
from practice.errors import CannotFollowSelf, NotAMember
from practice.models import FeedNotification, Follow, Like, Persona, Post
from practice.services.notify import notify
from practice.services.posting import _readable_target


@transaction.atomic
def like(*, user: User, post: Post) -> bool:
    """Like a post (a retweet's original); liking twice does nothing. True when a like was added."""
    target = _readable_target(user, post)
    try:
        with transaction.atomic():
            _, created = Like.objects.get_or_create(user=user, post=target)
    except IntegrityError:  # a concurrent double click
        return False
    if created:
        Post.objects.filter(pk=target.pk).update(like_count=F("like_count") + 1)
        notify(recipient=target.author, kind=FeedNotification.Kind.LIKE, post=target, actor=user)
    return created


@transaction.atomic
def unlike(*, user: User, post: Post) -> None:
    target = post.retweet_of if post.retweet_of_id else post
    if target is None or not access.can_read_feed(user, target.feed):
        raise NotAMember()
    deleted, _ = Like.objects.filter(user=user, post=target).delete()
    if deleted:
        Post.objects.filter(pk=target.pk).update(like_count=Greatest(F("like_count") - 1, 0))


@transaction.atomic
def follow(*, user: User, target: User | Persona) -> bool:
    """Follow a person or a persona you can see. True when the follow is new."""
    if not access.may_practise(user):
        raise NotAMember()
    if isinstance(target, Persona):
        if not access.can_see_persona(user, target):
            raise NotAMember()
    else:
        if target.pk == user.pk:
            raise CannotFollowSelf()
        if not target.is_active:
            raise NotAMember()
    try:
        with transaction.atomic():
            if isinstance(target, Persona):
                _, created = Follow.objects.get_or_create(follower=user, persona=target)
            else:
                _, created = Follow.objects.get_or_create(follower=user, user=target)
    except IntegrityError:
        return False
    if created and isinstance(target, User):
        notify(recipient=target, kind=FeedNotification.Kind.FOLLOW, actor=user)
    return created


@transaction.atomic
def unfollow(*, user: User, target: User | Persona) -> None:
    lookup: dict[str, User | Persona] = {"persona": target} if isinstance(target, Persona) else {"user": target}
    Follow.objects.filter(follower=user, **lookup).delete()
