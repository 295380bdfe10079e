"""The site navigation: each app offers its pages in its own ``nav.NAV``; this module, at the top of the
ladder, puts them in one menu and shows each person the entries they may open."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import nav as accounts_nav
from accounts.nav import NavItem
from courses import nav as courses_nav
from notifications import nav as notifications_nav
from practice import nav as practice_nav
from reports import nav as reports_nav

HOME = NavItem(_("Home"), "home", None, position=10)

MENU: list[NavItem] = sorted(
    [HOME, *accounts_nav.NAV, *notifications_nav.NAV, *practice_nav.NAV, *courses_nav.NAV, *reports_nav.NAV],
    key=lambda item: item.position,
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav_items`` (label, url, current, badge) for the person, and the org's name."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for item in MENU:
            if item.permission and not user.has_perm(item.permission):
                continue
            url = item.url
            label, count = item.label, item.badge(user) if item.badge else 0
            if count:
                label = _("%(label)s (%(count)s new)") % {"label": label, "count": count}
            items.append({"label": label, "url": url, "current": request.path == url, "badge": count})
    return {"nav_items": items, "org_name": settings.ORG_NAME}
