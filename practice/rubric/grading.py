"""Validate a rubric and grade a post or an activity against it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from practice.rubric.kinds import KINDS
from practice.rubric.model import Context, GradeResult, PostView, RubricError, Rule, RuleResult
from practice.rubric.params import _int


def validate(rules: Sequence[Mapping[str, object]]) -> list[Rule]:
    """Check rule specs without grading; returns them normalised or raises RubricError."""
    if not rules:
        raise RubricError("A rubric needs at least one rule.")
    normalised: list[Rule] = []
    probe = Context(
        post=PostView(id=1, text="probe", author_handle="probe"),
        session_hashtag="#probe",
        trainer_handles=("probe",),
    )
    for number, rule in enumerate(rules, start=1):
        if not isinstance(rule, Mapping):
            raise RubricError(f"Rule {number}: a rule is a mapping with a kind and params.")
        kind = rule.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise RubricError(f"Rule {number}: unknown kind {kind!r}.")
        weight = _int(rule, "weight", 1, minimum=1)
        params = rule.get("params") or {}
        if not isinstance(params, Mapping):
            raise RubricError(f"Rule {number}: params must be a mapping of names to values.")
        params = dict(params)
        try:
            KINDS[kind].check(params, probe)
        except RubricError as exc:
            raise RubricError(f"Rule {number} ({KINDS[kind].label}): {exc}") from None
        spec: Rule = {"kind": kind, "weight": weight, "params": params, "message": str(rule.get("message", ""))}
        if rule.get("message_es"):
            spec["message_es"] = str(rule["message_es"])
        normalised.append(spec)
    return normalised


def grade(rules: Sequence[Mapping[str, object]], ctx: Context) -> GradeResult:
    """Per-rule results and a 0-100 score. Never raises for odd post text; raises RubricError for a bad rubric."""
    results = []
    for rule in validate(rules):
        kind = KINDS[rule["kind"]]
        passed, detail = kind.check(rule["params"], ctx)
        results.append(
            RuleResult(
                kind=rule["kind"],
                label=kind.label,
                passed=passed,
                weight=rule["weight"],
                feedback=rule["message"],
                detail=detail,
                feedback_es=rule.get("message_es", ""),
            )
        )
    total = sum(r.weight for r in results)
    earned = sum(r.weight for r in results if r.passed)
    return GradeResult(results=tuple(results), score=round(100 * earned / total) if total else 0)
