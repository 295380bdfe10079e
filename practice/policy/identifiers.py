"""Numbers and places that point at a patient: record and account numbers ("phi.mrn"),
Social Security numbers ("phi.ssn"), street addresses ("phi.address") and rooms or beds ("phi.room")."""

from __future__ import annotations

import re

from practice.policy.findings import Span
from practice.policy.matching import Nearby

# Strong labels may stand right before the number ("MRN 00123456", "acct #44321"); weak ones are
# common words and need "#", "number", "no." or "ID" ("account #12345", not "account 2024").
_RECORD_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?:mrn|mr\#|med(?:ical)?\s+rec(?:ord)?s?|acct|a/c|patient\s+id|pt\s+id|member\s+id|insurance\s+id|hicn|mbi)
        (?:\s*(?:number|num|no\.?|id|\#))?
      | (?:account|chart|encounter|fin|visit|member|insurance|claim)
        \s*(?:number|num|no\.?|id|\#)
    )
    \s*[:\#]?\s*\#?\s*
    (?P<id>[a-z0-9][a-z0-9\-]{3,19})
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MIN_RECORD_DIGITS = 4

_SSN_RE = re.compile(
    r"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])"
    r"|(?<!\w)(?:ssn|social\s+security(?:\s+(?:number|no\.?|\#))?)\s*[:\#]?\s*\d{9}(?!\d)",
    re.IGNORECASE,
)

_STREET_SUFFIX = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|way|court|ct|place|pl|terrace|ter"
    r"|parkway|pkwy|highway|hwy|circle|cir|square|sq"
    # "Dr" only when no name follows: "12 Oak Dr" is a street, "our 3 amazing Dr. Smith" is not.
    r"|drive|dr(?!\.\s*[A-Z][a-z]))"
)
_ADDRESS_RE = re.compile(
    rf"""
    (?<![\w\#/.\-$])\d{{1,6}}[A-Za-z]?                      # house number: 1216, 12B
    \s+(?:(?:[A-Z][\w'\-]*|\d{{1,3}}(?i:st|nd|rd|th))\s+){{1,4}}?  # street words: "Second", "42nd"
    {_STREET_SUFFIX}\.?
    (?:\s+(?:[NS][EW]|[NSEW])\b\.?)?                         # quadrant: SW
    (?:,?\s+(?i:apt|apartment|suite|ste|unit|\#)\.?\s*\#?\s*\w{{1,6}})?
    (?!\w)
    | (?<!\w)(?i:p\.?\s?o\.?\s+box)\s+\d{{1,6}}(?!\w)
    """,
    re.VERBOSE,
)

# A number is required: "plenty of room" and "bed rest" are not rooms.
_ROOM_RE = re.compile(
    r"(?<!\w)(?:room|rm\.?|bed|bay|cubicle|isolette|crib)\s*(?:no\.?|number|\#)?\s*\#?\s*[a-z]?\d{1,4}[a-z]?(?![\w%])",
    re.IGNORECASE,
)


# "Presenting in Room 204B" is a meeting room, not a patient's.
_MEETING_RE = re.compile(
    r"(?<!\w)(?:conference|meeting|class|lecture|seminar|session|talk|present(?:s|ing|ation)?|training|workshop"
    r"|poster|webinar|huddle|in-?service|auditorium|board\s+room)(?!\w)",
    re.IGNORECASE,
)
_MEETING_CONTEXT = 40


def find_rooms(text: str) -> list[Span]:
    found: list[Span] = []
    meetings: Nearby | None = None
    for m in _ROOM_RE.finditer(text):
        meetings = meetings or Nearby(_MEETING_RE, text)
        if not meetings.within(*m.span(), _MEETING_CONTEXT):
            found.append(Span("phi.room", *m.span()))
    return found


def find_records(text: str) -> list[Span]:
    found: list[Span] = []
    for m in _RECORD_RE.finditer(text):
        if sum(c.isdigit() for c in m["id"]) >= _MIN_RECORD_DIGITS:
            found.append(Span("phi.mrn", *m.span()))
    return found


def find_ssns(text: str) -> list[Span]:
    return [Span("phi.ssn", *m.span()) for m in _SSN_RE.finditer(text)]


def find_addresses(text: str) -> list[Span]:
    return [Span("phi.address", *m.span()) for m in _ADDRESS_RE.finditer(text)]
