"""Text helpers every detector shares: case and accent folding with a map back to the original
offsets, and "is a context word within reach of this span?"."""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

# How far (in characters) before a value its label may stand ("DOB: ...", "order #...").
LABEL_LOOKBACK = 40

# Typographic variants that should compare equal to their ASCII forms. "≠" must become "!="
# before accents are stripped: NFKD would split it into "=" + a combining mark and then
# "RT ≠ endorsement" would read "RT = endorsement".
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2260": "!=",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def plain(text: str) -> str:
    """Casefold with apostrophes, quotes and "≠" unified; for yes/no phrase checks only."""
    return text.replace("=\u0338", "\u2260").translate(_PLAIN).casefold()


@lru_cache(maxsize=8)
def fold(text: str) -> tuple[str, list[int] | None]:
    """Fold case, accents and apostrophes, keeping a map back to the original offsets.

    Returns the folded text and, for each folded character, the index of the original
    character it came from (None when folding kept every offset, the usual ASCII case).
    """
    if text.isascii():
        return text.lower(), None
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            folded = ch.lower()
        else:
            decomposed = unicodedata.normalize("NFKD", ch.translate(_PLAIN))
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        parts.append(folded)
        index.extend([i] * len(folded))
    return "".join(parts), index


def unfold(text: str, index: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a folded [start, end) back to the original text."""
    if index is None:
        return start, end
    orig_start, orig_end = index[start], index[end - 1] + 1
    # A decomposed accent ("e" + U+0301) folds to nothing: keep it inside the span.
    while orig_end < len(text) and unicodedata.combining(text[orig_end]):
        orig_end += 1
    return orig_start, orig_end


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (long word lists read better so)."""
    return frozenset(words.split())


def words_pattern(phrase: str) -> str:
    """A folded phrase as a regex: its words escaped, any whitespace between them."""
    return r"\s+".join(re.escape(word) for word in fold(phrase)[0].split())


class Nearby:
    """Where a context pattern matches in the text, to ask "is one within reach of this span?"

    One pass over the text instead of one search per candidate keeps dense texts fast.
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        spans = [m.span() for m in pattern.finditer(text)]
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]  # matches never overlap, so ends are sorted too

    def within(self, start: int, end: int, reach: int) -> bool:
        i = bisect.bisect_right(self._ends, start - reach)
        return i < len(self._starts) and self._starts[i] < end + reach
