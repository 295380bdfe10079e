from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None
    # Dotted path to ``f(user) -> int`` (one query), shown next to the label when not zero. A path,
    # not an import, so accounts stays free of the apps above it.
    badge: str | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# Each role sees only what it may open; the view checks the same permission.
NAV = [
    NavItem(_("Home"), "home", None),
    NavItem(_("My camp"), "courses:my-camp", "accounts.practice"),
    NavItem(_("Courses"), "courses:course-list", "accounts.practice"),
    NavItem(_("Practice feed"), "practice:home", "accounts.practice", badge="practice.selectors.unread_count"),
    NavItem(_("Trainer"), "courses:trainer-home", "accounts.run_sessions"),
    NavItem(_("Department"), "accounts:department", "accounts.view_department_reports"),
    NavItem(_("Reports"), "reports:dashboard", "accounts.view_department_reports"),
    NavItem(_("Session reports"), "reports:sessions", "accounts.run_sessions"),
    NavItem(_("My record"), "reports:my-record", "accounts.practice"),
    NavItem(_("People and roles"), "accounts:people", "accounts.assign_roles"),
    NavItem(_("Notification log"), "notifications:log", "accounts.view_all_reports"),
    NavItem(_("Notifications"), "notifications:list", None, badge="notifications.selectors.unread_count"),
    NavItem(_("Profile"), "accounts:profile", None),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for item in NAV:
            if item.permission and not user.has_perm(item.permission):
                continue
            url = item.url
            label, count = item.label, import_string(item.badge)(user) if item.badge else 0
            if count:
                label = _("%(label)s (%(count)s new)") % {"label": label, "count": count}
            items.append({"label": label, "url": url, "current": request.path == url, "badge": count})
    return {"nav_items": items, "org_name": settings.ORG_NAME}
