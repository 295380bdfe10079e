"""The reports pages in the site navigation (``tweetcamp.navigation`` puts the menu together)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.nav import NavItem

NAV = [
    NavItem(_("Reports"), "reports:dashboard", permissions.VIEW_DEPARTMENT_REPORTS, position=70),
    NavItem(_("Session reports"), "reports:sessions", permissions.RUN_SESSIONS, position=80),
    NavItem(_("My record"), "reports:my-record", permissions.PRACTICE, position=90),
]
