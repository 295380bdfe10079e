"""Writes and rules of the practice feed."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from accounts.models import User
from practice.models import Feed, FeedMembership


def open_feed() -> Feed:
    """The organisation-wide feed every active person may use."""
    feed, _ = Feed.objects.get_or_create(kind=Feed.Kind.OPEN, defaults={"name": f"{settings.ORG_NAME} (everyone)"})
    return feed


def create_cohort_feed(*, name: str, starts_at: datetime | None) -> Feed:
    return Feed.objects.create(name=name, kind=Feed.Kind.COHORT, starts_at=starts_at)


def update_cohort_feed(*, feed: Feed, name: str, starts_at: datetime | None) -> None:
    Feed.objects.filter(pk=feed.pk).update(name=name, starts_at=starts_at)


@transaction.atomic
def add_member(*, feed: Feed, user: User, role: str = FeedMembership.Role.LEARNER) -> FeedMembership:
    membership, created = FeedMembership.objects.get_or_create(feed=feed, user=user, defaults={"role": role})
    if not created and membership.role != role and role == FeedMembership.Role.TRAINER:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(*, feed: Feed, user: User) -> None:
    """Take a person out of a cohort; their posts stay, as on Twitter when someone leaves a group."""
    FeedMembership.objects.filter(feed=feed, user=user).delete()


def is_member(*, feed: Feed, user: User) -> bool:
    if feed.kind == Feed.Kind.OPEN:
        return user.is_active
    return FeedMembership.objects.filter(feed=feed, user=user).exists()
