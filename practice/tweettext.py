"""twitter-text 3.1.0 semantics for posts: entities, weighted length, validators.

Pure Python (no Django import), written from ``tests/data/twitter-text/RULES.md``
and checked against the official conformance files by
``tests/practice/test_conformance.py``.

* Entity indices are code points, ``[start, end)``, into the text passed in.
* ``ParseResult`` ranges are inclusive UTF-16 offsets into the text passed in,
  like the official JS ``parseTweet``, because the browser counter uses them to
  highlight the overflow in a ``<textarea>``.
* Nothing here raises on a ``str`` input (NUL, lone surrogates, 100k chars).
  URL extraction is written as a linear scan instead of one big backtracking
  regex: the upstream regex retries every start position of a long run of
  domain characters and goes quadratic on CJK text with no URL in it.

Decisions the official suite is silent on (the client must do the same):

* **CRLF.** Browsers submit ``<textarea>`` line breaks as CRLF, while the JS
  counter sees LF. The app calls :func:`normalize_newlines` before counting
  and before storing, so ``"a\\r\\nb"`` is stored as ``"a\\nb"`` and counts 3.
  :func:`parse_post` itself does not fold CRLF (neither does the official
  code), so one string gives the same numbers on client and server.
* **Bare ``©`` / ``®``** count 1, like official JS (the ``emoji`` package
  calls them emoji). A one-code-point emoji is weighed as its code point: 2
  for 😷, 1 for © and ® (weight-100 range). ``©️`` (with VS16) counts 2.
* **Emoji data** is whatever the pinned ``emoji`` package (2.16.0) knows, so
  newer sequences such as 🧑‍🧑‍🧒 count 2. Official twitter-text 3.1.0 has
  2018-era data and counts that sequence per code point (8): for such emoji
  the JS counter shows a higher count than the server uses, so the server
  never refuses what the counter allowed. ``1⃣`` (keycap, no VS16) counts 2.
* **URL length limit**: a URL is an entity (counting 23) only if its length,
  with the domain punycode-encoded and ``https://`` added when it has no
  protocol, is at most 4096 (RULES 4.4; Java does this). Official JS counts
  the protocol twice, so an http(s) URL of 4089 to 4096 characters counts 23
  here but character by character in the JS counter.
* **Domain characters** are everything except ASCII punctuation, Unicode
  spaces, the invalid characters and directional marks (RULES 4.4). Upstream
  JS forgets ``"`` and backtick in its punctuation list; we do not.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import emoji
import regex
import yaml

__all__ = [
    "CASHTAG",
    "HANDLE_RE",
    "HASHTAG",
    "MENTION",
    "URL",
    "Entity",
    "ParseResult",
    "extract_cashtags",
    "extract_cashtags_with_indices",
    "extract_entities",
    "extract_hashtags",
    "extract_hashtags_with_indices",
    "extract_mentions",
    "extract_mentions_or_lists_with_indices",
    "extract_mentions_with_indices",
    "extract_reply_username",
    "extract_urls",
    "extract_urls_with_indices",
    "is_valid_handle",
    "is_valid_hashtag",
    "is_valid_list",
    "is_valid_tweet",
    "is_valid_url",
    "is_valid_username",
    "normalize_newlines",
    "parse_post",
]

DATA_DIR = Path(__file__).resolve().with_name("twitter_text_data")

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

# --- URLs -----------------------------------------------------------------------
# A "token" is a run of domain characters plus "-" and "_"; labels live inside
# tokens, and a domain is a chain of tokens joined by single dots.
_TOKEN = rf"[^!\"#$%&'()*+,./:;<=>?@\[\\\]^`{{|}}~{_NOT_DOMAIN}]"
_CHAIN_RE = regex.compile(rf"{_TOKEN}+(?:\.{_TOKEN}+)+")
_PROTOCOL_RE = regex.compile(r"[Hh][Tt][Tt][Pp][Ss]?://")
# Characters that may not precede a URL (so no URL inside @user, #tag, $tag).
_URL_BAD_BEFORE_RE = regex.compile(rf"[A-Za-z0-9@＠$#＃{INVALID}]")
# First char of a domain inside a token: not "-"/"_", and a valid preceding char.
_URL_START_RE = regex.compile(rf"(?:^|(?<=[^A-Za-z0-9@＠$#＃{INVALID}]))[^\-_]")
_ASCII_RUN_RE = regex.compile(r"[0-9A-Za-z\-]*")
_TLD_BAD_NEXT_RE = regex.compile(r"[0-9A-Za-z@+\-]")  # a TLD may not be followed by these
_ASCII_LABEL_CLASS = rf"A-Za-z0-9\-{LATIN_ACCENTS}"
_ASCII_LABEL_RE = regex.compile(rf"[{_ASCII_LABEL_CLASS}]+")
_ASCII_LABEL_TAIL_RE = regex.compile(rf"[{_ASCII_LABEL_CLASS}]*\Z")
_ASCII_DOMAIN_RE = regex.compile(rf"[{_ASCII_LABEL_CLASS}.]+")
_PATH_CHAR = rf"[A-Za-z{CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{LATIN_ACCENTS}]"
# Path chars with balanced parens (one nesting level); possessive, so linear.
_PATH_RE = regex.compile(
    rf"/(?:{_PATH_CHAR}++|\((?:{_PATH_CHAR}++|{_PATH_CHAR}*+\({_PATH_CHAR}++\)"
    rf"{_PATH_CHAR}*+)\))*+"
)
_PATH_NOT_ENDING = "!*';:,.$%[]\u2013~@|&"  # path chars a URL may not end with
_QUERY_RE = regex.compile(r"\?[A-Za-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*+")
_QUERY_NOT_ENDING = "!?*'@();:+$%[].,~|"  # query chars a URL may not end with
_PORT_RE = regex.compile(r":[0-9]+")
_TCO_SLUG_RE = regex.compile(r"[A-Za-z0-9]+")
_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG_LENGTH = 40

# --- is_valid_url (RFC 3986 shaped, accepts IRIs) ---------------------------------
_URL_PARTS_RE = regex.compile(r"(?:([^:/?#]+)://)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?", regex.DOTALL)
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\p{L}\p{M}\p{N}]|%[0-9A-Fa-f]{2})"
_V_PATH_RE = regex.compile(rf"(?:/{_PCHAR}*+)*+")
_V_QUERY_RE = regex.compile(rf"(?:{_PCHAR}|[/?])*+")
_V_AUTHORITY_RE = regex.compile(
    r"(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?(\[[^\]]*\]|[^:@\[\]]*)"
    r"(?::[0-9]*)?"
)
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_V_IPV4_RE = regex.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_V_LABEL_CHAR = rf"(?:[A-Za-z0-9]|[^\x00-\x7f{_NOT_DOMAIN}])"
# Labels start and end with a letter/digit; "_" only in subdomains.
_V_SUBDOMAIN_RE = regex.compile(rf"{_V_LABEL_CHAR}(?:(?:{_V_LABEL_CHAR}|[_\-])*{_V_LABEL_CHAR})?")
_V_DOMAIN_RE = regex.compile(rf"{_V_LABEL_CHAR}(?:(?:{_V_LABEL_CHAR}|-)*{_V_LABEL_CHAR})?")
_V_TLD_RE = regex.compile(r"[Xx][Nn]--[A-Za-z0-9\-]+|\p{L}[\p{L}\p{M}]+")


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
def _tlds() -> tuple[frozenset, frozenset, dict, dict]:
    """ASCII gTLD and ccTLD sets, plus the other TLDs grouped by first char.

    Upstream tries the generic list, then the country list, then punycode, as
    one regex alternation followed by "not [0-9A-Za-z@+-]". For an ASCII TLD
    that lookahead means the TLD is the whole [0-9A-Za-z-] run, so a set lookup
    replaces the alternation; the few non-ASCII TLDs keep their file order.
    """
    data = yaml.safe_load((DATA_DIR / "tld_lib.yml").read_text(encoding="utf-8"))
    tables = []
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


# --- Small helpers ---------------------------------------------------------------
def _str(text) -> str:
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


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF (browsers submit CRLF, the JS counter sees LF)."""
    return _str(text).replace("\r\n", "\n").replace("\r", "\n")


def is_valid_handle(text: str) -> bool:
    """Registration rule for a new handle: 1-15 of [A-Za-z0-9_]."""
    return isinstance(text, str) and HANDLE_RE.match(text) is not None


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
    return m.group(1)


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


# --- URLs ----------------------------------------------------------------------------
def _tld_length(label: str, after: str) -> int:
    """Length of the TLD that `label` starts with (0 if none), in upstream's order.

    `label` is the text from the TLD's position up to the next "." or
    non-domain char; `after` is the char after it ("" at the end).
    """
    if not label:
        return 0
    gtld, cctld, g_other, c_other = _tlds()
    run = _ASCII_RUN_RE.match(label).end()
    # The char after an ASCII run is already outside [0-9A-Za-z-].
    ascii_ok = run > 0 and (label[run] if run < len(label) else after) not in ("@", "+")
    cand = label[:run].lower()
    for ascii_set, other in ((gtld, g_other), (cctld, c_other)):
        for tld in other.get(label[0].lower(), ()):
            if label[: len(tld)].lower() == tld:
                nxt = label[len(tld)] if len(tld) < len(label) else after
                if not _TLD_BAD_NEXT_RE.match(nxt):
                    return len(tld)
        if ascii_ok and cand in ascii_set:
            return run
    # Upstream has no lookahead after a punycode TLD, so "@" and "+" may follow.
    if run > 4 and cand.startswith("xn--"):
        return run
    return 0


class _Chain:
    """Tokens (t0 . t1 ... tk) joined by single dots: where domains can be.

    Upstream's domain regex is `subdomain* domainname TLD`, tried greedily: as
    many subdomain labels as possible ("_" allowed inside), then it backs off
    one label at a time until a domain-name label (no "_") is followed by a
    label that starts with a TLD. A domain starting in token j therefore ends
    in the TLD after the *last* good domain-name token q > j reachable through
    valid subdomains (s1[j]), or else, if tj itself is the domain name, in the
    TLD at the start of t(j+1) (s0[j]). Precomputing both per token makes each
    start O(1), where the regex rescans the chain for every start position.
    """

    __slots__ = ("ends", "k", "last_us", "s0", "s1", "starts", "tld")

    def __init__(self, text: str, m, tld_cache: dict) -> None:
        tokens = m.group().split(".")
        k = len(tokens) - 1
        starts, ends, pos = [], [], m.start()
        for token in tokens:
            starts.append(pos)
            pos += len(token)
            ends.append(pos)
            pos += 1
        after = text[ends[k]] if ends[k] < len(text) else ""
        tld = [0] * (k + 1)
        for i in range(1, k + 1):
            key = (tokens[i], "." if i < k else after)
            if key not in tld_cache:  # hostile input repeats the same label a lot
                tld_cache[key] = _tld_length(*key)
            tld[i] = tld_cache[key]
        ends_ok = [t[-1] not in "-_" for t in tokens]
        self.s0 = [ends_ok[j] and tld[j + 1] > 0 for j in range(k)]
        self.last_us = [text.rfind("_", starts[j], ends[j]) if "_" in tokens[j] else -1 for j in range(k)]
        self.s1 = [-1] * k
        if k > 1:  # with one dot there is no subdomain to back off from
            sub_run_end = [k + 1] * (k + 2)  # first index >= i that is not a subdomain
            for i in range(k, 0, -1):
                sub_ok = ends_ok[i] and tokens[i][0] not in "-_"
                sub_run_end[i] = sub_run_end[i + 1] if sub_ok else i
            best, best_upto = -1, []  # best_upto[x]: largest q <= x with ok[q]
            for i in range(k):
                name_ok = ends_ok[i] and tokens[i][0] not in "-_" and "_" not in tokens[i]
                best = i if name_ok and tld[i + 1] else best
                best_upto.append(best)
            for j in range(k - 1):
                hi = min(sub_run_end[j + 1], k - 1)
                q = best_upto[hi] if ends_ok[j] else -1
                self.s1[j] = q if q > j else -1
        self.starts, self.ends, self.k, self.tld = starts, ends, k, tld

    def domain_end(self, j: int, start: int) -> int | None:
        """End of the domain beginning at `start` (in token j), or None."""
        q = self.s1[j]
        if q >= 0:
            return self.starts[q + 1] + self.tld[q + 1]
        if self.s0[j] and self.last_us[j] < start:
            return self.starts[j + 1] + self.tld[j + 1]
        return None

    def first_start(self, text: str, j: int, lo: int) -> int | None:
        """First position >= lo in token j where a domain match begins.

        It must be a domain char after a valid preceding char; with only the
        s0 form it must also come after the token's last "_".
        """
        floor = max(lo, self.starts[j])
        if self.s1[j] < 0:
            if not self.s0[j]:
                return None
            floor = max(floor, self.last_us[j] + 1)
        m = _URL_START_RE.search(text, floor, self.ends[j])
        return m.start() if m else None


def _ascii_domain_length(domain: str) -> int | None:
    """Length of the domain with non-ASCII labels punycode-encoded, or None.

    Each label must be 1-63 characters once encoded; "xn--" labels are already
    punycode and must be ASCII ("xn--はじめよう.com" is not a URL).
    """
    total = -1
    for label in domain.split("."):
        if label.isascii():
            size = len(label)
        elif label[:4].lower() == "xn--" or len(label) > 63:
            return None  # an encoded label is never shorter than its source
        else:
            try:
                size = 4 + len(label.encode("punycode"))
            except (UnicodeError, ValueError):
                return None
        if not 1 <= size <= 63:
            return None
        total += size + 1
    return total


def _ascii_domains(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ASCII/latin-accent domains inside text[start:end] (no protocol).

    Mirrors upstream's `(?:[a-z0-9-À-ɏ…]+\\.)+TLD` run over the domain: from a
    label it takes as many labels as possible and backs off to the rightmost
    TLD. A failure means every later start before that point fails too.
    """
    pieces, pos = [], start
    for piece in text[start:end].split("."):
        pieces.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    k, found, prev, i = len(pieces) - 1, [], start, 0
    while i < k:
        ps, pe = pieces[i]
        run_start = max(_ASCII_LABEL_TAIL_RE.search(text, ps, pe).start(), prev)
        if run_start >= pe:
            i += 1
            continue
        last = i + 1  # pieces i+1..last can hold the TLD
        while last < k and _ASCII_LABEL_RE.fullmatch(text, *pieces[last]):
            last += 1
        for x in range(last, i, -1):
            size = _tld_length(text[slice(*pieces[x])], "." if x < k else "")
            if size:
                prev = pieces[x][0] + size
                found.append((run_start, prev))
                i = x
                break
        else:
            i = last
    return found


def extract_urls_with_indices(text: str, extract_without_protocol: bool = True) -> list[Entity]:
    """URLs as upstream finds them, scanning left to right.

    Upstream is one regex, `(preceding char)(protocol? domain port? path? query?)`,
    with each match checked afterwards. A rejected match still consumes its
    text, and the next URL's preceding char must come after it; we keep both.
    """
    text = _str(text)
    if "." not in text:
        return []
    n = len(text)
    tld_cache: dict = {}
    chains = [_Chain(text, m, tld_cache) for m in _CHAIN_RE.finditer(text)]
    chain_at = {c.starts[0]: c for c in chains}
    tokens = [(c, j) for c in chains for j in range(c.k)]  # tokens followed by "."
    protocols = [(m.start(), m.end()) for m in _PROTOCOL_RE.finditer(text)]
    urls: list[Entity] = []

    def attempt(p: int, d: int, has_protocol: bool, chain: _Chain, j: int) -> int | None:
        """Match at p (domain at d); record URLs; return the consumed end."""
        dom_end = chain.domain_end(j, d)
        if dom_end is None:
            return None
        end = dom_end
        port = _PORT_RE.match(text, end)
        if port:
            end = port.end()
        has_path = end < n and text[end] == "/"
        if has_path:
            region = text[end + 1 : _PATH_RE.match(text, end).end()]
            end += 1 + len(region.rstrip(_PATH_NOT_ENDING))
        if end < n and text[end] == "?":
            query = text[end + 1 : _QUERY_RE.match(text, end).end()].rstrip(_QUERY_NOT_ENDING)
            if query:  # "?" needs at least one char that may end a query
                end += 1 + len(query)
        domain = text[d:dom_end]
        ascii_len = _ascii_domain_length(domain)
        if ascii_len is None:
            return end
        length = _utf16_len(text[p:end]) - _utf16_len(domain) + ascii_len
        if length + (0 if has_protocol else len("https://")) > _MAX_URL_LENGTH:
            return end
        if has_protocol:
            url_end = end
            if domain.lower() == "t.co" and text.startswith("/", dom_end):
                # t.co/slug: the URL stops after the slug (plus an optional query).
                slug = _TCO_SLUG_RE.match(text, dom_end + 1, end)
                if slug:
                    if slug.end() - slug.start() > _MAX_TCO_SLUG_LENGTH:
                        return end
                    url_end = slug.end()
                    if url_end < end and text[url_end] == "?":
                        query_end = _QUERY_RE.match(text, url_end, end).end()
                        query = text[url_end + 1 : query_end].rstrip(_QUERY_NOT_ENDING)
                        if query:
                            url_end += 1 + len(query)
            urls.append(Entity(URL, text[p:url_end], p, url_end))
            return end
        if not extract_without_protocol or (p > 0 and text[p - 1] in "-_./"):
            return end
        # Without a protocol only the ASCII/latin part of the domain is kept
        # ("日本語example.com" gives example.com); the last one gets the path.
        # All labels ASCII/latin: the sweep would keep the whole domain anyway.
        whole = _ASCII_DOMAIN_RE.fullmatch(text, d, dom_end)
        spans = [(d, dom_end)] if whole else _ascii_domains(text, d, dom_end)
        if spans and has_path:
            spans[-1] = (spans[-1][0], end)
        urls.extend(Entity(URL, text[s:e], s, e) for s, e in spans)
        return end

    def try_protocol(p: int, proto_end: int) -> int | None:
        chain = chain_at.get(proto_end)
        if chain is None or text[proto_end] in "-_":
            return None
        return attempt(p, proto_end, True, chain, 0)

    def try_exact(p: int) -> int | None:
        for start, proto_end in protocols:
            if start == p:
                return try_protocol(p, proto_end)
        for chain, j in tokens:
            if chain.starts[j] <= p < chain.ends[j]:
                if chain.first_start(text, j, p) == p:
                    return attempt(p, p, False, chain, j)
                return None
        return None

    lo = 0  # smallest allowed start: the preceding char must follow the last match
    # Upstream tries "text[0] as the preceding char, URL at 1" before "URL at 0".
    if n > 1 and not _URL_BAD_BEFORE_RE.match(text, 0):
        consumed = try_exact(1)
        if consumed is not None:
            lo = consumed + 1
    pi = ti = 0
    while True:
        while pi < len(protocols) and (
            protocols[pi][0] < lo or (protocols[pi][0] > 0 and _URL_BAD_BEFORE_RE.match(text, protocols[pi][0] - 1))
        ):
            pi += 1
        proto_pos = protocols[pi][0] if pi < len(protocols) else n + 1
        token_pos = n + 1
        while ti < len(tokens):
            chain, j = tokens[ti]
            if chain.ends[j] <= lo:
                ti += 1
                continue
            if chain.starts[j] >= proto_pos:
                break
            found = chain.first_start(text, j, lo)
            if found is None:
                ti += 1
                continue
            token_pos = found
            break
        if proto_pos > n and token_pos > n:
            return urls
        if proto_pos < token_pos:
            pi += 1
            consumed = try_protocol(proto_pos, protocols[pi - 1][1])
            if consumed is None:
                continue  # no match at all here: nothing is consumed
        else:
            chain, j = tokens[ti]
            consumed = attempt(token_pos, token_pos, False, chain, j)
        lo = consumed + 1


def extract_urls(text: str) -> list[str]:
    return [e.value for e in extract_urls_with_indices(text)]


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


# --- Weighted length --------------------------------------------------------------------
# A multi-code-point emoji always contains one of these (checked against the
# emoji data). A one-code-point emoji weighs what its code point weighs, so
# runs without any of them need no emoji parsing at all.
_EMOJI_COMPONENT_RE = regex.compile(
    r"[\u200d\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U0001f1e6-\U0001f1ff\U000e0020-\U000e007f]"
)


def _emoji_spans(text: str) -> dict[int, int]:
    """start -> end (code points) of each multi-code-point emoji in `text`.

    emoji.emoji_list() walks every character in Python, so it only gets the
    runs of emoji characters around a component. Digits, "#" and "*" are in a
    run only before VS16 or a keycap mark, or every number would join one.
    """
    chars, n, spans, done = _emoji_chars(), len(text), {}, 0

    def in_run(x: int) -> bool:
        c = text[x]
        if c in "0123456789#*":
            return x + 1 < n and text[x + 1] in ("\ufe0f", "\u20e3")
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
        for match in emoji.emoji_list(text[start:end]):
            # One code point: weighed as itself, which also keeps a bare ©/®
            # (text presentation, weight-100 range) at 1 like official JS.
            if match["match_end"] - match["match_start"] > 1:
                spans[start + match["match_start"]] = start + match["match_end"]
    return spans


def _weight(code_point: int, cfg: _Config) -> int:
    for start, end, weight in cfg.ranges:
        if start <= code_point <= end:
            return weight
    return cfg.default_weight


@functools.cache
def _range_tables(cfg: _Config) -> tuple[tuple[int, dict], ...]:
    """(weight - default, str.translate table deleting the code points of that weight)."""
    tables: dict[int, dict] = {}
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


# --- Validators -----------------------------------------------------------------------
def is_valid_tweet(text: str, config: str = "v3") -> bool:
    """Valid post under `config`; the legacy conformance section uses "v1"."""
    return parse_post(text, config).valid


def is_valid_username(text: str) -> bool:
    """ "@name" (with the @) that extracts as exactly that one mention."""
    text = _str(text)
    return extract_mentions(text) == [text[1:]] if text else False


def is_valid_list(text: str) -> bool:
    """ "@user/slug" and nothing else."""
    return _LIST_RE.fullmatch(_str(text)) is not None


def is_valid_hashtag(text: str) -> bool:
    """ "#tag" (with the #) that extracts as exactly that one hashtag."""
    text = _str(text)
    return extract_hashtags(text) == [text[1:]] if text else False


def _valid_host(host: str) -> bool:
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if _V_IPV4_RE.fullmatch(host):
        return True
    labels = host.split(".")
    return (
        len(labels) >= 2
        and _V_TLD_RE.fullmatch(labels[-1]) is not None
        and _V_DOMAIN_RE.fullmatch(labels[-2]) is not None
        and all(_V_SUBDOMAIN_RE.fullmatch(label) for label in labels[:-2])
        and _ascii_domain_length(host) is not None
    )


def is_valid_url(text: str, require_protocol: bool = True) -> bool:
    """An absolute http(s) URL (RFC 3986 shaped; unicode domains and paths allowed).

    Userinfo, IPv4, [IPv6] and ports are accepted; ftp://, bad IPs, "_" or a
    leading/trailing "-" in the domain label, and whitespace are not.
    """
    text = _str(text)
    parts = _URL_PARTS_RE.fullmatch(text) if text else None
    if parts is None:
        return False
    scheme, authority, path, query, fragment = parts.groups()
    if scheme is None:
        if require_protocol:
            return False
    elif not regex.fullmatch(r"[Hh][Tt][Tt][Pp][Ss]?", scheme):
        return False
    auth = _V_AUTHORITY_RE.fullmatch(authority)
    return (
        auth is not None
        and _valid_host(auth.group(1))
        and _V_PATH_RE.fullmatch(path) is not None
        and (query is None or _V_QUERY_RE.fullmatch(query) is not None)
        and (fragment is None or _V_QUERY_RE.fullmatch(fragment) is not None)
    )
