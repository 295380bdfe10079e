"""The pages measured, as the people who open them every day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse

# Pages with a target relative to the floor (p95 <= 3x, throughput >= 1/3).
TARGETED = ("home", "hashtag", "profile", "drill")


@dataclass(frozen=True)
class Page:
    name: str
    path: str | None
    who: str  # "viewer", "trainer" or "admin"
    skipped: str = ""


def pages(meta: dict[str, Any]) -> list[Page]:
    """The floor first, then every page; a page whose app is not there is listed as skipped with why."""
    found = [
        Page("floor", _path("bench-floor"), "viewer"),
        Page("home", _path("practice:home"), "viewer"),
        Page("hashtag", _path("practice:hashtag", meta["hashtag"]), "viewer"),
        Page("profile", _path("practice:profile", meta["profile_handle"]), "viewer"),
        Page("drill", _path("courses:drill-detail", meta["drill_id"]), "viewer"),
        Page("my_camp", _path("courses:my-camp"), "viewer"),
        Page("session_roster", _path("courses:session-roster", meta["roster_session_id"]), "trainer"),
    ]
    if apps.is_installed("reports") and _path("reports:dashboard"):
        found.append(Page("admin_dashboard", _path("reports:dashboard"), "admin"))
    else:
        found.append(Page("admin_dashboard", None, "admin", skipped="the reports app is not installed in this tree"))
    return [p if p.path or p.skipped else Page(p.name, None, p.who, skipped="no such URL in this tree") for p in found]


def _path(name: str, *args: object) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def user_for(page: Page, meta: dict[str, Any]) -> int:
    user_id: int = {"viewer": meta["viewer_id"], "trainer": meta["trainer_id"], "admin": meta["admin_id"]}[page.who]
    return user_id
