"""What a learner's drill feedback offers beside the grader's notes: the attempt's post rewritten
with every policy finding its grade failed on fixed at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings

from courses.models import Submission
from practice import policy

# The rubric's policy rule kinds, and the policy rules each one grades.
_KIND_OF_RULE: dict[str, str] = {
    "policy.undisclosed_employer": "policy_discloses_employer",
    "policy.no_disclaimer": "policy_disclaimer",
}
_PHI_KIND = "policy_no_phi"
POLICY_KINDS = frozenset({_PHI_KIND, *_KIND_OF_RULE.values()})


def _kind_of(rule: str) -> str:
    return _PHI_KIND if rule.startswith("phi.") else _KIND_OF_RULE.get(rule, "")


def failed_policy_kinds(results: object) -> frozenset[str]:
    """The policy rule kinds a grade's stored results failed (an odd or empty list fails none)."""
    if not isinstance(results, list):
        return frozenset()
    return frozenset(
        r["kind"] for r in results if isinstance(r, dict) and r.get("kind") in POLICY_KINDS and r.get("passed") is False
    )


def policy_rewrite(text: str, failed: frozenset[str], *, patient_names: Sequence[str]) -> str:
    """The text with the findings of every failed policy rule fixed at once; "" when none applies."""
    if not failed or not text.strip():
        return ""
    findings = [
        f
        for f in policy.check_policy(
            text,
            patient_names=patient_names,
            employer_names=(settings.ORG_NAME,),
            employer_handles=(settings.ORG_HANDLE,),
            require_disclaimer="policy_disclaimer" in failed,
        )
        if _kind_of(f.rule) in failed
    ]
    rewrite = policy.suggest_rewrite(text, findings) if findings else ""
    return rewrite if rewrite != text else ""


def attempts_with_rewrites(
    submissions: Iterable[Submission], *, patient_names: Sequence[str]
) -> list[tuple[Submission, str]]:
    """Each attempt with its whole-post rewrite ("" when its latest grade failed no policy rule).

    Reads only what the caller fetched: each submission's post and its grades, newest first.
    """
    pairs = []
    for submission in submissions:
        grade = next(iter(submission.grades.all()), None)
        post = submission.post
        rewrite = ""
        if grade is not None and post is not None and not post.retweet_of_id:
            failed = failed_policy_kinds(grade.results)
            rewrite = policy_rewrite(post.text, failed, patient_names=patient_names)
        pairs.append((submission, rewrite))
    return pairs
