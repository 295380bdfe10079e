"""The courses pages in the site navigation (``tweetcamp.navigation`` puts the menu together)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.nav import NavItem

NAV = [
    NavItem(_("My camp"), "courses:my-camp", permissions.PRACTICE, position=20),
    NavItem(_("Courses"), "courses:course-list", permissions.PRACTICE, position=30),
    NavItem(_("Trainer"), "courses:trainer-home", permissions.RUN_SESSIONS, position=50),
]
