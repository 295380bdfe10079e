"""Factories for the practice feed. They write rows directly (fast, for bulk data); tests of the
rules go through practice.services so mentions, counters and notifications stay true."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import factory
from django.core.cache import cache
from django.utils import timezone

from practice import services
from practice.models import Feed, FeedMembership, Follow, Like, Persona, Post, ScriptedPost


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    name = factory.Sequence(lambda n: f"Cohort {n}")
    kind = Feed.Kind.COHORT
    starts_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedMembership

    feed = factory.SubFactory(FeedFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    role = FeedMembership.Role.LEARNER


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona

    name = factory.Sequence(lambda n: f"Persona {n}")
    handle = factory.Sequence(lambda n: f"persona_{n}")
    bio = "A voice in the scenario."
    avatar_initials = "P"
    feed = None


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    feed = factory.SubFactory(FeedFactory)
    author = factory.SubFactory("tests.factories.accounts.UserFactory")
    text = factory.Sequence(lambda n: f"Practice post number {n}")


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    follower = factory.SubFactory("tests.factories.accounts.UserFactory")
    user = factory.SubFactory("tests.factories.accounts.UserFactory")


class LikeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Like

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    post = factory.SubFactory(PostFactory)


class ScriptedPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScriptedPost

    feed = factory.SubFactory(FeedFactory)
    persona = factory.SubFactory(PersonaFactory)
    text = factory.Sequence(lambda n: f"Scripted post {n}")
    offset = timedelta(minutes=5)
    anchor = ScriptedPost.Anchor.SESSION_START


def cohort(*, learners=(), trainers=(), **kwargs) -> Feed:
    """A cohort feed with its members."""
    feed = FeedFactory(**kwargs)
    for user in learners:
        MembershipFactory(feed=feed, user=user, role=FeedMembership.Role.LEARNER)
    for user in trainers:
        MembershipFactory(feed=feed, user=user, role=FeedMembership.Role.TRAINER)
    return feed


def world(*, employee, colleague, outsider, trainer, admin_user):
    """The access personas in feeds: employee and colleague learn in cohort A, trained by trainer;
    the outsider learns in cohort B; the admin belongs to no cohort. Everyone shares the open feed."""
    cache.clear()  # a fresh world starts with no rate-limit counts (database ids repeat between tests)

    a = cohort(name="Cohort A", learners=[employee, colleague], trainers=[trainer])
    b = cohort(name="Cohort B", learners=[outsider])
    return SimpleNamespace(
        a=a,
        b=b,
        open=services.open_feed(),
        employee=employee,
        colleague=colleague,
        outsider=outsider,
        trainer=trainer,
        admin=admin_user,
    )
