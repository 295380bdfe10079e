"""The capability permissions, named once. Views and templates' flags use these, never the strings.

Each is a permission on ``accounts.User`` (``Meta.permissions``, from ``accounts.roles.CAPABILITIES``).
"""

from __future__ import annotations

PRACTICE = "accounts.practice"
AUTHOR_CONTENT = "accounts.author_content"
RUN_SESSIONS = "accounts.run_sessions"
VIEW_DEPARTMENT_REPORTS = "accounts.view_department_reports"
VIEW_ALL_REPORTS = "accounts.view_all_reports"
ASSIGN_ROLES = "accounts.assign_roles"
MODERATE_FEED = "accounts.moderate_feed"

# Django's own model permissions that roles hold (the admin's pages for people and departments).
VIEW_USER = "accounts.view_user"
CHANGE_USER = "accounts.change_user"
VIEW_DEPARTMENT = "accounts.view_department"
ADD_DEPARTMENT = "accounts.add_department"
CHANGE_DEPARTMENT = "accounts.change_department"
