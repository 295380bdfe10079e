"""Lessons read and the policy acknowledged; each may complete a course (``courses.services.completion``)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from courses.models import Lesson, LessonProgress, PolicyAcknowledgement, PolicyVersion
from courses.selectors.progress import courses_in_progress
from courses.services.completion import check_completion


def mark_lesson_read(*, person: User, lesson: Lesson) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(user=person, lesson=lesson)
    check_completion(person=person, course=lesson.course)
    return progress


def acknowledge_policy(*, person: User, policy: PolicyVersion) -> PolicyAcknowledgement:
    ack, _ = PolicyAcknowledgement.objects.get_or_create(user=person, policy=policy)
    for course in courses_in_progress(person):
        check_completion(person=person, course=course)
    return ack


def publish_policy(*, title: str, body: str) -> PolicyVersion:
    """A new version: everybody is asked to acknowledge again."""
    with transaction.atomic():
        last = PolicyVersion.objects.select_for_update().order_by("-version").first()
        return PolicyVersion.objects.create(version=(last.version + 1) if last else 1, title=title, body=body)
