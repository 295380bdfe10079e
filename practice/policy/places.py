"""Geography smaller than a state tied to a patient ("phi.address"), beyond numbered street addresses.

Found: a street named without a number where a person lives or comes from ("a man from the
apartments on Elm Street", "la calle Colón 24", "el señor del edificio de la calle Mayor"); a town
or neighbourhood next to a diagnosis or a patient ("Lyme disease case from Honeoye Falls", "our
frequent flyer from Brockport ... chest pain", "la paciente de Villa del Carmen con tuberculosis",
"otro caso de dengue de San Lorenzo"). Not found: places with no patient or diagnosis near
("a poster at the conference in Chicago", "joins us from Johns Hopkins", "el congreso de Sevilla").
"""

from __future__ import annotations

import re

from practice.policy.cues import CUES
from practice.policy.findings import Span
from practice.policy.language import Language
from practice.policy.matching import Nearby, word_set

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_CAP = rf"[{_UP}][{_LO}]+"
_PLACE = rf"{_CAP}(?:\s+(?:del?\s+|de\s+la\s+)?{_CAP}){{0,2}}"

_STREET_RE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        rf"(?<!\w)(?:on|at|from|near)\s+(?:the\s+)?(?:{_CAP}\s+){{1,2}}"
        r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Court|Ct|Place|Pl|Terrace|Parkway)\.?(?!\w)"
    ),
    "es": re.compile(
        rf"(?<!\w)(?i:calle|c/|avenida|avda\.?|av\.|paseo|plaza|colonia|col\.|barrio|fraccionamiento|urbanizaci[oó]n)"
        rf"\s+(?:(?:de|del)\s+(?:la\s+|los\s+)?)?{_CAP}(?:\s+{_CAP})?(?:\s+(?i:n[ºo°]\.?\s*)?\d{{1,5}})?(?!\w)"
    ),
}
_TOWN_RE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(rf"(?<!\w)(?:from|in)\s+(?:the\s+)?(?P<place>{_PLACE})(?!\w)"),
    "es": re.compile(rf"(?<!\w)(?:de|del)\s+(?:la\s+|el\s+)?(?P<place>{_PLACE})(?!\w)"),
}
# Diagnoses and conditions that turn a hometown into a health fact about someone.
_CONDITION_RE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"(?<!\w)(?i:disease|case|chest\s+pain|pain|utis?|infection|cancer|covid|flu|overdose|od|tb|tuberculosis"
        r"|measles|lyme|stroke|fracture|pneumonia|sick|positive|frequent\s+flyer|back\s+with|coming\s+in|wound"
        r"|copd|chf|diabet(?:es|ic)|dementia|hospice|dialysis|home\s+visit|patient)(?!\w)"
    ),
    "es": re.compile(
        r"(?<!\w)(?i:caso|dengue|tuberculosis|covid|infarto|neumon[ií]a|c[aá]ncer|dolor|fractura|infecci[oó]n"
        r"|sobredosis|positivo|sarampi[oó]n|gripe|herida|ca[ií]das|epoc|diabet(?:es|ic[oa])|demencia"
        r"|di[aá]lisis|paliativos|visita\s+(?:a\s+)?domicili(?:o|aria)|paciente)(?!\w)"
    ),
}
# A person noun right before "from"/"de": the place is where that person lives.
_PERSON_BEFORE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(r"(?i:lady|man|woman|guy|gentleman|patient|pt|flyer|case|kid|family)\s+$"),
    "es": re.compile(r"(?i:se[nñ]or(?:a)?|paciente|caso|vecin[oa]|hombre|mujer|ni[nñ][oa])\s+$"),
}
_CONDITION_REACH = 40
# Capitalised words that start no place name: calendar words, sentence openers, care acronyms.
NOT_PLACE_WORDS = word_set("""
    the a an our my his her this that monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december christmas
    easter thanksgiving dr dra doctor nurse mr mrs ms miss lunes martes miércoles jueves viernes sábado
    domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    navidad señor señora don doña paciente la el los las
    """)


def find_places(text: str, language: Language) -> list[Span]:
    found: list[Span] = []
    person: Nearby | None = None
    for m in _STREET_RE[language].finditer(text):
        person = person or Nearby(CUES[language].person, text)
        if m.group()[-1].isdigit() or person.within(*m.span(), 60):
            found.append(Span("phi.address", *m.span()))
    conditions: Nearby | None = None
    for m in _TOWN_RE[language].finditer(text):
        words = m["place"].split()
        if words[0].casefold() in NOT_PLACE_WORDS:
            continue
        conditions = conditions or Nearby(_CONDITION_RE[language], text)
        tied = _PERSON_BEFORE[language].search(text, max(0, m.start() - 20), m.start())
        if tied or conditions.within(*m.span(), _CONDITION_REACH):
            found.append(Span("phi.address", *m.span("place")))
    return found
