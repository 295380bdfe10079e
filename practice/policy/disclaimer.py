"""The "views are my own" disclaimer ("policy.no_disclaimer" when one is required and missing)."""

from __future__ import annotations

import re

from practice.policy.matching import plain

_DISCLAIMER_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?:views?|opinions?|thoughts?|tweets?|posts?)(?:\s+(?:expressed|shared))?(?:\s+(?:here|are|r|is|=))*
            \s*(?:(?:are\s+)?my\s+own|mine|(?:are\s+)?personal)
      | my\s+(?:own\s+)?(?:views|opinions)
      | not\s+(?:necessarily\s+)?(?:the\s+|those\s+of\s+)?(?:views?\s+|opinions?\s+)?(?:of\s+)?my\s+employer
      | (?:do|does)\s*(?:n't|\s+not)\s+(?:necessarily\s+)?(?:reflect|represent)\s+
            (?:the\s+(?:views?|opinions?)\s+of\s+|those\s+of\s+)?my\s+employer
      | (?:rts?|retweets?|re-tweets?|reposts?|shares?|likes?|follows?|following|favs?)
            (?:\s*(?:/|,|&|\+|and|or)\s*(?:rts?|retweets?|re-tweets?|reposts?|shares?|likes?|follows?|following|favs?))*
            \s*(?:!=|=/=|<>|are\s+not|aren't|is\s+not|isn't|not|never
                  |(?:do|does)\s*(?:n't|\s+not)\s+(?:mean|equal|imply|indicate))
            \s*(?:an?\s+)?endorse(?:ments?|s|d)?
    )
    (?!\w)
    """,
    re.VERBOSE,
)


def has_disclaimer(text: str) -> bool:
    """True when the post says its views are the author's own (or RT ≠ endorsement)."""
    return _DISCLAIMER_RE.search(plain(text)) is not None
