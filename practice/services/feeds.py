"""Writes and rules of the practice feed."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User, handle_validator
from practice import access
from practice.errors import HandleTaken, NotAllowed
from practice.models import Feed, FeedMembership, Persona


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
    access.forget(user)
    membership, created = FeedMembership.objects.get_or_create(feed=feed, user=user, defaults={"role": role})
    if not created and membership.role != role and role == FeedMembership.Role.TRAINER:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(*, feed: Feed, user: User) -> None:
    """Take a person out of a cohort; their posts stay, as on Twitter when someone leaves a group."""
    access.forget(user)
    FeedMembership.objects.filter(feed=feed, user=user).delete()


def is_member(*, feed: Feed, user: User) -> bool:
    if feed.kind == Feed.Kind.OPEN:
        return user.is_active
    return FeedMembership.objects.filter(feed=feed, user=user).exists()


def record_visit(*, user: User, feed: Feed | None = None) -> None:
    """Start a learner's self-paced clock the first time they open a cohort feed, or (feed None, from the
    home timeline, which shows every cohort) all their cohorts. A conditional update: once only."""
    memberships = FeedMembership.objects.filter(user=user, first_visit_at__isnull=True)
    if feed is not None:
        if feed.kind != Feed.Kind.COHORT:
            return
        memberships = memberships.filter(feed=feed)
    memberships.update(first_visit_at=timezone.now())


@transaction.atomic
def create_persona(
    *,
    user: User,
    name: str,
    handle: str,
    bio: str = "",
    avatar_initials: str = "",
    feed: Feed | None = None,
) -> Persona:
    """A trainer-authored account. Its handle is unique among personas and people, ignoring case."""
    if not access.may_add_personas(user):
        raise NotAllowed()
    if (
        feed is not None
        and not FeedMembership.objects.filter(feed=feed, user=user, role=FeedMembership.Role.TRAINER).exists()
    ):
        raise NotAllowed()
    handle_validator(handle)
    if Persona.objects.filter(handle__iexact=handle).exists() or User.objects.filter(handle__iexact=handle).exists():
        raise HandleTaken()
    try:
        with transaction.atomic():
            return Persona.objects.create(
                name=name.strip()[:50],
                handle=handle,
                bio=bio.strip()[:160],
                avatar_initials=(avatar_initials or name[:2]).strip().upper()[:3],
                feed=feed,
                created_by=user,
            )
    except IntegrityError as exc:
        raise HandleTaken() from exc
