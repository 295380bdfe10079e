"""The four roles and what each may do.

Roles are Django groups (created by a data migration); their permissions are
synced from ``role_permissions()`` after every migrate: accounts' own table below
plus what each app above grants from its AppConfig.ready().
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import permissions as perms


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

# What accounts itself grants. Apps above add their own model permissions with ``grant`` from their
# AppConfig.ready() (courses: reminder rules), so accounts never names them.
_GRANTS: dict[str, list[str]] = {
    Role.EMPLOYEE: [perms.PRACTICE],
    Role.TRAINER: [perms.PRACTICE, perms.AUTHOR_CONTENT, perms.RUN_SESSIONS, perms.MODERATE_FEED],
    Role.MANAGER: [perms.PRACTICE, perms.VIEW_DEPARTMENT_REPORTS],
    Role.ADMIN: [
        perms.PRACTICE,
        perms.AUTHOR_CONTENT,
        perms.RUN_SESSIONS,
        perms.MODERATE_FEED,
        perms.VIEW_DEPARTMENT_REPORTS,
        perms.VIEW_ALL_REPORTS,
        perms.ASSIGN_ROLES,
        perms.VIEW_USER,
        perms.CHANGE_USER,
        perms.VIEW_DEPARTMENT,
        perms.ADD_DEPARTMENT,
        perms.CHANGE_DEPARTMENT,
    ],
}


def grant(role: str, *permission_names: str) -> None:
    """Give a role more permissions ("app_label.codename"); idempotent. Call from AppConfig.ready()."""
    held = _GRANTS.setdefault(role, [])
    held.extend(name for name in permission_names if name not in held)


def role_permissions() -> dict[str, list[str]]:
    """Every role and the permissions it holds, as declared by accounts and granted by the apps above."""
    return {role: list(names) for role, names in _GRANTS.items()}
