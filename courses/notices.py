"""The notices courses send: enrolment, session, reminder, grading and due-date kinds.

Registered with ``notifications.kinds`` from ``CoursesConfig.ready()``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind

ENROLMENT_CONFIRMED = "enrolment_confirmed"
ENROLMENT_WAITLISTED = "enrolment_waitlisted"
ENROLMENT_PROMOTED = "enrolment_promoted"
ENROLMENT_CANCELLED = "enrolment_cancelled"
SESSION_CHANGED = "session_changed"
SESSION_CANCELLED = "session_cancelled"
SESSION_REMINDER = "session_reminder"
DRILL_GRADED = "drill_graded"
COURSE_DUE_SOON = "course_due_soon"
COURSE_OVERDUE = "course_overdue"
COURSE_OVERDUE_MANAGER = "course_overdue_manager"

KINDS = [
    Kind(ENROLMENT_CONFIRMED, _("Your place in a session is confirmed")),
    Kind(ENROLMENT_WAITLISTED, _("You joined a waitlist")),
    Kind(ENROLMENT_PROMOTED, _("A seat opened up for you")),
    Kind(SESSION_CHANGED, _("A session you are in changed")),
    Kind(ENROLMENT_CANCELLED, _("Your place was cancelled or removed"), mandatory=True),
    Kind(SESSION_CANCELLED, _("A session you are in was cancelled"), mandatory=True),
    Kind(SESSION_REMINDER, _("Reminders before a session")),
    Kind(DRILL_GRADED, _("A drill was graded")),
    Kind(COURSE_DUE_SOON, _("A course is due soon")),
    Kind(COURSE_OVERDUE, _("A course is overdue")),
    Kind(COURSE_OVERDUE_MANAGER, _("Someone you manage is overdue with a course")),
]
