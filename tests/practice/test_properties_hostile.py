"""Property tests the text, rubric and policy suites don't already have.

tests/practice/test_tweettext.py covers random text through every extractor,
test_rubric.py grades random post text against fixed rules, test_policy.py checks
random text's spans. These add: the parse result's own invariants, rubric specs
that are themselves hostile (any kind, any params, any weight: a RubricError or a
grade, never another exception), every context field hostile at once, and the
policy checker with hostile names and regions.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice import policy, rubric, tweettext
from tests import hostile

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=300)
HOSTILE_TEXT = st.one_of(ANY_TEXT, st.sampled_from([v[:2000] for _, v in hostile.CORPUS]))
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=True) | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=8,
)


@given(HOSTILE_TEXT)
@settings(max_examples=300, deadline=None)
def test_parse_post_results_are_consistent(text):
    result = tweettext.parse_post(text)
    utf16 = len(text.encode("utf-16-le", "surrogatepass")) // 2
    assert result.weighted_length >= 0
    assert result.permillage == result.weighted_length * 1000 // 280
    if result.valid:
        assert 0 < result.weighted_length <= 280
    assert 0 <= result.display_range_start <= max(result.display_range_end, 0)
    assert result.display_range_end <= max(utf16 - 1, 0)
    assert result.valid_range_end <= result.display_range_end
    assert tweettext.is_valid_tweet(text) == result.valid
    # Deterministic, and CRLF counts as the LF it is stored as.
    assert tweettext.parse_post(text) == result
    normalised = tweettext.parse_post(tweettext.normalize_newlines(text))
    assert normalised.weighted_length <= result.weighted_length + 1


@given(HOSTILE_TEXT)
@settings(max_examples=200, deadline=None)
def test_extract_entities_slices_back_to_the_text(text):
    for entity in tweettext.extract_entities(text):
        assert 0 <= entity.start < entity.end <= len(text)
        assert entity.value in text[entity.start : entity.end]


PARAM_NAMES = [
    "handle",
    "count",
    "hashtag",
    "post_id",
    "min_words",
    "domain",
    "min",
    "max",
    "phrases",
    "mode",
    "max_percent",
]
RULE = st.fixed_dictionaries(
    {"kind": st.one_of(st.sampled_from(sorted(rubric.KINDS)), st.text(max_size=20))},
    optional={
        "weight": JSONISH,
        "params": st.one_of(
            st.dictionaries(
                st.sampled_from(PARAM_NAMES),
                JSONISH,
                max_size=4,
            ),
            JSONISH,
        ),
        "message": JSONISH,
    },
)


def _post(text: str) -> rubric.PostView:
    return rubric.PostView(
        id=1, text=text, author_handle=text[:15], reply_to_id=2, quote_of_id=3, target_author_handle=text[:15]
    )


@given(st.lists(RULE, max_size=5), HOSTILE_TEXT)
@settings(max_examples=400, deadline=None)
def test_any_rubric_is_refused_or_graded_never_crashes(rules, text):
    ctx = rubric.Context(post=_post(text), session_hashtag="#" + text[:20], trainer_handles=(text[:15],))
    try:
        result = rubric.grade(rules, ctx)
    except rubric.RubricError as error:
        assert str(error)
        return
    assert 0 <= result.score <= 100
    assert len(result.results) == len(rules)


@given(HOSTILE_TEXT, HOSTILE_TEXT, st.lists(HOSTILE_TEXT, max_size=3))
@settings(max_examples=200, deadline=None)
def test_every_context_field_hostile_at_once(text, other, names):
    rules = [{"kind": kind, "params": _params_for(kind)} for kind in rubric.KINDS]
    ctx = rubric.Context(
        post=_post(text),
        profile=rubric.Profile(bio=other, location=other[:30], website=other),
        session_hashtag="#x" + other,  # a session always has a hashtag (a model validator)
        trainer_handles=tuple(names),
        activity=(_post(other), _post(text)),
        mentions_of_learner={1: other, 2: text},
        patient_names=tuple(names),
        employer_names=tuple(names),
        employer_handles=tuple(names),
    )
    result = rubric.grade(rules, ctx)
    assert 0 <= result.score <= 100


def _params_for(kind: str) -> dict:
    return {
        "mentions_handle": {"handle": "trainer"},
        "mentions_at_least": {"count": 1},
        "uses_hashtag": {"hashtag": "session"},
        "is_reply_to": {"post_id": 2},
        "is_retweet_of": {"post_id": 2},
        "is_quote_of": {"post_id": 3},
        "contains": {"phrases": ["a"]},
        "not_contains": {"phrases": ["b"]},
        "max_hashtags": {"count": 2},
        "replies_to_mentioners": {"count": 1},
        "retweets_persona": {"count": 1},
        "quotes_persona": {"count": 1},
    }.get(kind, {})


@pytest.mark.parametrize("name, value", hostile.CORPUS, ids=[k for k, _ in hostile.CORPUS])
def test_policy_checker_takes_hostile_text_names_and_regions(name, value):
    findings = policy.check_policy(value, patient_names=[value[:50], "Jane Doe"], employer_names=[value[:50]])
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(value)
    policy.suggest_rewrite(value, findings)


@given(HOSTILE_TEXT, st.lists(st.text(alphabet=string.ascii_letters + " .'-", max_size=30), max_size=3))
@settings(max_examples=200, deadline=None)
def test_policy_suggestions_never_raise(text, names):
    findings = policy.check_policy(text, patient_names=names)
    rewritten = policy.suggest_rewrite(text, findings)
    assert isinstance(rewritten, str)
