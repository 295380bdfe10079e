"""Safer rewrites: each PHI span replaced by a neutral phrase, each policy fix appended.

A Spanish post gets its fixes in Spanish ("[un paciente]", "(Las opiniones son mías.)"), so the
rewrite reads as one text the author could post as it stands.
"""

from __future__ import annotations

from collections.abc import Sequence

from practice.policy.findings import RULES, Finding, Rule, Span
from practice.policy.language import language_of

# The neutral phrase that replaces each PHI span in a suggested rewrite, in English and Spanish.
_REPLACEMENTS: dict[str, dict[Rule, str]] = {
    "en": {
        "phi.patient_name": "[a patient]",
        "phi.dob": "[a date]",
        "phi.date": "[recently]",
        "phi.mrn": "[a record number]",
        "phi.ssn": "[an ID number]",
        "phi.phone": "[contact us via the hospital switchboard]",
        "phi.email": "[contact us via the hospital website]",
        "phi.address": "[an address]",
        "phi.room": "[a room]",
        "phi.indirect": "[a patient]",
        "phi.age": "[90+]",
    },
    "es": {
        "phi.patient_name": "[un paciente]",
        "phi.dob": "[una fecha]",
        "phi.date": "[hace poco]",
        "phi.mrn": "[un número de historia]",
        "phi.ssn": "[un número de identificación]",
        "phi.phone": "[contacte por la centralita del hospital]",
        "phi.email": "[contacte por la web del hospital]",
        "phi.address": "[una dirección]",
        "phi.room": "[una habitación]",
        "phi.indirect": "[un paciente]",
        "phi.age": "[90+]",
    },
}

# Policy findings are fixed by adding words, not by removing a span.
_APPENDIX: dict[str, dict[Rule, str]] = {
    "en": {
        "policy.undisclosed_employer": "(Disclosure: I work here.)",
        "policy.no_disclaimer": "(Views are my own.)",
    },
    "es": {
        "policy.undisclosed_employer": "(Aviso: trabajo aquí.)",
        "policy.no_disclaimer": "(Las opiniones son mías.)",
    },
}
_APPENDED: frozenset[Rule] = frozenset(_APPENDIX["en"])


def rewrite(text: str, spans: Sequence[Span], language: str | None = None) -> str:
    """Replace PHI spans by neutral phrases and append policy fixes, all at once.

    Spans are applied left to right (ties: the longer first); a span overlapping the one
    before it widens that replacement, so nothing it covered survives. Spans that do not
    fit the text are skipped.
    """
    lang = language_of(text, language)
    replacements, appendices = _REPLACEMENTS[lang], _APPENDIX[lang]
    pieces: list[str] = []
    cursor = 0
    appendix: list[str] = []
    for rule, start, end in sorted(spans, key=lambda s: (s[1], -s[2])):
        if rule in _APPENDED:
            if appendices[rule] not in appendix:
                appendix.append(appendices[rule])
            continue
        if rule not in replacements or not 0 <= start <= end <= len(text):
            continue
        if start < cursor:  # overlaps the replacement before it: widen that one
            cursor = max(cursor, end)
            continue
        pieces.append(text[cursor:start])
        pieces.append(replacements[rule])
        cursor = end
    pieces.append(text[cursor:])
    result = "".join(pieces)
    if appendix:
        body = result.rstrip()
        result = f"{body} {' '.join(appendix)}" if body else " ".join(appendix)
    return result


def make_finding(text: str, rule: Rule, start: int, end: int) -> Finding:
    title, explanation = RULES[rule]
    return Finding(
        rule=rule,
        title=title,
        explanation=explanation,
        span=text[start:end],
        start=start,
        end=end,
        suggestion=rewrite(text, [Span(rule, start, end)]),
    )


def suggest_rewrite(text: str, findings: Sequence[Finding]) -> str:
    """The whole post with every finding fixed at once (PHI replaced, disclosures appended).

    Findings whose quoted span is not at its offsets in this text are skipped (they were found
    in another text). Returns the text unchanged when there is nothing to fix.
    """
    spans = [Span(f.rule, f.start, f.end) for f in findings if f.rule in _APPENDED or text[f.start : f.end] == f.span]
    return rewrite(text, spans)
