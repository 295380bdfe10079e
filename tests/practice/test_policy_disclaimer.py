"""Tests for practice.policy: the "views are my own" disclaimer. No database needed."""

from __future__ import annotations

import pytest

from practice.policy import check_policy, has_disclaimer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Views are my own", True),
        ("RN | coffee | views my own", True),
        ("Opinions are my own.", True),
        ("OPINIONS ARE MINE", True),
        ("All thoughts here are my own", True),
        ("These are my views, nobody else's", True),
        ("Not the views of my employer", True),
        ("Tweets don’t reflect my employer", True),
        ("RT ≠ endorsement", True),
        ("RT =\u0338 endorsement", True),
        ("RTs != endorsements", True),
        ("retweets are not endorsements", True),
        ("RTs/likes aren’t endorsements", True),
        ("Following doesn’t mean endorsement", True),
        ("following doesn't mean endorsement", True),
        ("Following doesn't = endorsement", True),
        ("RTs ≠ endorsements", True),
        ("Following ≠ endorsing", True),
        ("Opinions are solely my own", True),
        ("Views mine, not my employer's", True),
        ("Las opiniones son mías", True),
        ("Opiniones personales", True),
        ("RT no implica respaldo", True),
        ("Mis tuits no representan a mi empleador", True),
        ("I endorse this message!", False),
        ("These views are amazing from the 10th floor", False),
        ("hello world", False),
        ("I like endorsements", False),
        ("RT = endorsement", False),
        ("My own kids are my world", False),
        ("", False),
    ],
)
def test_has_disclaimer(text: str, expected: bool) -> None:
    assert has_disclaimer(text) is expected


def test_missing_disclaimer_is_an_empty_span_at_the_end() -> None:
    text = "Great shift with the team"
    (finding,) = check_policy(text, require_disclaimer=True)
    assert finding.rule == "policy.no_disclaimer"
    assert (finding.span, finding.start, finding.end) == ("", len(text), len(text))
    assert finding.suggestion == "Great shift with the team (Views are my own.)"
    assert check_policy(text + " Views are my own.", require_disclaimer=True) == []
    assert check_policy(text) == []
