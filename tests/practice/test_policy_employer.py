"""Tests for practice.policy: speaking about the employer requires disclosing it. No database needed."""

from __future__ import annotations

import pytest

from practice.policy import discloses_employer
from tests.practice.test_policy import EMPLOYER


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Great day at @MercyGeneral!", True),
        ("great day at @mercygeneral", True),
        ("Shoutout to MERCY general", True),
        ("Love where I work", True),
        ("Our hospital is hiring", True),
        ("I work at @MercyGeneral and love it", False),
        ("I'm a nurse at Mercy General. Great day!", False),
        ("I’m the charge nurse at @MercyGeneral", False),
        ("Mercy General is great (I work here)", False),
        ("Proud employee of Mercy General", False),
        ("Disclosure: Mercy General pays my salary", False),
        ("#employee life at @MercyGeneral", False),
        ("Views are not those of my employer, @MercyGeneral", False),
        ("Nothing about work today", False),
        ("@MercyGeneralFan is not the employer", False),
    ],
)
def test_discloses_employer(text: str, flagged: bool) -> None:
    finding = discloses_employer(text, **EMPLOYER)
    assert (finding is not None) == flagged
    if finding is not None:
        assert finding.rule == "policy.undisclosed_employer"
        assert finding.span == text[finding.start : finding.end]
        assert finding.suggestion == f"{text} (Disclosure: I work here.)"


def test_employer_mention_without_names_uses_the_generic_phrases() -> None:
    assert discloses_employer("My hospital rocks", employer_names=(), employer_handles=()) is not None
    assert discloses_employer("Mercy General rocks", employer_names=(), employer_handles=()) is None
