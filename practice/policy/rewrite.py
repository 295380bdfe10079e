"""Safer rewrites: each PHI span replaced by a neutral phrase, each policy fix appended."""

from __future__ import annotations

from collections.abc import Sequence

from practice.policy.findings import RULES, Finding, Rule, Span

# The neutral phrase that replaces each PHI span in a suggested rewrite.
_REPLACEMENTS: dict[Rule, str] = {
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
}

# Policy findings are fixed by adding words, not by removing a span.
_APPENDIX: dict[Rule, str] = {
    "policy.undisclosed_employer": "(Disclosure: I work here.)",
    "policy.no_disclaimer": "(Views are my own.)",
}


def rewrite(text: str, spans: Sequence[Span]) -> str:
    """Replace PHI spans by neutral phrases and append policy fixes; skips overlaps."""
    pieces: list[str] = []
    cursor = 0
    appendix: list[str] = []
    for rule, start, end in sorted(spans, key=lambda s: (s[1], s[2])):
        if rule in _APPENDIX:
            if _APPENDIX[rule] not in appendix:
                appendix.append(_APPENDIX[rule])
            continue
        if rule not in _REPLACEMENTS or start < cursor or not 0 <= start <= end <= len(text):
            continue
        pieces.append(text[cursor:start])
        pieces.append(_REPLACEMENTS[rule])
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
    """The text with every finding fixed at once (PHI replaced, disclosures appended).

    Findings whose offsets do not fit this text, or that overlap an earlier one, are skipped.
    """
    spans = [Span(f.rule, f.start, f.end) for f in findings if text[f.start : f.end] == f.span or f.rule in _APPENDIX]
    return rewrite(text, spans)
