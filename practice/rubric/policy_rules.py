"""Rules that grade a post against the social-media policy (PHI, employer disclosure, disclaimer)."""

from __future__ import annotations

from collections.abc import Sequence

from practice import policy
from practice.rubric.model import Context, Params
from practice.rubric.params import _needs_post


def _finding_detail(findings: Sequence[policy.Finding]) -> str:
    parts = [f"{f.title}: “{f.span}” — {f.explanation} Try: “{f.suggestion}”" for f in findings[:3]]
    more = f" (+{len(findings) - 3} more)" if len(findings) > 3 else ""
    return " ".join(parts) + more


def check_no_phi(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    findings = policy.find_phi(post.text, patient_names=ctx.patient_names)
    if findings:
        return False, _finding_detail(findings)
    return True, "No patient details found."


def check_discloses_employer(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    finding = policy.discloses_employer(
        post.text, employer_names=ctx.employer_names, employer_handles=ctx.employer_handles
    )
    if finding:
        return False, _finding_detail([finding])
    return True, "Discloses the employer where it speaks about them (or does not speak about them)."


def check_disclaimer(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    if policy.has_disclaimer(post.text) or policy.has_disclaimer(ctx.profile.bio):
        return True, "Has a “views are my own” disclaimer (in the post or the profile)."
    return False, "No “views are my own” disclaimer in the post or the profile bio."
