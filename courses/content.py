"""Lesson text: tokens filled in per session, markdown rendered, then sanitised with nh3.

Everything a trainer writes passes through render_markdown before it reaches a
page, so a lesson can hold headings, lists, links and images but never script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import markdown
import nh3
from django.conf import settings
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe

# A table of tag names, a dozen to a line (fmt: skip: one per line would be 23 lines of noise).
ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "em", "strong", "a", "img",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

TOKEN_RE = re.compile(r"\{(session\.hashtag|session\.starts|org\.handle)\}")


@dataclass(frozen=True)
class TokenValues:
    hashtag: str | None = None
    starts_at: datetime | None = None

    def value(self, name: str) -> str:
        if name == "session.hashtag":
            return self.hashtag or "#TweetCamp"
        if name == "session.starts":
            if self.starts_at is None:
                return "your session's start"
            local = timezone.localtime(self.starts_at)
            return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"
        return "@" + settings.ORG_HANDLE


def fill_tokens(text: str, values: TokenValues) -> str:
    return TOKEN_RE.sub(lambda m: values.value(m.group(1)), text)


def render_markdown(text: str, values: TokenValues | None = None) -> SafeString:
    """Markdown to HTML that is safe to show: nh3 removes anything not on the allow-lists."""
    text = fill_tokens(text or "", values or TokenValues())
    html = markdown.markdown(text.replace("\x00", ""), extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    # nh3's output is the one place the project trusts as HTML.
    return mark_safe(clean)  # noqa: S308 - the output of nh3, the one sanitiser  # nosec
