"""Rules that grade the learner's profile: who maintains it, a disclaimer, a web page link."""

from __future__ import annotations

from urllib.parse import urlsplit

import regex

from practice import policy
from practice.rubric.model import Context, Params
from practice.rubric.text import fold

MAINTAINER_RE = regex.compile(
    r"\b(maintained|managed|run|curated|tweets?|posts?|written)\s+(by|from)\b|\bofficial account\b"
    r"|\b(i\s*'?\s*a?m|i am)\s+(a|an|the)\b|\b(nurse|doctor|physician|pharmacist|therapist|manager|educator|"
    r"specialist|technician|midwife|surgeon|resident|student)\b",
    regex.IGNORECASE,
)


def check_profile_maintainer(params: Params, ctx: Context) -> tuple[bool, str]:
    bio = ctx.profile.bio
    if MAINTAINER_RE.search(fold(bio)):
        return True, "The bio says who is behind the account."
    return False, "The bio does not say who maintains the account (for example “Tweets by Erin, ICU nurse”)."


def check_profile_disclaimer(params: Params, ctx: Context) -> tuple[bool, str]:
    if policy.has_disclaimer(ctx.profile.bio):
        return True, "The bio carries a disclaimer."
    return False, "The bio has no disclaimer such as “following doesn't mean endorsement”."


def check_profile_link(params: Params, ctx: Context) -> tuple[bool, str]:
    website = ctx.profile.website.strip()
    try:
        parts = urlsplit(website if "://" in website else "https://" + website)
        parts.hostname  # noqa: B018 - raises ValueError for a malformed host such as "[x"
    except ValueError:
        return False, "The profile's web page link is not a valid address."
    if website and parts.scheme in ("http", "https") and parts.hostname and "." in parts.hostname:
        return True, f"Links to {parts.hostname}."
    return False, "The profile has no web page link."
