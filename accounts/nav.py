"""The navigation entry type every app uses to offer its pages, and accounts' own entries.

The menu is put together by ``tweetcamp.navigation``, the top of the ladder, from each app's ``nav.NAV``;
an app names only its own pages and its own counts, so no app needs to know the ones above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None
    # Where the entry sits in the menu, across apps (smaller first).
    position: int
    # ``f(user) -> int`` (one query), shown next to the label when not zero.
    badge: Callable[[User], int] | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# Each role sees only what it may open; the view checks the same permission.
NAV = [
    NavItem(_("Department"), "accounts:department", permissions.VIEW_DEPARTMENT_REPORTS, position=60),
    NavItem(_("People and roles"), "accounts:people", permissions.ASSIGN_ROLES, position=100),
    NavItem(_("Profile"), "accounts:profile", None, position=130),
]
