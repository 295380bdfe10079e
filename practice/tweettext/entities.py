"""Mentions (and lists), replies, hashtags and cashtags, and all entities of a post together."""

from __future__ import annotations

import regex

from practice.tweettext.data import (
    CASHTAG,
    HASHTAG,
    LATIN_ACCENTS,
    MENTION,
    PUNCT,
    SPACES,
    Entity,
    _remove_overlaps,
    _str,
)
from practice.tweettext.urls import extract_urls_with_indices

# --- Mentions, replies, hashtags, cashtags ---------------------------------------
_MENTION_RE = regex.compile(
    # Preceding: start, a char that cannot end a word/e-mail, or "RT"/"RT:".
    r"(?:^|[^A-Za-z0-9_!#$%&*@＠]|(?:^|[^A-Za-z0-9_+~.\-])[Rr][Tt]:?)"
    r"([@＠])([A-Za-z0-9_]{1,20})(/[A-Za-z][A-Za-z0-9_\-]{0,24})?"
)
# A match followed by these is dropped (e-mail, "@aliceìnheiro", "@http://").
_MENTION_END_RE = regex.compile(rf"[@＠{LATIN_ACCENTS}]|://")
_REPLY_RE = regex.compile(rf"[{SPACES}]*[@＠]([A-Za-z0-9_]{{1,20}})")
_LIST_RE = regex.compile(r"[@＠][A-Za-z0-9_]{1,20}/[A-Za-z][A-Za-z0-9_\-]{0,24}")

_HT_ALPHA = r"\p{L}\p{M}"
_HT_ALNUM = (
    _HT_ALPHA + r"\p{Nd}_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b"
    r"\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"
)
_HASHTAG_RE = regex.compile(
    # Boundary: start, a variation selector (they are marks, so "alnum"), or any
    # code point that is neither alnum nor "&" (so "&#39;" is not a hashtag).
    rf"(?:^|[\ufe0e\ufe0f]|[^{_HT_ALNUM}&])([#＃])(?![\ufe0f\u20e3])"
    rf"([{_HT_ALNUM}]*[{_HT_ALPHA}][{_HT_ALNUM}]*)"
)
_HASHTAG_END_RE = regex.compile(r"[#＃]|://")
# [A-Za-z] spelled out: IGNORECASE would let "İ", "ſ" and the Kelvin sign in.
_CASHTAG_RE = regex.compile(
    rf"(?:^|[{SPACES}])(\$)([A-Za-z]{{1,6}}(?:[._][A-Za-z]{{1,2}})?)"
    rf"(?=\Z|[{SPACES}{PUNCT}])"
)


# --- Mentions and replies ----------------------------------------------------------
def extract_mentions_or_lists_with_indices(text: str) -> list[Entity]:
    text = _str(text)
    if "@" not in text and "＠" not in text:
        return []
    found = []
    for m in _MENTION_RE.finditer(text):
        # finditer consumes a rejected match too, as upstream does.
        if _MENTION_END_RE.match(text, m.end()):
            continue
        found.append(Entity(MENTION, m.group(2), m.start(1), m.end(), m.group(3) or ""))
    return found


def extract_mentions_with_indices(text: str) -> list[Entity]:
    return [e for e in extract_mentions_or_lists_with_indices(text) if not e.list_slug]


def extract_mentions(text: str) -> list[str]:
    return [e.value for e in extract_mentions_with_indices(text)]


def extract_reply_username(text: str) -> str | None:
    text = _str(text)
    m = _REPLY_RE.match(text)
    if m is None or _MENTION_END_RE.match(text, m.end()):
        return None
    handle: str = m.group(1)
    return handle


# --- Hashtags and cashtags ------------------------------------------------------------
def extract_hashtags_with_indices(text: str, check_url_overlap: bool = True) -> list[Entity]:
    text = _str(text)
    if "#" not in text and "＃" not in text:
        return []
    tags = [
        Entity(HASHTAG, m.group(2), m.start(1), m.end())
        for m in _HASHTAG_RE.finditer(text)
        if not _HASHTAG_END_RE.match(text, m.end())
    ]
    if check_url_overlap and tags:
        urls = extract_urls_with_indices(text)
        if urls:
            tags = [e for e in _remove_overlaps(tags + urls) if e.kind == HASHTAG]
    return tags


def extract_hashtags(text: str) -> list[str]:
    return [e.value for e in extract_hashtags_with_indices(text)]


def extract_cashtags_with_indices(text: str) -> list[Entity]:
    text = _str(text)
    if "$" not in text:
        return []
    return [Entity(CASHTAG, m.group(2), m.start(1), m.end()) for m in _CASHTAG_RE.finditer(text)]


def extract_cashtags(text: str) -> list[str]:
    return [e.value for e in extract_cashtags_with_indices(text)]


def extract_entities(text: str) -> list[Entity]:
    """URLs, mentions/lists, hashtags and cashtags, sorted, without overlaps.

    What the post renderer splits the text on; an earlier start wins an overlap
    (so a hashtag or @mention inside a URL is part of the URL).
    """
    text = _str(text)
    return _remove_overlaps(
        extract_urls_with_indices(text)
        + extract_mentions_or_lists_with_indices(text)
        + extract_hashtags_with_indices(text, check_url_overlap=False)
        + extract_cashtags_with_indices(text)
    )
