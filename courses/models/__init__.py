"""The training domain's models, split by sub-domain; import them from here."""

from courses.models.core import (
    CalendarFeed,
    Completion,
    Course,
    Enrolment,
    EnrolmentEvent,
    Lesson,
    LessonProgress,
    PolicyAcknowledgement,
    PolicyVersion,
    PublishStatus,
    Session,
    hashtag_validator,
    new_token,
)

__all__ = [
    "CalendarFeed",
    "Completion",
    "Course",
    "Enrolment",
    "EnrolmentEvent",
    "Lesson",
    "LessonProgress",
    "PolicyAcknowledgement",
    "PolicyVersion",
    "PublishStatus",
    "Session",
    "hashtag_validator",
    "new_token",
]
