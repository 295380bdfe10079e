"""Employer disclosure in English: saying one works there, as staff write it. No database needed."""

from __future__ import annotations

import pytest

from practice.policy import discloses_employer
from tests.practice.test_policy import EMPLOYER


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Great work at @MercyGeneral today, the new wing looks amazing", True),
        ("Amazing teamwork for the flu clinic at Mercy General!", True),
        ("Proud to work at Mercy General for 12 years", False),
        ("We work here so you can sleep. Night shift at @MercyGeneral", False),
        ("I've worked at Mercy General since 2009 and today I retire", False),
        ("Working at @MercyGeneral means snacks at 3am", False),
        ("As a nurse at Mercy General I see this every week", False),
        ("Part of the ICU team at @MercyGeneral", False),
        ("I currently work for Mercy General and I love it", False),
    ],
)
def test_discloses_employer_in_english(text: str, flagged: bool) -> None:
    assert (discloses_employer(text, **EMPLOYER) is not None) == flagged
