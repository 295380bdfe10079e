"""The training domain's models, split by sub-domain; import them from here."""

from courses.models.assignments import Assignment
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
from courses.models.drills import Drill, Grade, Submission
from courses.models.reminders import ReminderRule

__all__ = [
    "Assignment",
    "CalendarFeed",
    "Completion",
    "Course",
    "Drill",
    "Enrolment",
    "EnrolmentEvent",
    "Grade",
    "Lesson",
    "LessonProgress",
    "PolicyAcknowledgement",
    "PolicyVersion",
    "PublishStatus",
    "ReminderRule",
    "Session",
    "Submission",
    "hashtag_validator",
    "new_token",
]
