"""Dates of birth ("phi.dob") and day-level dates tied to a person ("phi.date")."""

from __future__ import annotations

import re

from practice.policy.findings import Span
from practice.policy.matching import LABEL_LOOKBACK, Nearby

# How far (in characters) a clinical-event or patient word may be from the date it qualifies.
_DATE_CONTEXT = 50

_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# "May" only capitalised: lower-case "may" is almost always the verb.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May|MAY)|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?!\w)\.?"
)
_ES_MONTH = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre"
    r"|ene|feb|mar|abr|jun|jul|ago|sep|oct|nov|dic)(?!\w)\.?"
)
# Days named by a holiday: "admitted on Christmas Eve" dates a stay as surely as "12/24" does.
_HOLIDAY = (
    r"(?:Christmas\s+(?:Eve|Day)|New\s+Year'?s\s+(?:Eve|Day)|Valentine'?s\s+Day|Thanksgiving\s+Day"
    r"|Nochebuena|Nochevieja|d[ií]a\s+de\s+(?:Navidad|Reyes|A[nñ]o\s+Nuevo))"
)
DATE_RE = re.compile(
    rf"""
    (?<![\w/.\-])    # not the tail of a longer token such as a version or a phone number
    (?:
        (?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?:/(?:\d{{4}}|\d{{2}}))?           # 3/4, 12/01/2023
      | (?P<c>\d{{1,2}})[-.](?P<d>\d{{1,2}})[-.](?:\d{{4}}|\d{{2}})          # 3-4-1985 (needs a year: "ages 12-18")
      | \d{{4}}-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})                          # ISO 1985-03-04
      | {_MONTH}\s*{_DAY}(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?            # March 4, 1985
      | {_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?        # 4 March 1985
      | {_DAY}\s+de\s+{_ES_MONTH}(?:\s+(?:de|del)\s+{_YEAR})?              # 3 de marzo de 1951
      | (?P<holiday>{_HOLIDAY})                                               # Christmas Eve: with an event only
      | (?P<monthyear>{_MONTH},?\s+{_YEAR})                                  # March 1985: only after "born"
    )
    (?![\w/]|[.\-]\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FRACTION_TAIL_RE = re.compile(r"\s*(?:of|ths?)\b", re.IGNORECASE)  # "3/4 of the staff"
_DOB_LABEL_RE = re.compile(
    r"(?<!\w)(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday|b-?day|born"
    r"|fecha\s+de\s+nac(?:imiento|\.)?|f\.\s*(?:de\s+)?nac\.?|naci[oó]|nacid[oa]|nacimiento)"
    # A few words may stand between: "DOB is literally 2/29/1936", "fecha de nacimiento de la paciente es".
    r"\s*[:,\-]?\s*(?:[^\W\d]+\s+){0,4}?(?:(?:on|in|is|was|el|en|es|fue)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# Words that tie a date to a person: clinical events and references to one patient.
# "patients" (plural) is left out on purpose: "we saw 300 patients on 3/4" names nobody.
_EVENT_RE = re.compile(
    r"(?<!\w)(?:admit(?:ted|ting|s)?|admission|discharg(?:e|ed|es|ing)|died|dies|death|passed\s+away"
    r"|deliver(?:ed|y|ies)|gave\s+birth|born|surgery|surgical|operated|operation|procedure|transplant(?:ed)?"
    r"|seen|visited|visit(?!\s+(?:the|our|us|a|an)\b)|treated|transferred|expired|coded|intubated|diagnos(?:ed|is)|appointment|appt"
    r"|DOS|date\s+of\s+service|(?<!every\s)(?<!each\s)(?<!any\s)patient|pt|mr|mrs|ms|baby|newborn|arrived|came\s+in|brought\s+in"
    # Spanish: ingresó, alta, operada, intubamos, falleció, paciente...
    r"|ingres(?:[oó]|ad[oa]|aron|amos)|alta|operad[oa]|operamos|operaron|cirug[ií]a|intubamos|intubad[oa]"
    r"|falleci[oó]|muri[oó]|parto|trasplante|diagnosticad[oa]|(?<!cada\s)(?<!todo\s)paciente|lleg[oó]|sr|sra|se[nñ]or(?:a)?)(?!\w)",
    re.IGNORECASE,
)


def _valid_day_month(first: str, second: str) -> bool:
    """Either order (US m/d or elsewhere d/m) as long as it is a real day and month."""
    x, y = int(first), int(second)
    if not (1 <= x <= 31 and 1 <= y <= 31):
        return False
    return x <= 12 or y <= 12


def _is_real_date(m: re.Match[str], text: str) -> bool:
    """Numeric forms must be a real day and month; "24/7" and "3/4 of" are not dates."""
    if m["a"] is not None:
        return _valid_day_month(m["a"], m["b"]) and m.group() != "24/7" and not _FRACTION_TAIL_RE.match(text, m.end())
    if m["c"] is not None:
        return _valid_day_month(m["c"], m["d"])
    if m["im"] is not None:
        return 1 <= int(m["im"]) <= 12 and 1 <= int(m["id"]) <= 31
    return True  # month names are checked by the pattern itself


def find_dates(text: str, name_found: bool) -> list[Span]:
    found: list[Span] = []
    events: Nearby | None = None  # built on the first date: most posts have none
    for m in DATE_RE.finditer(text):
        if not _is_real_date(m, text):
            continue
        start, end = m.span()
        if _DOB_LABEL_RE.search(text, max(0, start - LABEL_LOOKBACK), start):
            found.append(Span("phi.dob", start, end))
        elif m["monthyear"] is not None:
            continue  # "March 1985" is not a day; only a birth label makes it PHI
        else:
            events = events or Nearby(_EVENT_RE, text)
            if name_found or events.within(start, end, _DATE_CONTEXT):
                found.append(Span("phi.date", start, end))
    return found
