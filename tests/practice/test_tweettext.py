"""Our own cases for practice.tweettext: product decisions, rules, hostile input.

The official suite runs in test_conformance.py; these cover what it is silent
on (CRLF, bare ©, emoji data, handle registration) and robustness.
"""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice import tweettext as tt


def length(text: str, config: str = "v3") -> int:
    return tt.parse_post(text, config).weighted_length


# --- Decisions: CRLF, ©/®, emoji data ----------------------------------------------
def test_crlf_and_lone_cr_become_lf():
    assert tt.normalize_newlines("a\r\nb\rc\n\r\nd") == "a\nb\nc\n\nd"


def test_crlf_counts_one_after_normalisation():
    assert length(tt.normalize_newlines("a\r\nb")) == 3
    # parse_post itself does not fold CRLF, like official twitter-text.
    assert length("a\r\nb") == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("©", 1),  # bare: text presentation, counts like official JS
        ("®", 1),
        ("©\ufe0f", 2),  # with VS16 it is an emoji
        ("®\ufe0f", 2),
        ("1\u20e3", 2),  # keycap without VS16
        ("#\ufe0f\u20e3", 2),
        ("\ufe0f", 2),  # a stray VS16 weighs 200 everywhere
        ("🧑\u200d🧑\u200d🧒", 2),  # Emoji 15.1: one emoji with our emoji data (official 3.1.0: 8)
    ],
)
def test_emoji_decisions(text, expected):
    assert length(text) == expected


# Worked values from RULES.md section 4.2 (official JS 3.1.0, v3).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("é", 1),
        ("e\u0301", 1),
        ("☺", 2),
        ("❤️", 2),
        ("🇯🇵", 2),
        ("👍🏽", 2),
        ("👨\u200d👩\u200d👧\u200d👦", 2),
        ("日本語", 6),
        ("한국어", 6),
        ("Ђ", 1),
        ("ა", 1),
        ("http://example.com/" + "a" * 300, 23),
        ("A\ufb2c", 4),  # NFC makes it longer
    ],
)
def test_worked_values(text, expected):
    assert length(text) == expected


def test_family_emoji_without_emoji_parsing_counts_each_code_point():
    assert length("👨\u200d👩\u200d👧\u200d👦", "v2") == 11


# --- Limits ------------------------------------------------------------------------------
def test_280_x_is_valid_and_281_is_not():
    assert tt.parse_post("x" * 280).valid
    over = tt.parse_post("x" * 281)
    assert not over.valid
    assert over.weighted_length == 281
    assert over.valid_range_end == 279


def test_cjk_counts_double():
    assert tt.parse_post("あ" * 140) == tt.ParseResult(280, True, 1000, 0, 139, 0, 139)
    assert not tt.parse_post("あ" * 141).valid
    assert length("あ" * 141) == 282


def test_empty_is_invalid_and_whitespace_only_is_valid():
    empty = tt.parse_post("")
    assert (empty.weighted_length, empty.valid, empty.display_range_end) == (0, False, 0)
    assert tt.parse_post(" ").valid
    assert length(" ") == 1


def test_invalid_characters_make_the_post_invalid():
    result = tt.parse_post("\ufeffhi")
    assert (result.weighted_length, result.valid) == (4, False)


def test_a_url_at_the_4096_limit_counts_23():
    url = "https://example.com/" + "a" * (4096 - len("https://example.com/"))
    assert len(url) == 4096
    assert tt.extract_urls(f"see {url}") == [url]
    assert length(f"see {url}") == 4 + 23
    assert tt.parse_post(url).valid


def test_a_url_over_4096_is_counted_character_by_character():
    # RULES 4.4: the whole URL, protocol included, may be 4096 long at most.
    url = "https://example.com/" + "a" * (4097 - len("https://example.com/"))
    assert tt.extract_urls(url) == []
    assert length(url) == 4097


def test_url_without_protocol_counts_23_even_when_shorter():
    assert tt.extract_urls("see example.com foo.bar") == ["example.com", "foo.bar"]
    assert length("example.com") == 23
    assert length("foo.bar") == 23


def test_is_valid_tweet_defaults_to_the_current_config():
    assert tt.is_valid_tweet("x" * 200)
    assert not tt.is_valid_tweet("x" * 200, config="v1")


def test_unknown_config_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown twitter-text config"):
        tt.parse_post("hi", config="v4")


# --- Handles -------------------------------------------------------------------------------
@pytest.mark.parametrize("handle", ["erin", "Erin_99", "_", "a" * 15, "123"])
def test_valid_handles(handle):
    assert tt.is_valid_handle(handle)
    assert tt.HANDLE_RE.match(handle)


@pytest.mark.parametrize(
    "handle",
    ["", "a" * 16, "bad-handle", "erin\n", "@erin", "erin ", "ｅｒｉｎ", "İnci", "ſam", "\u212aate", None],
)
def test_invalid_handles(handle):
    assert not tt.is_valid_handle(handle)


def test_extraction_allows_legacy_20_character_handles():
    assert tt.extract_mentions("@" + "a" * 20) == ["a" * 20]
    assert tt.extract_mentions("@" + "a" * 25) == ["a" * 20]


# --- Entities ----------------------------------------------------------------------------------
def test_an_email_address_is_not_a_mention():
    text = "mail erin@example.com please"
    assert tt.extract_mentions(text) == []
    assert tt.extract_entities(text) == []


def test_a_hashtag_inside_a_url_is_not_a_hashtag():
    text = "see http://example.com/#tag and example.org/#other"
    assert tt.extract_hashtags(text) == []
    assert [(e.kind, e.value) for e in tt.extract_entities(text)] == [
        (tt.URL, "http://example.com/#tag"),
        (tt.URL, "example.org/#other"),
    ]


def test_a_mention_inside_a_url_belongs_to_the_url():
    entities = tt.extract_entities("See: http://example.com/?@user=@user")
    assert [(e.kind, e.value) for e in entities] == [(tt.URL, "http://example.com/?@user=@user")]


def test_entities_cover_their_full_text():
    text = "RT @erin/list-1: #Tag ＃タグ $ABC.X example.com/x http://t.co/abc's ＠cal"
    found = [(e.kind, text[e.start : e.end], e.value, e.list_slug) for e in tt.extract_entities(text)]
    assert found == [
        (tt.MENTION, "@erin/list-1", "erin", "/list-1"),
        (tt.HASHTAG, "#Tag", "Tag", ""),
        (tt.HASHTAG, "＃タグ", "タグ", ""),
        (tt.CASHTAG, "$ABC.X", "ABC.X", ""),
        (tt.URL, "example.com/x", "example.com/x", ""),
        (tt.URL, "http://t.co/abc", "http://t.co/abc", ""),
        (tt.MENTION, "＠cal", "cal", ""),
    ]
    urls = [e for e in tt.extract_entities(text) if e.kind == tt.URL]
    assert [e.has_protocol for e in urls] == [False, True]
    assert [e.is_list for e in tt.extract_mentions_or_lists_with_indices(text)] == [True, False]


def test_tco_urls_stop_after_the_slug_but_only_right_after_the_domain():
    assert tt.extract_urls("http://t.co/abc's http://t.co/abc/def") == ["http://t.co/abc", "http://t.co/abc"]
    # With a port it is not a t.co slug URL: the whole path stays.
    assert tt.extract_urls("http://t.co:8080/abc/def") == ["http://t.co:8080/abc/def"]


def test_reply_username():
    assert tt.extract_reply_username("  @erin hi") == "erin"
    assert tt.extract_reply_username(".@erin hi") is None


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("https://example.com/path?q=1#top", True),
        ("http://☃.net/", True),
        ("ftp://example.com/", False),
        ("javascript:alert(1)", False),
        ("http://exa mple.com/", False),
        ("http://example.com/\n", False),
        ("example.com", False),
    ],
)
def test_is_valid_url(text, valid):
    assert tt.is_valid_url(text) is valid


# --- Robustness ------------------------------------------------------------------------------
PUBLIC_TEXT_FUNCTIONS = [
    tt.parse_post,
    lambda t: tt.parse_post(t, "v1"),
    lambda t: tt.parse_post(t, "v2"),
    tt.extract_entities,
    tt.extract_mentions,
    tt.extract_mentions_or_lists_with_indices,
    tt.extract_hashtags,
    tt.extract_cashtags,
    tt.extract_urls,
    tt.extract_reply_username,
    tt.is_valid_tweet,
    tt.is_valid_username,
    tt.is_valid_list,
    tt.is_valid_hashtag,
    tt.is_valid_url,
    lambda t: tt.is_valid_url(t, require_protocol=False),
    tt.is_valid_handle,
    tt.normalize_newlines,
]

HOSTILE = {
    "nul": "\x00",
    "lone_high_surrogate": "\ud800",
    "lone_low_surrogate": "a\udfffb.com",
    "surrogate_pair_halves": "@\ud83d\ude00 #\ud800x http://\ud800.com",
    "controls": "".join(map(chr, range(32))) + "\x7f\x85",
    "invalid_chars": "\ufffe\ufeff\uffff#tag @user",
    "bidi": "\u202e@user\u202c http://\u2066example.com\u2069",
    "combining": "#a" + "\u0301" * 500,
    "long_label": "http://" + "あ" * 300 + ".com/x",
    "xn_label": "http://xn--はじめよう.com xn--.com xn--a.xn--",
    "parens": "http://x.com/" + "(" * 50 + ")" * 50,
}
LONG_HOSTILE = {
    "ascii": "a",
    "cjk": "あ",
    "cjk_dot": "あ.",
    "dots": ".",
    "label_dot": "a.",
    "underscores": "a_.",
    "ats": "@",
    "hashes": "#",
    "dollars": " $A",
    "digits_hash": "#1",
    "protocols": "http://",
    "urls": "a.com ",
    "idn_urls": "a.みんな",
    "emails": "a@b.co",
    "emoji": "😷",
    "emoji_vs16": "😷\ufe0f",
    "families": "👨\u200d👩\u200d👧\u200d👦",
    "keycaps": "1\ufe0f\u20e3",
    "crlf": "\r\n",
    "surrogates": "\ud800",
    "feff": "\ufeff",
    "path": "http://x.com/a.",
    "query": "http://x.com/?a.",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_strings_never_raise(text):
    for function in PUBLIC_TEXT_FUNCTIONS:
        function(text)


# exclude_categories=(): surrogates (Cs) and NUL included.
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=200))
@settings(max_examples=300, deadline=None)
def test_random_text_never_raises_and_entities_are_sane(text):
    for function in PUBLIC_TEXT_FUNCTIONS:
        function(text)
    _check_entities(text)


# Characters that make entities, so random text actually produces some.
ENTITY_ALPHABET = st.sampled_from(
    [*"ab1_-.:/@#$＠＃ ?=()&é", "http://", "https://", ".com", "あ", "😷", "\u200d", "\ufe0f"]
)


@given(st.lists(ENTITY_ALPHABET, max_size=60).map("".join))
@settings(max_examples=500, deadline=None)
def test_entity_heavy_text_gives_sorted_non_overlapping_entities(text):
    _check_entities(text)
    tt.parse_post(text)


def _check_entities(text):
    entities = tt.extract_entities(text)
    assert entities == sorted(entities, key=lambda e: e.start)
    for before, after in itertools.pairwise(entities):
        assert before.end <= after.start
    for e in entities:
        assert 0 <= e.start < e.end <= len(text)
        raw = text[e.start : e.end]
        if e.kind == tt.URL:
            assert raw == e.value
        elif e.kind == tt.MENTION:
            assert raw[0] in "@＠" and raw[1:] == e.value + e.list_slug
        else:
            assert raw[0] in "#＃$" and raw[1:] == e.value


@pytest.mark.parametrize("size", [10_000, 100_000])
@pytest.mark.parametrize("name", LONG_HOSTILE.keys())
def test_long_hostile_strings_are_fast(name, size):
    unit = LONG_HOSTILE[name]
    text = (unit * (size // len(unit) + 1))[:size]
    for function in (tt.parse_post, tt.extract_entities, tt.extract_reply_username, tt.is_valid_url):
        # CPU time of this process, so other jobs on a busy CI machine do not count.
        started = time.process_time()
        function(text)
        elapsed = time.process_time() - started
        # A guard against catastrophic backtracking (minutes), not a speed target: those live in `make bench`.
        assert elapsed < 5.0, f"{function.__name__}({name} x {size}): {elapsed:.2f}s"
