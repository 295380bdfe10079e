"""Patient names from the scenario's synthetic patient list ("phi.patient_name")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from practice.policy.findings import Span
from practice.policy.matching import fold, unfold

# No patient list: the name rule finds nothing. A training scenario passes its own synthetic
# patients (never real ones) so that naming one of them in a post is caught.
NO_PATIENT_NAMES: tuple[str, ...] = ()

_TITLES = r"(?:mr|mrs|ms|miss|mx|mister|master|madam|mme|sr|sra|srta|senor|senora|baby)"


@lru_cache(maxsize=64)
def _patient_name_re(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all names, run on folded text: full names, or a title + surname."""
    full_names: set[str] = set()
    surnames: set[str] = set()
    for name in names:
        words = fold(name)[0].split()
        if not words:
            continue
        full_names.add(r"\s+".join(map(re.escape, words)))
        if len(words) > 1:
            # "Mr. Smith" for John Smith; "Mr. van der Berg" and "Mr. Berg" for Jan van der Berg.
            surnames.add(re.escape(words[-1]))
            surnames.add(r"\s+".join(map(re.escape, words[1:])))
    if not full_names:
        return None
    # Longest first, so "John Smith" wins over "John" when both are listed.
    alternatives = [rf"{_TITLES}\.?\s+(?:{'|'.join(sorted(surnames, key=len, reverse=True))})"] if surnames else []
    alternatives.append("|".join(sorted(full_names, key=len, reverse=True)))
    return re.compile(rf"(?<![\w@#])(?:{'|'.join(alternatives)})(?!\w)")


def find_patient_names(text: str, names: Sequence[str]) -> list[Span]:
    pattern = _patient_name_re(tuple(str(n) for n in names))
    if pattern is None:
        return []
    folded, index = fold(text)
    found: list[Span] = []
    for m in pattern.finditer(folded):
        start, end = unfold(text, index, *m.span())
        found.append(Span("phi.patient_name", start, end))
    return found
