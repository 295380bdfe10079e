"""Every policy check on one post at once."""

from __future__ import annotations

from collections.abc import Sequence

from practice.policy.disclaimer import has_disclaimer
from practice.policy.employer import discloses_employer
from practice.policy.findings import Finding
from practice.policy.names import NO_PATIENT_NAMES
from practice.policy.phi import find_phi
from practice.policy.rewrite import make_finding


def check_policy(
    text: str,
    *,
    patient_names: Sequence[str] = NO_PATIENT_NAMES,
    employer_names: Sequence[str] = (),
    employer_handles: Sequence[str] = (),
    require_disclaimer: bool = False,
    region: str = "US",
    language: str | None = None,
) -> list[Finding]:
    """Every finding: PHI, an undisclosed employer, and (when required) a missing disclaimer.

    ``language`` ("en", "es"...) picks the PHI cue words; None detects it from the post.
    """
    findings = find_phi(text, patient_names=patient_names, region=region, language=language)
    employer = discloses_employer(text, employer_names=employer_names, employer_handles=employer_handles)
    if employer is not None:
        findings.append(employer)
    if require_disclaimer and not has_disclaimer(text):
        findings.append(make_finding(text, "policy.no_disclaimer", len(text), len(text)))
    return sorted(findings, key=lambda f: (f.start, f.end))
