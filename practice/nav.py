"""The practice feed in the site navigation, with its unread count (``tweetcamp.navigation`` puts the menu together)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.nav import NavItem
from practice.selectors import unread_count

NAV = [
    NavItem(_("Practice feed"), "practice:home", permissions.PRACTICE, position=40, badge=unread_count),
]
