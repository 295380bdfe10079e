"""The notification pages in the site navigation (``tweetcamp.navigation`` puts the menu together)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.nav import NavItem
from notifications.selectors import unread_count

NAV = [
    NavItem(_("Notification log"), "notifications:log", permissions.VIEW_ALL_REPORTS, position=110),
    NavItem(_("Notifications"), "notifications:list", None, position=120, badge=unread_count),
]
