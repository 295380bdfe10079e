"""The four roles and what each may do.

Roles are Django groups (created by a data migration); their permissions are
synced from ROLE_PERMISSIONS after every migrate, so this table is the one
place to read or change who may do what.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "Employee", _("Employee")
    TRAINER = "Trainer", _("Trainer")
    MANAGER = "Manager", _("Manager")
    ADMIN = "Admin", _("Admin")


# Capability permissions live on accounts.User (Meta.permissions); model
# permissions ("app.action_model") give Django admin access to support staff.
CAPABILITIES = [
    ("practice", _("Can practise in the sandboxed feed and take courses")),
    ("author_content", _("Can author courses, lessons, drills and personas")),
    ("run_sessions", _("Can schedule and run sessions, take attendance and override grades")),
    ("view_department_reports", _("Can see completion records of their own department tree")),
    ("view_all_reports", _("Can see completion records of everyone")),
    ("assign_roles", _("Can assign roles to people")),
    ("moderate_feed", _("Can hide posts in cohorts they train")),
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.EMPLOYEE: ["accounts.practice"],
    Role.TRAINER: [
        "accounts.practice",
        "accounts.author_content",
        "accounts.run_sessions",
        "accounts.moderate_feed",
    ],
    Role.MANAGER: ["accounts.practice", "accounts.view_department_reports"],
    Role.ADMIN: [
        "accounts.practice",
        "accounts.author_content",
        "accounts.run_sessions",
        "accounts.moderate_feed",
        "accounts.view_department_reports",
        "accounts.view_all_reports",
        "accounts.assign_roles",
        "accounts.view_user",
        "accounts.change_user",
        "accounts.view_department",
        "accounts.add_department",
        "accounts.change_department",
        # Reminder rules are data an admin edits (in Django admin).
        "courses.view_reminderrule",
        "courses.add_reminderrule",
        "courses.change_reminderrule",
        "courses.delete_reminderrule",
    ],
}
