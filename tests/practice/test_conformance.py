"""twitter-text 3.1.0 conformance suite, read from the YAML files at test time.

Upstream asks runners not to turn the cases into static code, so every case
of every section of extract.yml and validate.yml becomes one test here, with
the config the official runners use (README.md next to the YAML files).
autolink.yml is used for entity *boundaries* only: the linked spans in the
expected HTML must be exactly what ``extract_entities`` finds.

conftest.py counts the outcomes and prints a summary line.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from practice import tweettext as tt

DATA = Path(__file__).resolve().parents[1] / "data" / "twitter-text"


def _cases(filename: str) -> list:
    tests = yaml.safe_load((DATA / filename).read_text(encoding="utf-8"))["tests"]
    return [
        pytest.param(section, case, id=f"{section}-{index}")
        for section, cases in tests.items()
        for index, case in enumerate(cases)
    ]


def _indices(entities, key):
    return [{key: e.value, "indices": [e.start, e.end]} for e in entities]


# --- extract.yml --------------------------------------------------------------------
EXTRACT = {
    "mentions": tt.extract_mentions,
    "mentions_with_indices": lambda t: _indices(tt.extract_mentions_with_indices(t), "screen_name"),
    "mentions_or_lists_with_indices": lambda t: [
        {"screen_name": e.value, "list_slug": e.list_slug, "indices": [e.start, e.end]}
        for e in tt.extract_mentions_or_lists_with_indices(t)
    ],
    "replies": tt.extract_reply_username,
    "urls": tt.extract_urls,
    "urls_with_indices": lambda t: _indices(tt.extract_urls_with_indices(t), "url"),
    "urls_with_directional_markers": lambda t: _indices(tt.extract_urls_with_indices(t), "url"),
    "tco_urls_with_params": tt.extract_urls,
    "hashtags": tt.extract_hashtags,
    "hashtags_from_astral": tt.extract_hashtags,
    "hashtags_with_indices": lambda t: _indices(tt.extract_hashtags_with_indices(t), "hashtag"),
    "cashtags": tt.extract_cashtags,
    "cashtags_with_indices": lambda t: _indices(tt.extract_cashtags_with_indices(t), "cashtag"),
}


@pytest.mark.parametrize(("section", "case"), _cases("extract.yml"))
def test_extract_yml(section, case):
    if section not in EXTRACT:
        pytest.fail(f"extract.yml has a section this runner does not know: {section}")
    assert EXTRACT[section](case["text"]) == case["expected"], case["description"]


# --- validate.yml -------------------------------------------------------------------
def _parse(config):
    def run(text):
        r = tt.parse_post(text, config)
        return {
            "weightedLength": r.weighted_length,
            "valid": r.valid,
            "permillage": r.permillage,
            "displayRangeStart": r.display_range_start,
            "displayRangeEnd": r.display_range_end,
            "validRangeStart": r.valid_range_start,
            "validRangeEnd": r.valid_range_end,
        }

    return run


VALIDATE = {
    # Config per section as in the official runners (README.md): tweets -> v1.
    "tweets": lambda t: tt.is_valid_tweet(t, config="v1"),
    "usernames": tt.is_valid_username,
    "lists": tt.is_valid_list,
    "hashtags": tt.is_valid_hashtag,
    "urls": tt.is_valid_url,
    "urls_without_protocol": lambda t: tt.is_valid_url(t, require_protocol=False),
    "WeightedTweetsCounterTest": _parse("v2"),
    "WeightedTweetsWithDiscountedEmojiCounterTest": _parse("v3"),
    "UnicodeDirectionalMarkerCounterTest": _parse("v3"),
}


@pytest.mark.parametrize(("section", "case"), _cases("validate.yml"))
def test_validate_yml(section, case):
    if section not in VALIDATE:
        pytest.fail(f"validate.yml has a section this runner does not know: {section}")
    assert VALIDATE[section](case["text"]) == case["expected"], case["description"]


# --- autolink.yml: entity boundaries ------------------------------------------------
# Which entity kinds the reference autolinker links in each section.
AUTOLINK_KINDS = {
    "usernames": {tt.MENTION},
    "lists": {tt.MENTION},
    "hashtags": {tt.HASHTAG},
    "urls": {tt.URL},
    "cashtags": {tt.CASHTAG},
    "all": {tt.URL, tt.MENTION, tt.HASHTAG, tt.CASHTAG},
}
ANCHOR_RE = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)


def _linked_spans(expected: str) -> tuple[str, list[tuple[int, int]]]:
    """The plain text and the [start, end) spans that the HTML links.

    The reference autolinker leaves text between links unescaped and puts the
    "@" of a mention outside the link, so the span starts one char earlier.
    """
    plain, spans, pos = "", [], 0
    for m in ANCHOR_RE.finditer(expected):
        plain += expected[pos : m.start()]
        inner = html.unescape(m.group(2))
        start = len(plain)
        if "username" in m.group(1) or "list-slug" in m.group(1):
            start -= 1
        spans.append((start, len(plain) + len(inner)))
        plain += inner
        pos = m.end()
    return plain + expected[pos:], spans


@pytest.mark.parametrize(("section", "case"), _cases("autolink.yml"))
def test_autolink_yml_boundaries(section, case):
    if section == "json":
        pytest.skip("autolink.yml json: entities come from supplied API JSON, not extraction")
    if section not in AUTOLINK_KINDS:
        pytest.fail(f"autolink.yml has a section this runner does not know: {section}")
    text = case["text"]
    plain, expected = _linked_spans(case["expected"])
    assert plain == text, "could not recover the text from the expected HTML"
    ours = [e for e in tt.extract_entities(text) if e.kind in AUTOLINK_KINDS[section]]
    bare = [e.value for e in ours if e.kind == tt.URL and not e.has_protocol]
    if bare:
        pytest.skip(
            "reference autolinker runs with extractUrlsWithoutProtocol=false (an option, "
            f"not a boundary); we extract protocol-less URLs {bare}"
        )
    got = [(e.start, e.end) for e in ours]
    assert [text[s:e] for s, e in got] == [text[s:e] for s, e in expected], case["description"]
    assert got == expected, case["description"]
