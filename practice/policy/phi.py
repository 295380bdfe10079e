"""All PHI findings in a post, with links, hashtags and mentions left alone and overlaps resolved.

With no patient list, names come from ``people`` (honorific, care words, a bed or unit tie), ages
over 89 from ``ages``, towns and unnumbered streets from ``places``; the cue words are English or
Spanish (``cues``), picked by ``language.language_of``: the caller's language, else the post's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from practice.policy.ages import find_ages
from practice.policy.contact import find_emails, find_phones
from practice.policy.dates import find_dates
from practice.policy.findings import MAX_FINDINGS, Finding, PhiRule, Rule, Span
from practice.policy.identifiers import find_addresses, find_records, find_rooms, find_ssns
from practice.policy.indirect import find_indirect
from practice.policy.language import Language, language_of
from practice.policy.names import NO_PATIENT_NAMES, find_patient_names
from practice.policy.people import find_people
from practice.policy.places import find_places
from practice.policy.rewrite import make_finding

# Overlap ties (same length) go to the more specific rule: lower is more specific.
_MOST_SPECIFIC_FIRST: tuple[PhiRule, ...] = (
    "phi.patient_name",
    "phi.mrn",
    "phi.ssn",
    "phi.dob",
    "phi.age",
    "phi.date",
    "phi.email",
    "phi.address",
    "phi.phone",
    "phi.room",
    "phi.indirect",
)
_SPECIFICITY: dict[Rule, int] = {rule: rank for rank, rule in enumerate(_MOST_SPECIFIC_FIRST)}


# --- links, hashtags and mentions ---------------------------------------------------------

# A link is a link: nothing inside one is flagged. Bare domains count only with a path.
_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![\w@.\-])[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,24}/[^\s<>\"']*",
    re.IGNORECASE,
)
# A hashtag or mention has at least one letter ("#44321" after "acct" is a number, not a tag).
_TAG_RE = re.compile(r"(?<![\w&])[#@](?=\d*[^\W\d])\w+")


def _shielded_spans(text: str) -> list[tuple[int, int]]:
    """Links, hashtags and mentions, merged into sorted, non-overlapping intervals."""
    spans = sorted([m.span() for m in _URL_RE.finditer(text)] + [m.span() for m in _TAG_RE.finditer(text)])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _starts_inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, position) - 1
    return i >= 0 and position < spans[i][1]


# --- putting PHI findings together --------------------------------------------------------


def _resolve_overlaps(candidates: Iterable[Span]) -> list[Span]:
    """Keep non-overlapping spans: longest first, then most specific."""
    ordered = sorted(candidates, key=lambda c: (-(c[2] - c[1]), _SPECIFICITY[c[0]], c[1]))
    kept_starts: list[int] = []
    kept: list[Span] = []
    for cand in ordered:
        _, start, end = cand
        i = bisect.bisect_left(kept_starts, start)
        # Kept spans never overlap each other, so only the neighbours can overlap this one.
        if i > 0 and kept[i - 1][2] > start:
            continue
        if i < len(kept) and kept[i][1] < end:
            continue
        kept_starts.insert(i, start)
        kept.insert(i, cand)
    return kept


# Phone numbers in a Spanish post are read as Mexican and Spanish numbers too ("55 1234 5678").
_EXTRA_PHONE_REGIONS: dict[Language, tuple[str, ...]] = {"en": (), "es": ("MX", "ES")}


def _phones(text: str, region: str, language: Language) -> list[Span]:
    spans: dict[tuple[int, int], Span] = {}
    for each in (region, *_EXTRA_PHONE_REGIONS[language]):
        for span in find_phones(text, each):
            spans.setdefault((span.start, span.end), span)
    return list(spans.values())


def find_phi(
    text: str,
    *,
    patient_names: Sequence[str] = NO_PATIENT_NAMES,
    region: str = "US",
    language: str | None = None,
) -> list[Finding]:
    """PHI findings sorted by start, never overlapping (at most MAX_FINDINGS of them).

    ``language`` ("en", "es", "es-MX"...) picks the cue words; None detects it from the text.
    """
    lang = language_of(text, language)
    names = find_patient_names(text, patient_names)
    people = find_people(text, lang)
    candidates: list[Span] = [
        *names,
        *people,
        *find_records(text),
        *find_ssns(text),
        *find_dates(text, name_found=bool(names or people)),
        *find_ages(text, lang),
        *find_emails(text),
        *find_addresses(text),
        *find_places(text, lang),
        *_phones(text, region, lang),
        *find_rooms(text, lang),
        *find_indirect(text, lang),
    ]
    shielded = _shielded_spans(text)
    if shielded:
        starts = [s for s, _ in shielded]
        candidates = [c for c in candidates if not _starts_inside(c[1], shielded, starts)]
    kept = _resolve_overlaps(candidates)[:MAX_FINDINGS]
    return [make_finding(text, rule, start, end) for rule, start, end in kept]
