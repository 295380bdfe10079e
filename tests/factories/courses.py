"""Factories for courses: courses, lessons, sessions (each with its cohort feed) and policy versions.

Enrol people through courses.services.enrolment.enrol, not a factory, so seats,
the waitlist and the audit history stay true.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from courses.models import Course, Lesson, PolicyVersion, PublishStatus, Session
from practice import services as practice
from practice.models import FeedMembership


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "Posting well about work."
    cover_text = "Welcome to the course."
    status = PublishStatus.PUBLISHED
    estimated_minutes = 60


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body = "## What to post\n\nUse {session.hashtag} and mention {org.handle}."
    position = factory.Sequence(lambda n: n)
    status = PublishStatus.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    """A scheduled session a week ahead, enrolment closing a day before it starts."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    enrolment_closes_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=1))
    time_zone = "UTC"
    location = "Room 1"
    capacity = 10
    hashtag = factory.Sequence(lambda n: f"#TweetCamp{n}")
    feed = factory.LazyAttribute(
        lambda o: practice.create_cohort_feed(name=f"{o.course.title}: {o.title}", starts_at=o.starts_at)
    )

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        self.trainers.add(*extracted)
        for trainer in extracted:
            practice.add_member(feed=self.feed, user=trainer, role=FeedMembership.Role.TRAINER)


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    version = factory.Sequence(lambda n: n + 1)
    title = "Social-media policy"
    body = "Never post about patients."
    published_at = factory.LazyFunction(timezone.now)
