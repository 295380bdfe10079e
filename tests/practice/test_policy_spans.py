"""Tests for practice.policy: spans, offsets and how overlapping findings are resolved. No database needed."""

from __future__ import annotations

import itertools
import unicodedata

import pytest

from practice.policy import find_phi
from tests.practice.test_policy import PATIENTS


@pytest.mark.parametrize(
    ("text", "rule", "start", "end"),
    [
        ("Call 555-123-4567 now", "phi.phone", 5, 17),
        ("DOB 3/4/1985", "phi.dob", 4, 12),
        ("MRN 00123456 today", "phi.mrn", 0, 12),
        ("ok, Mr. Smith", "phi.patient_name", 4, 13),
        ("in bed 4B.", "phi.room", 3, 9),
        ("x jane@x.org.", "phi.email", 2, 12),
        ("congrats to the triplets' mom in L&D today", "phi.indirect", 16, 29),
        # Offsets are code points of the original text, even after accent folding.
        ("¡Ánimo, María José Núñez!", "phi.patient_name", 8, 24),
    ],
)
def test_span_offsets(text: str, rule: str, start: int, end: int) -> None:
    (finding,) = find_phi(text, patient_names=PATIENTS)
    assert (finding.rule, finding.start, finding.end) == (rule, start, end)
    assert finding.span == text[start:end]


def test_decomposed_accents_stay_inside_the_span() -> None:
    text = unicodedata.normalize("NFD", "Hola Sra. Núñez")
    (finding,) = find_phi(text, patient_names=PATIENTS)
    assert finding.span == text[finding.start : finding.end]
    assert finding.span.endswith(unicodedata.normalize("NFD", "ez"))
    assert unicodedata.normalize("NFC", finding.span) == "Sra. Núñez"


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = "Mr. Smith (MRN 00123456) in room 12, call 555-123-4567 or jane@x.org, admitted 12/01."
    findings = find_phi(text, patient_names=PATIENTS)
    assert [f.rule for f in findings] == [
        "phi.patient_name",
        "phi.mrn",
        "phi.room",
        "phi.phone",
        "phi.email",
        "phi.date",
    ]
    for before, after in itertools.pairwise(findings):
        assert before.end <= after.start


def test_longest_then_most_specific_wins() -> None:
    # The record number contains a phone-like run; the longer, more specific MRN wins.
    (finding,) = find_phi("MRN 5551234567")
    assert finding.rule == "phi.mrn"
    # Same span, two readings: a birth date is more specific than a date tied to a patient.
    (finding,) = find_phi("patient DOB 3/4/1985")
    assert finding.rule == "phi.dob"
