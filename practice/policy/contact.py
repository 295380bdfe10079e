"""Ways to reach a person: e-mail addresses ("phi.email") and phone numbers ("phi.phone")."""

from __future__ import annotations

import re

import phonenumbers

from practice.policy.dates import DATE_RE
from practice.policy.findings import Span
from practice.policy.matching import LABEL_LOOKBACK

# Bound the candidates phonenumbers parses: each try is a parse, and digit-dense junk makes many.
_PHONE_MAX_TRIES = 1000

# The look-behind stops a match from starting mid-word, which keeps a long run of letters
# without "@" linear instead of quadratic.
_EMAIL_RE = re.compile(
    r"(?<![\w.%+\-@/])[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63})*\.[a-z]{2,24}(?![\w@])",
    re.IGNORECASE,
)


def find_emails(text: str) -> list[Span]:
    return [Span("phi.email", *m.span()) for m in _EMAIL_RE.finditer(text)]


# Labels that make a number a commercial reference rather than a way to reach a person.
_NOT_PHONE_LABEL_RE = re.compile(
    r"(?<!\w)(?:order|p\.?o\.?|purchase\s+order|invoice|inv|ref(?:erence)?|confirmation|conf|tracking"
    r"|ticket|serial|sku|item|model|part|lot|case|claim|transaction|receipt|isbn|batch)"
    r"\s*(?:no\.?|num(?:ber)?\.?|id)?\s*[:\#]?\s*\#?\s*$",
    re.IGNORECASE,
)
_PHONE_CUE_RE = re.compile(
    r"(?<!\w)(?:call|text|txt|phone|ph|tel|cell|mobile|fax|pager|contact|reach|dial|ring|whatsapp|sms)(?!\w)",
    re.IGNORECASE,
)
_PHONE_FORMATTING = frozenset("+-(). /")


def _glued_to_digits(text: str, start: int, end: int) -> bool:
    """True when the match is part of a longer number such as "555-123-4567-88"."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return bool(
        (before and before[-1].isdigit())
        or (len(before) == 2 and before[1] in "-./" and before[0].isdigit())
        or (after and after[0].isdigit())
        or (len(after) == 2 and after[0] in "-./" and after[1].isdigit())
    )


def find_phones(text: str, region: str) -> list[Span]:
    found: list[Span] = []
    try:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region.upper(), leniency=phonenumbers.Leniency.POSSIBLE, max_tries=_PHONE_MAX_TRIES
        )
        for m in matcher:
            start, end, raw = m.start, m.end, m.raw_string
            if _NOT_PHONE_LABEL_RE.search(text, max(0, start - LABEL_LOOKBACK), start):
                continue
            if _glued_to_digits(text, start, end) or DATE_RE.fullmatch(raw):
                continue
            if phonenumbers.number_type(m.number) == phonenumbers.PhoneNumberType.TOLL_FREE:
                continue  # an organisation's info line (1-800...), never a person's number
            formatted = any(c in _PHONE_FORMATTING for c in raw)
            if not (
                formatted
                or phonenumbers.is_valid_number(m.number)
                or _PHONE_CUE_RE.search(text, max(0, start - 25), start)
            ):
                continue
            found.append(Span("phi.phone", start, end))
    except Exception:
        # phonenumbers is third-party code run on arbitrary text; a warning tool must not crash
        # the composer, so keep whatever was found before the failure.
        return found
    return found
