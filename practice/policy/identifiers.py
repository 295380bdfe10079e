"""Numbers and places that point at a patient: record and account numbers ("phi.mrn"),
Social Security numbers ("phi.ssn"), street addresses ("phi.address") and rooms or beds ("phi.room")."""

from __future__ import annotations

import re

from practice.policy.cues import CUES
from practice.policy.findings import Span
from practice.policy.language import Language
from practice.policy.matching import Nearby

# Strong labels may stand right before the number ("MRN 00123456", "acct #44321", "DNI", "expediente
# 2023-118842"); weak ones are common words and need "#", "number", "no." or "ID" ("account #12345",
# not "account 2024"). Health plan, device serial, licence and licence-plate numbers count too.
_RECORD_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?:mrn|mr\#|med(?:ical)?\s+rec(?:ord)?s?|acct|a/c|patient\s+id|pt\s+id|member\s+id|insurance\s+id|hicn|mbi
          |(?:patient|pt)\s+account|health\s+plan(?:\s+(?:number|no\.?|id|\#))?|policy\s+(?:number|no\.?|\#)
          |serial(?:\s+(?:number|no\.?|\#))?|s/n|(?:license|licence)\s+plate|plate|driver'?s\s+licen[cs]e
          |(?:license|licence)\s+(?:number|no\.?|\#)
          |nhc|historia\s+cl[ií]nica|n(?:[uú]mero|[ºo°]\.?)\s+de\s+historia(?:\s+cl[ií]nica)?|expediente
          |(?:n[uú]mero\s+de\s+)?afiliaci[oó]n|(?:n[uú]mero\s+de\s+)?p[oó]liza(?:\s+del?\s+seguro)?
          |n[uú]mero\s+de\s+(?:seguro|serie)|placa|matr[ií]cula|licencia(?:\s+de\s+conducir)?)
        (?:\s*(?:number|num|no\.?|id|\#|n[ºo°]\.?))?
      | (?:account|chart|encounter|fin|visit|member|insurance|claim|historia|cuenta)
        \s*(?:number|num|no\.?|id|\#|n[ºo°]\.?)
    )
    \s*[:\#]?\s*\#?\s*
    (?P<id>[a-z0-9][a-z0-9\-]{3,19})
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MIN_RECORD_DIGITS = 4
_YEAR_RE = re.compile(r"(?:19|20)\d\d")

_SSN_RE = re.compile(
    r"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])"
    r"|(?<!\w)(?:ssn|social\s+security(?:\s+(?:number|no\.?|\#))?)\s*[:\#]?\s*\d{9}(?!\d)"
    # National ID and social security numbers of Spanish-speaking countries, after their label.
    r"|(?<!\w)(?:dni|nif|nie|curp|nss|c[eé]dula|(?:n[uú]mero\s+de\s+(?:la\s+)?)?seguridad\s+social)"
    r"\s*[:\#]?\s*(?:n[ºo°]\.?\s*)?[a-z0-9][a-z0-9/\-]{5,19}(?![\w/])",
    re.IGNORECASE,
)
_MIN_ID_DIGITS = 6

# An IPv4 address identifies a patient's device; "1.200.000.000" (Spanish thousands) is a number.
_IP_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|\.\d)")

_STREET_SUFFIX = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|way|court|ct|place|pl|terrace|ter"
    r"|parkway|pkwy|highway|hwy|circle|cir|square|sq"
    # "Dr" only when no name follows: "12 Oak Dr" is a street, "our 3 amazing Dr. Smith" is not.
    r"|drive|dr(?!\.\s*[A-Z][a-z]))"
)
_ADDRESS_RE = re.compile(
    rf"""
    (?<![\w\#/.\-$])\d{{1,6}}[A-Za-z]?                      # house number: 1216, 12B
    \s+(?:(?:[A-Z][\w'\-]*|\d{{1,3}}(?i:st|nd|rd|th))\s+){{1,4}}?  # street words: "Second", "42nd"
    {_STREET_SUFFIX}\.?
    (?:\s+(?:[NS][EW]|[NSEW])\b\.?)?                         # quadrant: SW
    (?:,?\s+(?i:apt|apartment|suite|ste|unit|\#)\.?\s*\#?\s*\w{{1,6}})?
    (?!\w)
    | (?<!\w)(?i:p\.?\s?o\.?\s+box)\s+\d{{1,6}}(?!\w)
    """,
    re.VERBOSE,
)

# A number is required: "plenty of room" and "bed rest" are not rooms.
_ROOM_RE = re.compile(
    r"(?<!\w)(?:rooms?|rm\.?|bed|bay|cubicle|isolette|crib|cama|habitaci[oó]n|hab\.|box|cub[ií]culo|incubadora)"
    r"\s*(?:no\.?|number|n[uú]mero|\#)?\s*\#?\s*[a-z]?\d{1,4}[a-z]?(?![\w%])",
    re.IGNORECASE,
)
# Staff shorthand for a bed: "Pt in 4", "Mr. Yamamoto in 18", "check on 14B", "la abuelita de la 8".
_BARE_ROOM_RE: dict[Language, re.Pattern[str]] = {
    "en": re.compile(r"(?<!\w)(?:in|check\s+on)\s+(?P<room>\d{1,3}[A-Z]?)(?![\w%:.,/]?\d)(?![\w%:/])"),
    "es": re.compile(r"(?<!\w)(?:de|en|revisar|revisen|a)\s+la\s+(?P<room>\d{1,3}[A-Z]?)(?![\w%:.,/]?\d)(?![\w%:/])"),
}
# "La 12 me tiró la gelatina": bed 12 as the subject of a verb; "la señora del 204": her room.
_SUBJECT_ROOM_ES = re.compile(
    r"(?<!\w)(?i:se[nñ]ora|se[nñ]or|paciente|abuelit[oa]|chic[oa]|ni[nñ][oa])\s+del\s+(?P<owner>\d{1,3}[A-Z]?)(?![\w%:.,/])"
    r"|(?<!\w)[Ll]a\s+(?P<room>\d{1,3}[A-Z]?)"
    r"(?=\s+(?:me|nos|se|le|ya|est[aá]|pide|pidi[oó]|tiene|quiere|dice|dijo|sigue)(?!\w))"
)
_BARE_ROOM_PERSON_EN = re.compile(
    r"(?i:(?<!\w)(?:pt|patient|grandma|grandpa|granny|lady|guy|gentleman|man|woman|(?:mr|mrs|ms|miss)\.?\s+\w+))\s+$"
)
_NOT_A_ROOM_AFTER = re.compile(
    r"\s*(?i:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|a\.?m\b|p\.?m\b|h\b|horas?|a\s+la|y\s+\d|%)"
)
_MEETING_CONTEXT = 40
# "room 210 of the education center": a room of a named building is a meeting room.
_OF_BUILDING_RE = re.compile(r"\s+of\s+the\s+[a-z]|\s+del?\s+(?:centro|edificio|pabell[oó]n)", re.IGNORECASE)


def _bare_rooms(text: str, language: Language) -> list[Span]:
    found: list[Span] = []
    for m in _BARE_ROOM_RE[language].finditer(text):
        if _NOT_A_ROOM_AFTER.match(text, m.end()):
            continue
        if language == "es":
            if m.group().lower().startswith("a "):
                continue  # "a la 1" is a time
        elif not m.group().lower().startswith("check") and not (
            m["room"][-1] in "ABC" or _BARE_ROOM_PERSON_EN.search(text, max(0, m.start() - 25), m.start())
        ):
            continue
        found.append(Span("phi.room", *m.span("room")))
    if language == "es":
        found.extend(Span("phi.room", *m.span(m.lastgroup or "room")) for m in _SUBJECT_ROOM_ES.finditer(text))
    return found


def find_rooms(text: str, language: Language = "en") -> list[Span]:
    found: list[Span] = []
    meetings: Nearby | None = None
    for m in _ROOM_RE.finditer(text):
        meetings = meetings or Nearby(CUES[language].meeting, text)
        if (
            meetings.within(*m.span(), _MEETING_CONTEXT)
            or _OF_BUILDING_RE.match(text, m.end())
            or _NOT_A_ROOM_AFTER.match(text, m.end())  # "waiting room 3 hours"
        ):
            continue
        found.append(Span("phi.room", *m.span()))
    return found + _bare_rooms(text, language)


def find_records(text: str) -> list[Span]:
    found: list[Span] = []
    for m in _RECORD_RE.finditer(text):
        if sum(c.isdigit() for c in m["id"]) >= _MIN_RECORD_DIGITS and not _YEAR_RE.fullmatch(m["id"]):
            found.append(Span("phi.mrn", *m.span()))
    for m in _IP_RE.finditer(text):
        parts = m.group().split(".")
        if all(int(p) <= 255 for p in parts) and not all(len(p) == 3 for p in parts[1:]):
            found.append(Span("phi.mrn", *m.span()))
    return found


def find_ssns(text: str) -> list[Span]:
    found: list[Span] = []
    for m in _SSN_RE.finditer(text):
        if m.group()[0].isdigit() or sum(c.isdigit() for c in m.group()) >= _MIN_ID_DIGITS:
            found.append(Span("phi.ssn", *m.span()))
    return found


def find_addresses(text: str) -> list[Span]:
    return [Span("phi.address", *m.span()) for m in _ADDRESS_RE.finditer(text)]
