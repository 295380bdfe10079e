"""Named reads of the training domain, split by the pages that use them.

``from courses import selectors`` gives the learner and progress reads; the trainer pages' reads are
``courses.selectors.trainer`` and the assignment rules ``courses.selectors.assignments``.
"""

from courses.selectors.learner import (
    CourseProgress,
    MyCamp,
    active_enrolment,
    calendar_enrolments,
    course_list,
    lesson_drills,
    my_camp,
    own_enrolment,
    read_lesson_ids,
    session_for_viewer,
    upcoming_sessions,
    visible_course,
    visible_lessons,
    waitlist_position,
)
from courses.selectors.progress import (
    CompletionState,
    completion_state,
    courses_in_progress,
    current_policy,
    drill_progress,
    has_acknowledged_current_policy,
)

__all__ = [
    "CompletionState",
    "CourseProgress",
    "MyCamp",
    "active_enrolment",
    "calendar_enrolments",
    "completion_state",
    "course_list",
    "courses_in_progress",
    "current_policy",
    "drill_progress",
    "has_acknowledged_current_policy",
    "lesson_drills",
    "my_camp",
    "own_enrolment",
    "read_lesson_ids",
    "session_for_viewer",
    "upcoming_sessions",
    "visible_course",
    "visible_lessons",
    "waitlist_position",
]
