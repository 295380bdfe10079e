"""What a policy check reports: the rule codes, their titles and explanations, and the finding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

PhiRule = Literal[
    "phi.patient_name",
    "phi.dob",
    "phi.age",
    "phi.date",
    "phi.mrn",
    "phi.ssn",
    "phi.phone",
    "phi.email",
    "phi.address",
    "phi.room",
    "phi.indirect",
]
PolicyRule = Literal["policy.undisclosed_employer", "policy.no_disclaimer"]
Rule = PhiRule | PolicyRule


@dataclass(frozen=True)
class Finding:
    rule: Rule  # stable code from RULES, e.g. "phi.phone"
    title: str  # short human title, e.g. "Phone number"
    explanation: str  # one sentence: why this breaks the social-media policy
    span: str  # the quoted text (empty for a missing disclaimer)
    start: int  # code-point offset in the text
    end: int
    suggestion: str  # the whole text rewritten with this finding fixed


RULES: dict[Rule, tuple[str, str]] = {
    "phi.patient_name": (
        "Patient name",
        "A patient's name is a HIPAA identifier, so posting it discloses who was in our care.",
    ),
    "phi.dob": (
        "Date of birth",
        "A birth date is a HIPAA identifier and, with almost any other detail, pinpoints one patient.",
    ),
    "phi.age": (
        "Age over 89",
        "Every age over 89 is a HIPAA identifier: so few patients are that old that the age points at one of them.",
    ),
    "phi.date": (
        "Date tied to a patient",
        "Admission, discharge, surgery or death dates are HIPAA identifiers when linked to a person.",
    ),
    "phi.mrn": (
        "Record, account or ID number",
        "Record, account, health plan, licence, device and vehicle numbers (and IP addresses) are HIPAA identifiers"
        " that point straight at a patient.",
    ),
    "phi.ssn": (
        "Social Security or national ID number",
        "A Social Security or national ID number is a HIPAA identifier and enables identity theft.",
    ),
    "phi.phone": (
        "Phone number",
        "Phone numbers are HIPAA identifiers; only the hospital's official channels may share contact details.",
    ),
    "phi.email": (
        "E-mail address",
        "E-mail addresses are HIPAA identifiers; only the hospital's official channels may share contact details.",
    ),
    "phi.address": (
        "Address or hometown",
        "Street addresses and places smaller than a state are HIPAA identifiers when tied to a patient.",
    ),
    "phi.room": (
        "Room or bed number",
        "A room or bed number lets anyone who knows the unit identify the patient in it.",
    ),
    "phi.indirect": (
        "Indirect identifier",
        "A rare case or event tied to a unit or a day identifies the patient even without a name.",
    ),
    "policy.undisclosed_employer": (
        "Employer not disclosed",
        "When you post about your employer the policy requires you to say that you work there.",
    ),
    "policy.no_disclaimer": (
        "Missing disclaimer",
        "Posts on work topics must state that the views are your own and not your employer's.",
    ),
}

# Each finding carries a rewrite of the whole text, so a pathological 100k-character input
# with thousands of hits would cost gigabytes; a real post never comes near this.
MAX_FINDINGS = 200


class Span(NamedTuple):
    """A rule's hit in the text, before it becomes a Finding."""

    rule: Rule
    start: int  # code-point offsets, [start, end)
    end: int
