"""The courses permissions that roles hold, named once (granted from ``CoursesConfig.ready()``)."""

from __future__ import annotations

# Reminder rules are data an admin edits in Django admin: Django's model permissions on ReminderRule.
REMINDER_RULES = (
    "courses.view_reminderrule",
    "courses.add_reminderrule",
    "courses.change_reminderrule",
    "courses.delete_reminderrule",
)
