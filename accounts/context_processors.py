from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# Each role sees only what it may open; the view checks the same permission.
NAV = [
    NavItem(_("Home"), "home", None),
    NavItem(_("My camp"), "courses:my-camp", "accounts.practice"),
    NavItem(_("Courses"), "courses:course-list", "accounts.practice"),
    NavItem(_("Department"), "accounts:department", "accounts.view_department_reports"),
    NavItem(_("People and roles"), "accounts:people", "accounts.assign_roles"),
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
            items.append({"label": item.label, "url": url, "current": request.path == url})
    return {"nav_items": items, "org_name": settings.ORG_NAME}
