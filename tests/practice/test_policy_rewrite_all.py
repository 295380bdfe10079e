"""One rewrite for all findings: every fix applied at once, in order, without overlaps.

Pure functions (practice.policy) and the drill feedback's selector (courses.selectors.feedback).
"""

from __future__ import annotations

import pytest
from django.conf import settings

from courses.selectors.feedback import failed_policy_kinds, policy_rewrite
from practice.policy import Finding, check_policy, has_disclaimer, suggest_rewrite
from practice.policy.findings import RULES, Span
from practice.policy.language import detect_language
from practice.policy.rewrite import rewrite
from tests.practice.test_policy import EMPLOYER, PATIENTS


def test_a_post_with_four_problems_is_fixed_in_one_go() -> None:
    text = "Mr. Smith in room 12 is going home today! Call his daughter at 555-123-4567. Love @MercyGeneral"
    findings = check_policy(text, patient_names=PATIENTS, require_disclaimer=True, **EMPLOYER)
    assert {f.rule for f in findings} >= {
        "phi.patient_name",
        "phi.room",
        "phi.phone",
        "policy.undisclosed_employer",
        "policy.no_disclaimer",
    }
    whole = suggest_rewrite(text, findings)
    assert whole.startswith("[a patient] in [a room] is going home")
    assert "[contact us via the hospital switchboard]" in whole and "555" not in whole
    assert whole.endswith("@MercyGeneral (Disclosure: I work here.) (Views are my own.)")
    assert check_policy(whole, patient_names=PATIENTS, require_disclaimer=True, **EMPLOYER) == []
    # Each per-finding suggestion fixes only its own finding; the whole rewrite fixes all of them.
    assert all(f.suggestion != whole for f in findings)


def test_the_order_of_the_findings_does_not_change_the_rewrite() -> None:
    text = "Mr. Smith in room 12, DOB 3/4/1985, call 555-123-4567"
    findings = check_policy(text, patient_names=PATIENTS, require_disclaimer=True)
    assert suggest_rewrite(text, findings) == suggest_rewrite(text, list(reversed(findings)))


def test_overlapping_spans_leave_nothing_of_either() -> None:
    text = "Ring 555-123-4567 now"
    spans = [Span("phi.phone", 5, 17), Span("phi.mrn", 9, 21), Span("phi.phone", 5, 17)]
    assert rewrite(text, spans, "en") == "Ring [contact us via the hospital switchboard]"


def test_at_the_same_start_the_longer_span_wins() -> None:
    text = "Bed 12 West is quiet"
    spans = [Span("phi.room", 0, 6), Span("phi.address", 0, 11)]
    assert rewrite(text, spans, "en") == "[an address] is quiet"


def test_stale_findings_are_skipped_and_a_clean_post_is_unchanged() -> None:
    stale = Finding("phi.room", "Room", "x.", "room 12", 0, 7, "")
    assert suggest_rewrite("bed 4 is free", [stale]) == "bed 4 is free"
    assert suggest_rewrite("All good on 4 West tonight", []) == "All good on 4 West tonight"


def test_a_spanish_post_is_rewritten_in_spanish() -> None:
    text = "Gracias al equipo de la UCI por cuidar a la paciente de la habitación 12. @MercyGeneral"
    findings = check_policy(text, require_disclaimer=True, **EMPLOYER)
    whole = suggest_rewrite(text, findings)
    assert "(Aviso: trabajo aquí.)" in whole and "(Las opiniones son mías.)" in whole
    assert has_disclaimer(whole)
    assert check_policy(whole, require_disclaimer=True, **EMPLOYER) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hoy vacunamos a todo el turno de noche", "es"),
        ("Las opiniones son mías", "es"),
        ("Great shift with the team tonight", "en"),
        ("Mercy General", "en"),
        ("", "en"),
    ],
)
def test_the_language_of_a_post(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_a_long_post_with_many_findings_is_rewritten_whole() -> None:
    text = "call 555-123-4567 " * 150
    whole = suggest_rewrite(text, check_policy(text))
    assert "555" not in whole and whole.count("[contact us via the hospital switchboard]") == 150


# --- The drill feedback's selector ---------------------------------------------------------------
def test_only_the_failed_policy_rules_are_fixed() -> None:
    text = f"Great news from Mr. Smith in room 12 today @{settings.ORG_HANDLE}"
    assert policy_rewrite(text, frozenset({"policy_no_phi"}), patient_names=PATIENTS) == (
        f"Great news from [a patient] in [a room] today @{settings.ORG_HANDLE}"
    )
    every = frozenset({"policy_no_phi", "policy_discloses_employer", "policy_disclaimer"})
    assert policy_rewrite(text, every, patient_names=PATIENTS) == (
        f"Great news from [a patient] in [a room] today @{settings.ORG_HANDLE}"
        " (Disclosure: I work here.) (Views are my own.)"
    )
    assert policy_rewrite(text, frozenset(), patient_names=PATIENTS) == ""


def test_nothing_to_offer_when_the_post_is_already_fine() -> None:
    assert policy_rewrite("Flu shots save lives", frozenset({"policy_no_phi"}), patient_names=PATIENTS) == ""


def test_failed_kinds_are_read_from_the_stored_results() -> None:
    results = [
        {"kind": "policy_no_phi", "passed": False},
        {"kind": "policy_disclaimer", "passed": True},
        {"kind": "uses_hashtag", "passed": False},
        "garbage",
    ]
    assert failed_policy_kinds(results) == frozenset({"policy_no_phi"})
    assert failed_policy_kinds(None) == frozenset()


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_phi_rule_has_a_fix_in_both_languages(language: str) -> None:
    for rule in (r for r in RULES if r.startswith("phi.")):
        fixed = rewrite("SECRET here", [Span(rule, 0, 6)], language)
        assert "SECRET" not in fixed and fixed.endswith(" here"), rule


def test_an_age_over_89_is_rewritten_away() -> None:
    text = "Happy 94th birthday to our oldest patient on 4 West, Mrs. Alvarez!"
    whole = suggest_rewrite(text, check_policy(text))
    assert "94" not in whole and "Alvarez" not in whole
    assert check_policy(whole) == []
