"""Ages over 89 ("phi.age"): HIPAA counts every age over 89 of a person as an identifier.

Found: "94 years old", "a 92 y/o", "92-year-old", "age 91", "turned 90", "she's 100", "her 100th
birthday", "Maria Gonzalez, 94, ...", "de 94 años", "cumple 100 años", "cumpleaños número 95".
Not found: aggregates and ranges ("patients aged 90 and over", "mayores de 90 años", "65 to 95"),
ages of staff and volunteers ("our 92-year-old volunteer Betty", "voluntaria Rosa, de 92 años"),
and ordinal counts that are not birthdays ("my 100th IV start"), and the writer's own relatives
("my 90 year old grandma", "mi abuela tiene 92 años").
"""

from __future__ import annotations

import re

from practice.policy.cues import CUES
from practice.policy.findings import Span
from practice.policy.language import Language
from practice.policy.matching import Nearby

_OLD = r"(?:9\d|1[01]\d)"  # 90 to 119

_AGE_RE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        rf"""
        (?<![\w.,/$#%-])
        (?:
            (?P<n1>{_OLD})\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*|\s+)(?:old|young)(?!\w)
          | (?P<n2>{_OLD})\s*(?:y/?o|yo|yrs?\.?)(?!\w)
          | (?:age|aged)\s+(?P<n3>{_OLD})(?![\w%])
          | (?:turn(?:s|ed|ing)?|(?:she|he)(?:'s|’s|\s+is|\s+was)|is\s+now)\s+(?P<n4>{_OLD})(?![\w%])
          | (?P<n5>{_OLD})(?:th|st|nd|rd)\s+birthday
          | patient(?:\s+[a-z]+){{0,3}}\s+is\s+(?P<n7>{_OLD})(?![\w%])
          | (?:(?<=,\s)|(?<=,)|(?<=^at\s)|(?<=^At\s))(?P<n6>{_OLD})(?=\s*(?:,|and\s|&))
        )
        """,
        re.VERBOSE | re.IGNORECASE,
    ),
    "es": re.compile(
        rf"""
        (?<![\w.,/$#%-])
        (?:
            (?P<n1>{_OLD})\s+a[nñ]os(?!\w)
          | (?:cumplea[nñ]os\s+(?:n[uú]mero\s+)?|cumpli[oó]\s+|cumple\s+)(?P<n2>{_OLD})(?!\w)
          | (?:(?<=,\s)|(?<=,))(?P<n6>{_OLD})(?=\s*,)
        )
        """,
        re.VERBOSE | re.IGNORECASE,
    ),
}
# Aggregates and ranges: "aged 90 and over", "65 to 95", "mayores de 90 años", "90 o más".
_AGGREGATE_BEFORE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"(?i:over|under|above|below|than|between|from|\d\s*(?:to|-|–|and)|patients|people|adults|those|residents|ages)"
        r"\s*(?:aged\s+|age\s+)?$"
    ),
    "es": re.compile(
        r"(?i:mayores\s+de|menores\s+de|m[aá]s\s+de|entre|\d\s+(?:a|y|-)|pacientes\s+de|personas\s+de|de\s+\d+\s+a)\s*$"
    ),
}
_AGGREGATE_AFTER = re.compile(
    r"\s*(?:\+|(?i:and\s+(?:over|older|up|above)|or\s+(?:older|over|more|above)|y\s+m[aá]s|o\s+m[aá]s|en\s+adelante"
    r"|to\s+\d|a\s+\d|-\s*\d))"
)
# A staff noun right after or right before the age: the person is a colleague, not a patient.
_STAFF_NEAR = re.compile(
    r"(?i:volunteer|voluntari[oa]|nurse|enfermer[oa]|doctor|colleague|compa[nñ]er[oa]|coworker|employee"
    r"|emplead[oa]|staff|supervisor(?:a)?)"
)
_STAFF_REACH = 30
# The writer's own relative: "my 90 year old grandma", "mi abuela tiene 92 años".
_OWN_FAMILY = re.compile(
    r"(?<!\w)(?i:my|mi|mis)\s+(?:[\w-]+\s+){0,3}?(?:grand(?:ma|pa|mother|father|parents?)|great-grand\w*|nana|granny"
    r"|bisabuel[oa]s?|abuel[oa]s?|abuelit[oa]s?)(?!\w)"
)


def find_ages(text: str, language: Language) -> list[Span]:
    found: list[Span] = []
    care: Nearby | None = None
    for m in _AGE_RE[language].finditer(text):
        start, end = m.span()
        if _AGGREGATE_BEFORE[language].search(text, max(0, start - 20), start) or _AGGREGATE_AFTER.match(text, end):
            continue
        near = text[max(0, start - _STAFF_REACH) : end + _STAFF_REACH]
        if _STAFF_NEAR.search(near) or _OWN_FAMILY.search(near):
            continue
        if m["n6"] is not None or m.groupdict().get("n5") is not None:
            # A bare ", 94," or "100th birthday" is an age only when the post is about care.
            care = care or Nearby(CUES[language].care, text)
            if not care.within(0, len(text), len(text)):
                continue
        found.append(Span("phi.age", start, end))
    return found
