"""Tests for practice.policy: the safer rewrites each finding suggests. No database needed."""

from __future__ import annotations

from practice.policy import Finding, check_policy, find_phi, suggest_rewrite
from tests.practice.test_policy import EMPLOYER, PATIENTS


def test_each_suggestion_rewrites_the_whole_text() -> None:
    text = "Mr. Smith in room 12 says hi"
    name, room = find_phi(text, patient_names=PATIENTS)
    assert name.suggestion == "[a patient] in room 12 says hi"
    assert room.suggestion == "Mr. Smith in [a room] says hi"


def test_suggest_rewrite_replaces_all_findings_at_once() -> None:
    text = "Mr. Smith in room 12, DOB 3/4/1985, call 555-123-4567 or jane@x.org"
    rewrite = suggest_rewrite(text, find_phi(text, patient_names=PATIENTS))
    assert rewrite == (
        "[a patient] in [a room], DOB [a date], call [contact us via the hospital switchboard]"
        " or [contact us via the hospital website]"
    )
    assert find_phi(rewrite, patient_names=PATIENTS) == []


def test_suggest_rewrite_appends_policy_fixes() -> None:
    text = "Mr. Smith says thanks to @MercyGeneral "
    findings = check_policy(text, patient_names=PATIENTS, require_disclaimer=True, **EMPLOYER)
    rewrite = suggest_rewrite(text, findings)
    assert rewrite == "[a patient] says thanks to @MercyGeneral (Disclosure: I work here.) (Views are my own.)"
    assert check_policy(rewrite, patient_names=PATIENTS, require_disclaimer=True, **EMPLOYER) == []


def test_suggest_rewrite_skips_findings_that_do_not_fit_the_text() -> None:
    stale = Finding("phi.room", "Room", "x.", "room 12", 50, 57, "")
    assert suggest_rewrite("short text", [stale]) == "short text"
    assert suggest_rewrite("", []) == ""
