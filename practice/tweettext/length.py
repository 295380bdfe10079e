"""Weighted length: parseTweet's count, with URLs at a fixed weight and emoji sequences as one."""

from __future__ import annotations

import functools
import math
import unicodedata

import regex

from practice.tweettext.data import (
    _INVALID_CHARS,
    VS16,
    EmojiTrie,
    ParseResult,
    _Config,
    _config,
    _emoji_chars,
    _emoji_trie,
    _str,
    _utf16_len,
)
from practice.tweettext.urls import extract_urls_with_indices


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF (browsers submit CRLF, the JS counter sees LF)."""
    return _str(text).replace("\r\n", "\n").replace("\r", "\n")


# --- Weighted length --------------------------------------------------------------------
# A multi-code-point emoji always contains one of these (checked against the
# emoji data by the tests). A one-code-point emoji weighs what its code point
# weighs, so runs without any of them need no emoji parsing at all.
_EMOJI_COMPONENT_RE = regex.compile(
    r"[\u200d\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U0001f1e6-\U0001f1ff\U000e0020-\U000e007f]"
)


def _emoji_end(text: str, start: int, end: int, trie: EmojiTrie) -> int:
    """End of the longest emoji at text[start:end] (``start`` when there is none).

    One VS16 after any code point belongs to the emoji: the official parser reads "⭐️",
    "✌️🏻" and "❤️" each as one emoji. A second VS16, or a ZWJ that joins nothing
    ("❤️" + ZWJ), is left out and weighed as a code point, as the official counter does.
    The walk is as deep as the longest emoji, so a whole run stays linear.
    """
    node, i, best = trie, start, start
    while i < end and (child := node.get(text[i])) is not None:
        node, i = child, i + 1
        if i < end and text[i] == VS16:
            i += 1
        if "" in node:
            best = i
    return best


def _emoji_spans(text: str) -> dict[int, int]:
    """start -> end (code points) of each multi-code-point emoji in `text`.

    Only the runs of emoji characters around a component are parsed. Digits,
    "#" and "*" are in a run only before VS16 or a keycap mark, or every
    number would join one.
    """
    chars, trie, n, spans, done = _emoji_chars(), _emoji_trie(), len(text), {}, 0

    def in_run(x: int) -> bool:
        c = text[x]
        if c in "0123456789#*":
            return x + 1 < n and text[x + 1] in (VS16, "\u20e3")
        return c in chars

    for component in _EMOJI_COMPONENT_RE.finditer(text):
        start = end = component.start()
        if start < done or not in_run(start):
            continue
        while start > done and in_run(start - 1):
            start -= 1
        while end < n and in_run(end):
            end += 1
        done = end
        i = start
        while i < end:
            stop = _emoji_end(text, i, end, trie)
            # One code point: weighed as itself, which also keeps a bare ©/®
            # (text presentation, weight-100 range) at 1 like official JS.
            if stop - i > 1:
                spans[i] = stop
            i = max(stop, i + 1)
    return spans


def _weight(code_point: int, cfg: _Config) -> int:
    for start, end, weight in cfg.ranges:
        if start <= code_point <= end:
            return weight
    return cfg.default_weight


@functools.cache
def _range_tables(cfg: _Config) -> tuple[tuple[int, dict[int, None]], ...]:
    """(weight - default, str.translate table deleting the code points of that weight)."""
    tables: dict[int, dict[int, None]] = {}
    for start, end, weight in cfg.ranges:
        tables.setdefault(weight - cfg.default_weight, {}).update(dict.fromkeys(range(start, end + 1)))
    return tuple(tables.items())


def _plain_weight(text: str, start: int, end: int, cfg: _Config) -> int:
    """Weight of text[start:end] counted code point by code point."""
    if start >= end:
        return 0
    segment = text[start:end]
    total = cfg.default_weight * len(segment)
    for extra, table in _range_tables(cfg):
        # Deleting the code points counts them in C. Upstream takes the first
        # range that matches; the shipped ranges do not overlap.
        total += extra * (len(segment) - len(segment.translate(table)))
    return total


def parse_post(text: str, config: str = "v3") -> ParseResult:
    """Weighted length and validity of a post, as twitter-text's parseTweet.

    Call normalize_newlines() on user input first (see the module docstring).
    """
    cfg = _config(config)
    text = _str(text)
    norm = unicodedata.normalize("NFC", text)
    # start -> (end, weight); a URL wins over an emoji starting at the same place.
    entities = {}
    if cfg.emoji_parsing:
        entities = {s: (e, cfg.default_weight) for s, e in _emoji_spans(norm).items()}
    for url in extract_urls_with_indices(norm):
        entities[url.start] = (url.end, cfg.url_length * cfg.scale)

    # Walk element by element (an entity or one code point) while the end of
    # the valid range can still move: at most max_length elements.
    limit = cfg.max_length * cfg.scale
    running, valid, valid_end, unit, i, n = 0, True, 0, 0, 0, len(norm)
    while i < n and valid and running <= limit:
        end, weight = entities.get(i) or (i + 1, _weight(ord(norm[i]), cfg))
        element = norm[i:end]
        size = _utf16_len(element)
        running += weight
        valid = not any(c in _INVALID_CHARS for c in element)
        if valid and running <= limit:
            valid_end = unit + size - 1
        unit += size
        i = end
    # The rest only adds weight: entities plus whole plain segments at once.
    for start in sorted(s for s in entities if s >= i):
        if start >= i:  # an entity inside an earlier one is not reached
            end, weight = entities[start]
            running += _plain_weight(norm, i, start, cfg) + weight
            i = end
    running += _plain_weight(norm, i, n, cfg)

    weighted_length = running // cfg.scale
    text_units = _utf16_len(text)
    return ParseResult(
        weighted_length=weighted_length,
        valid=valid and 0 < weighted_length <= cfg.max_length,
        # Float maths on purpose: the JS counter computes it this way.
        permillage=math.floor(weighted_length / cfg.max_length * 1000),
        valid_range_start=0,
        valid_range_end=valid_end + (text_units - _utf16_len(norm)),
        display_range_start=0,
        display_range_end=max(text_units - 1, 0),
    )
