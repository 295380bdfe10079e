"""What trainers and admins do: author courses and lessons, schedule sessions, run rosters and attendance.

Each page family has its module; this package re-exports the views so ``courses.views.trainer.X`` keeps working.
"""

# The one CSV formula guard, still importable under its old name here for the roster tests.
from courses.views.trainer.course_authoring import (
    course_create,
    course_edit,
    lesson_create,
    lesson_edit,
    lesson_move,
    lesson_preview,
)
from courses.views.trainer.home import policy_create, trainer_home
from courses.views.trainer.roster import enrolment_attendance, enrolment_remove, session_roster
from courses.views.trainer.roster_export import roster_csv
from courses.views.trainer.sessions import session_cancel, session_create, session_edit

__all__ = [
    "course_create",
    "course_edit",
    "enrolment_attendance",
    "enrolment_remove",
    "lesson_create",
    "lesson_edit",
    "lesson_move",
    "lesson_preview",
    "policy_create",
    "roster_csv",
    "session_cancel",
    "session_create",
    "session_edit",
    "session_roster",
    "trainer_home",
]
