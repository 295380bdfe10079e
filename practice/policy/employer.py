"""Employer disclosure ("policy.undisclosed_employer"): speaking about the employer requires saying
that the author works there."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from practice.policy.findings import Finding
from practice.policy.matching import fold, plain, unfold, words_pattern
from practice.policy.rewrite import make_finding

_EMPLOYER_PHRASE_RE = re.compile(
    r"(?<!\w)(?:(?:my|our)\s+(?:hospital|workplace|health\s+system|medical\s+cent(?:er|re)|clinic)"
    r"|where\s+i\s+work"
    r"|(?:mi|nuestro)\s+(?:hospital|centro(?:\s+de\s+salud|\s+m[eé]dico)?|lugar\s+de\s+trabajo)"
    r"|(?:mi|nuestra)\s+(?:cl[ií]nica|empresa)"
    r"|donde\s+trabaj(?:o|amos))(?!\w)",
    re.IGNORECASE,
)
# Run on plain() text (lower case, straight apostrophes).
_DISCLOSURE_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        i\s*(?:'m|am)\s+(?:an?|the|one\s+of\s+the)\s+(?!(?:patient|visitor|fan|customer)\b)
            (?:[\w&/\-]+\s+){0,3}?(?:at|for|with|on\s+staff\s+at)
      | (?:works|worked|working)\s+(?:here|at|for)
        # Bare "work" needs its worker: "great work at @MercyGeneral" praises, it discloses nothing.
      | (?:i|we|i've|we've|who|to|and)\s+(?:(?:currently|still|proudly|also|now|have|had|do)\s+){0,2}
            work\s+(?:here|at|for)
      | employ(?:ee|ed)\s+(?:of|by|at)
      | my\s+employer
      | on\s+staff\s+(?:at|with)
      | staff\s+member\s+(?:at|of)
      | (?:full\s+)?disclosure\s*:
      | full\s+disclosure
      | as\s+(?:an?|the|one\s+of\s+the)\s+(?:[\w&/\-]+\s+){0,3}?(?:at|for|here)
      | (?:part|member)\s+of\s+the\s+(?:[\w&/\-]+\s+){0,2}?team\s+(?:at|here)
        # Spanish: "trabajo en @X", "soy enfermera de la UCI de X", "empleada del hospital"
      | trabaj(?:o|amos|[eé])\s+(?:en|para|aqu[ií]|con)
      | soy\s+(?:un[ao]?\s+)?(?!(?:paciente|fan|visitante|cliente|vecin[ao]|usuari[ao]|muy|de|del)\b)
            (?:[\w/\-]+\s+){1,3}?(?:en|de|del|para)
      | emplead[oa]s?\s+(?:de|del|en)
      | mis?\s+empleador(?:a|es)?
    )
    (?!\w)
    | \#(?:employee|iworkhere|proudemployee|proudstaff|empleado|empleada|trabajoaqui|trabajoaquí)(?!\w)
    """,
    re.VERBOSE,
)


def _handle_re(handles: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = sorted({h.strip().lstrip("@") for h in handles if h.strip().lstrip("@")}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile(rf"(?<![\w@])@(?:{'|'.join(map(re.escape, cleaned))})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=64)
def _employer_name_re(names: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = sorted({p for p in map(words_pattern, names) if p}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(rf"(?<![\w@#])(?:{'|'.join(alternatives)})(?!\w)")


def _first_employer_mention(
    text: str, employer_names: Sequence[str], employer_handles: Sequence[str]
) -> tuple[int, int] | None:
    spans: list[tuple[int, int]] = []
    name_re = _employer_name_re(tuple(str(n) for n in employer_names))
    if name_re is not None:
        folded, index = fold(text)
        m = name_re.search(folded)
        if m:
            spans.append(unfold(text, index, *m.span()))
    handle_re = _handle_re(tuple(str(h) for h in employer_handles))
    for pattern in (handle_re, _EMPLOYER_PHRASE_RE):
        m = pattern.search(text) if pattern is not None else None
        if m:
            spans.append(m.span())
    return min(spans) if spans else None


def discloses_employer(
    text: str, *, employer_names: Sequence[str] = (), employer_handles: Sequence[str] = ()
) -> Finding | None:
    """A "policy.undisclosed_employer" finding when the post speaks about the employer without
    saying the author works there; None when it is fine (no mention, or a disclosure)."""
    mention = _first_employer_mention(text, employer_names, employer_handles)
    if mention is None or _DISCLOSURE_RE.search(plain(text)):
        return None
    return make_finding(text, "policy.undisclosed_employer", *mention)
