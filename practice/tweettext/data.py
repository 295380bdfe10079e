"""The data the twitter-text rules run on: character classes, entity types, the config and TLD files.

Loaded once, on first use, from ``practice/twitter_text_data`` (see its README for where the files come from).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import emoji
import regex
import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "twitter_text_data"

URL, MENTION, HASHTAG, CASHTAG = "url", "mention", "hashtag", "cashtag"

# Registration rule for *new* handles (Twitter's 1-15). Extraction allows 1-20
# because legacy accounts exist. \A...\Z, not ^...$: "$" accepts a trailing "\n".
HANDLE_RE = re.compile(r"\A[A-Za-z0-9_]{1,15}\Z")

# --- Character classes (bodies for [...], parsed by the `regex` module) ---------
SPACES = r"\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
INVALID = r"\ufffe\ufeff\uffff"
DIRECTIONAL = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
PUNCT = r"!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"
LATIN_ACCENTS = (
    r"\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259"
    r"\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
CYRILLIC = r"\u0400-\u04ff"
_INVALID_CHARS = "\ufffe\ufeff\uffff"
_NOT_DOMAIN = SPACES + INVALID + DIRECTIONAL

# A URL's protocol (also what tells a URL entity with a protocol from one without).
_PROTOCOL_RE = regex.compile(r"[Hh][Tt][Tt][Pp][Ss]?://")


# --- Public data types ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Entity:
    """One extracted entity; ``text[start:end]`` is its full text ("@user/list")."""

    kind: str  # URL, MENTION, HASHTAG or CASHTAG
    value: str  # URL text, screen name, hashtag or cashtag (without @ # $)
    start: int
    end: int
    list_slug: str = ""  # "/slug" for a list mention, else ""

    @property
    def is_list(self) -> bool:
        return bool(self.list_slug)

    @property
    def has_protocol(self) -> bool:
        """For URLs: False for "example.com" (needs "https://" in an href)."""
        return _PROTOCOL_RE.match(self.value) is not None


@dataclass(frozen=True, slots=True)
class ParseResult:
    """parseTweet's result. Ranges are inclusive UTF-16 offsets into the input.

    ``valid_range_end`` is the last code unit that still fits (the browser
    highlights what follows it); ``permillage`` is 1000 at the limit.
    """

    weighted_length: int
    valid: bool
    permillage: int
    valid_range_start: int
    valid_range_end: int
    display_range_start: int
    display_range_end: int


@dataclass(frozen=True, slots=True)
class _Config:
    max_length: int
    scale: int
    default_weight: int
    url_length: int
    emoji_parsing: bool
    ranges: tuple[tuple[int, int, int], ...]


# --- Data files (loaded once, on first use) ------------------------------------------
@functools.cache
def _config(name: str) -> _Config:
    if name not in ("v1", "v2", "v3"):
        raise ValueError(f"unknown twitter-text config {name!r}; use 'v1', 'v2' or 'v3'")
    data = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return _Config(
        max_length=data["maxWeightedTweetLength"],
        scale=data["scale"],
        default_weight=data["defaultWeight"],
        url_length=data["transformedURLLength"],
        emoji_parsing=bool(data.get("emojiParsingEnabled", False)),
        ranges=tuple((r["start"], r["end"], r["weight"]) for r in data["ranges"]),
    )


@functools.cache
def _tlds() -> tuple[frozenset[str], frozenset[str], dict[str, list[str]], dict[str, list[str]]]:
    """ASCII gTLD and ccTLD sets, plus the other TLDs grouped by first char.

    Upstream tries the generic list, then the country list, then punycode, as
    one regex alternation followed by "not [0-9A-Za-z@+-]". For an ASCII TLD
    that lookahead means the TLD is the whole [0-9A-Za-z-] run, so a set lookup
    replaces the alternation; the few non-ASCII TLDs keep their file order.
    """
    data = yaml.safe_load((DATA_DIR / "tld_lib.yml").read_text(encoding="utf-8"))
    tables: list[tuple[frozenset[str], dict[str, list[str]]]] = []
    for key in ("generic", "country"):
        names = [str(t).lower() for t in data[key]]
        by_first: dict[str, list[str]] = {}
        for t in names:
            if not t.isascii():
                by_first.setdefault(t[0], []).append(t)
        tables.append((frozenset(t for t in names if t.isascii()), by_first))
    (gtld, g_other), (cctld, c_other) = tables
    return gtld, cctld, g_other, c_other


@functools.cache
def _emoji_chars() -> frozenset[str]:
    """Every character that occurs in an emoji of the `emoji` package's data."""
    return frozenset().union(*emoji.EMOJI_DATA)


VS16 = "\ufe0f"
# A trie node: the next code point -> its node; the key "" marks the end of an emoji.
EmojiTrie = dict[str, "EmojiTrie"]


@functools.cache
def _emoji_trie() -> EmojiTrie:
    """Every emoji of the `emoji` package's data (any qualification), without its VS16s.

    The matcher treats one VS16 after any code point as part of the emoji, as the official
    counter's emoji parser does: "⭐️" (listed only as "⭐") and "✌️🏻" (listed as "✌🏻") are
    one emoji each, whatever VS16s the sender's keyboard put in.
    """
    root: EmojiTrie = {}
    for key in emoji.EMOJI_DATA:
        node = root
        for char in key.replace(VS16, ""):
            node = node.setdefault(char, {})
        node[""] = {}
    return root


# --- Small helpers ---------------------------------------------------------------
def _str(text: object) -> str:
    return text if isinstance(text, str) else ""


def _utf16_len(text: str) -> int:
    # surrogatepass: lone surrogates are one code unit each, never an error.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _remove_overlaps(entities: list[Entity]) -> list[Entity]:
    """Sort by start; drop any entity overlapping an earlier kept one."""
    kept: list[Entity] = []
    for ent in sorted(entities, key=lambda e: e.start):
        if not kept or kept[-1].end <= ent.start:
            kept.append(ent)
    return kept
