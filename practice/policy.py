"""Find protected health information (PHI) and social-media policy breaches in a post.

Pure Python, no Django: the composer calls it to warn before posting (it never blocks
outside drills) and the rubric grader calls it for the "policy" rule kind. Every finding
cites a rule code from ``RULES``, quotes its span with code-point offsets, and carries a
safer rewrite of the whole post.

What is found, and how
----------------------
- ``phi.patient_name``: a name from the scenario's synthetic patient list, matched on whole
  words, ignoring case and accents: the full name, or the surname after a title ("Mr. Smith").
- ``phi.dob``: a date after a birth label ("DOB", "born on", "birthday").
- ``phi.date``: a day-level date (never a year alone) tied to a person: a clinical-event or
  patient word ("admitted", "discharged", "surgery", "patient"...) within 50 characters, or
  a listed patient named anywhere in the post.
- ``phi.mrn``: a medical record, patient, account or member number after its label.
- ``phi.ssn``: a US Social Security number.
- ``phi.phone``: phonenumbers' ``PhoneNumberMatcher`` (region configurable, default "US") at
  POSSIBLE leniency, so the fictional 555 numbers of our scenarios count as well as real ones.
  Not a phone: a number labelled as an order, PO, invoice, ticket... ("order #5551234567" is a
  purchase reference, not a way to reach a person), one glued to a longer digit run
  ("PO 555-123-4567-88"), a toll-free number (an organisation's info line, never a person's),
  and a bare digit run (no separators or "+") that is not a valid number and has no
  "call"/"text"/"phone" cue before it (so "raised 1000000" is not a phone).
- ``phi.email``: an address standing alone. One inside a link ("https://x.org/?contact=a@b.com")
  is part of the URL: nothing inside a URL is flagged, since links are reviewed as links.
- ``phi.address``: house number, capitalised street words, a street suffix ("1216 Second St SW"),
  or a PO box.
- ``phi.room``: "room", "rm", "bed", "bay" followed by a number ("bed 4B"); "plenty of room" and
  "bed rest" have no number and are left alone, and a room near "conference", "presenting",
  "meeting"... is a meeting room.
- ``phi.indirect``: a rare-event term (triplets, conjoined twins, celebrity, VIP, gunshot,
  transplant...) with a unit term (L&D, ICU, ER, ward, floor 3, room 12...) or a time term (today,
  tonight, yesterday, just now...) within 80 characters. The span is the rare term (with a
  following "mom", "victim"... if any), because that is the detail to drop.
- ``policy.undisclosed_employer``: the post speaks about the employer (its name, its handle,
  "my hospital", "where I work") but never says the author works there.
- ``policy.no_disclaimer``: a disclaimer is required and missing (an empty span at the end).

Hashtags and @mentions are never flagged, nor is anything starting inside them.
When findings overlap, the longest wins, then the most specific (``_SPECIFICITY``).

Library evaluation
------------------
Checked in throwaway venvs in /tmp (wheels current on PyPI at the time of writing), offline
apart from PyPI:

- philter-lite 0.6.0 (BSD): built for clinical notes with a whitelist approach (redact all that
  a "safe" rule does not keep). ``detect_phi`` always calls ``nltk.pos_tag``, which raised
  LookupError for the missing ``averaged_perceptron_tagger_eng`` data; that data comes from
  the NLTK downloader, not PyPI, so it cannot work offline here. Not used.
- presidio-analyzer 2.2.366 (MIT): requires spaCy and numpy (~390 MB installed) even for pattern
  recognizers. ``AnalyzerEngine()`` tries to download a spaCy model and failed offline; the
  pattern recognizers alone run, but the e-mail one fetches the public-suffix list online
  (falls back to a snapshot) and flagged "example.com/?contact=a@b.com" inside a URL; its phone
  recognizer is phonenumbers. Nothing for MRNs, rooms, patient lists or indirect identifiers.
  Not used.
- scrubadub 2.0.1 (MIT, last release 2023): pulls scikit-learn, scipy, dateparser and a pinned
  textblob 0.15.3 (~410 MB). Its defaults flag every @mention ("twitter" filth) and whole URLs,
  missed "(555) 123-4567", and its name detector raised MissingCorpusError (NLTK corpora are a
  download). Not used.

Outcome: none adds enough to justify the weight or the download-at-run-time risk; this module
uses phonenumbers (already pinned) plus small, explained regular expressions. Every pattern
starts on a keyword, a digit or a look-behind guard and has bounded repeats, so there is no
catastrophic backtracking (tests time a 10k-character post and a 100k one).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers


@dataclass(frozen=True)
class Finding:
    rule: str  # stable code from RULES, e.g. "phi.phone"
    title: str  # short human title, e.g. "Phone number"
    explanation: str  # one sentence: why this breaks the social-media policy
    span: str  # the quoted text (empty for a missing disclaimer)
    start: int  # code-point offset in the text
    end: int
    suggestion: str  # the whole text rewritten with this finding fixed


RULES: dict[str, tuple[str, str]] = {
    "phi.patient_name": (
        "Patient name",
        "A patient's name is a HIPAA identifier, so posting it discloses who was in our care.",
    ),
    "phi.dob": (
        "Date of birth",
        "A birth date is a HIPAA identifier and, with almost any other detail, pinpoints one patient.",
    ),
    "phi.date": (
        "Date tied to a patient",
        "Admission, discharge, surgery or death dates are HIPAA identifiers when linked to a person.",
    ),
    "phi.mrn": (
        "Medical record or account number",
        "Record, patient, account and member numbers are HIPAA identifiers that point straight at a patient.",
    ),
    "phi.ssn": (
        "Social Security number",
        "A Social Security number is a HIPAA identifier and enables identity theft.",
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
        "Street address",
        "Street addresses are HIPAA identifiers and can lead anyone to a patient's home.",
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

# The neutral phrase that replaces each PHI span in a suggested rewrite.
_REPLACEMENTS: dict[str, str] = {
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
_APPENDIX: dict[str, str] = {
    "policy.undisclosed_employer": "(Disclosure: I work here.)",
    "policy.no_disclaimer": "(Views are my own.)",
}

# Overlap ties (same length) go to the more specific rule: lower is more specific.
_SPECIFICITY: dict[str, int] = {
    rule: rank
    for rank, rule in enumerate(
        (
            "phi.patient_name",
            "phi.mrn",
            "phi.ssn",
            "phi.dob",
            "phi.date",
            "phi.email",
            "phi.address",
            "phi.phone",
            "phi.room",
            "phi.indirect",
        )
    )
}

# Each finding carries a rewrite of the whole text, so a pathological 100k-character input
# with thousands of hits would cost gigabytes; a real post never comes near this.
MAX_FINDINGS = 200

# How far (in characters) context words may be from the thing they qualify.
_DATE_CONTEXT = 50
_INDIRECT_CONTEXT = 80
_LABEL_LOOKBACK = 40

# Bound the candidates phonenumbers parses: each try is a parse, and digit-dense junk makes many.
_PHONE_MAX_TRIES = 1000

_Span = tuple[str, int, int]  # (rule, start, end) before it becomes a Finding


# --- text normalisation -------------------------------------------------------------------

# Typographic variants that should compare equal to their ASCII forms. "≠" must become "!="
# before accents are stripped: NFKD would split it into "=" + a combining mark and then
# "RT ≠ endorsement" would read "RT = endorsement".
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2260": "!=",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def _plain(text: str) -> str:
    """Casefold with apostrophes, quotes and "≠" unified; for yes/no phrase checks only."""
    return text.replace("=\u0338", "\u2260").translate(_PLAIN).casefold()


@lru_cache(maxsize=8)
def _fold(text: str) -> tuple[str, list[int] | None]:
    """Fold case, accents and apostrophes, keeping a map back to the original offsets.

    Returns the folded text and, for each folded character, the index of the original
    character it came from (None when folding kept every offset, the usual ASCII case).
    """
    if text.isascii():
        return text.lower(), None
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            folded = ch.lower()
        else:
            decomposed = unicodedata.normalize("NFKD", ch.translate(_PLAIN))
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        parts.append(folded)
        index.extend([i] * len(folded))
    return "".join(parts), index


def _unfold(text: str, index: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a folded [start, end) back to the original text."""
    if index is None:
        return start, end
    orig_start, orig_end = index[start], index[end - 1] + 1
    # A decomposed accent ("e" + U+0301) folds to nothing: keep it inside the span.
    while orig_end < len(text) and unicodedata.combining(text[orig_end]):
        orig_end += 1
    return orig_start, orig_end


def _words_pattern(phrase: str) -> str:
    """A folded phrase as a regex: its words escaped, any whitespace between them."""
    return r"\s+".join(re.escape(word) for word in _fold(phrase)[0].split())


# --- links, hashtags and mentions ---------------------------------------------------------

# A link is a link: nothing inside one is flagged. Bare domains count only with a path.
_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![\w@.\-])[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,24}/[^\s<>\"']*",
    re.IGNORECASE,
)
# A hashtag or mention has at least one letter ("#44321" after "acct" is a number, not a tag).
_TAG_RE = re.compile(r"(?<![\w&])[#@](?=\d*[^\W\d])\w+")


def _shielded_spans(text: str) -> list[tuple[int, int]]:
    """Links, hashtags and mentions, merged into sorted, non-overlapping intervals."""
    spans = sorted([m.span() for m in _URL_RE.finditer(text)] + [m.span() for m in _TAG_RE.finditer(text)])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _starts_inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, position) - 1
    return i >= 0 and position < spans[i][1]


# --- patient names ------------------------------------------------------------------------

_TITLES = r"(?:mr|mrs|ms|miss|mx|mister|master|madam|mme|sr|sra|srta|senor|senora|baby)"


@lru_cache(maxsize=64)
def _patient_name_re(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all names, run on folded text: full names, or a title + surname."""
    full_names: set[str] = set()
    surnames: set[str] = set()
    for name in names:
        words = _fold(name)[0].split()
        if not words:
            continue
        full_names.add(r"\s+".join(map(re.escape, words)))
        if len(words) > 1:
            # "Mr. Smith" for John Smith; "Mr. van der Berg" and "Mr. Berg" for Jan van der Berg.
            surnames.add(re.escape(words[-1]))
            surnames.add(r"\s+".join(map(re.escape, words[1:])))
    if not full_names:
        return None
    # Longest first, so "John Smith" wins over "John" when both are listed.
    alternatives = [rf"{_TITLES}\.?\s+(?:{'|'.join(sorted(surnames, key=len, reverse=True))})"] if surnames else []
    alternatives.append("|".join(sorted(full_names, key=len, reverse=True)))
    return re.compile(rf"(?<![\w@#])(?:{'|'.join(alternatives)})(?!\w)")


def _find_patient_names(text: str, names: Sequence[str]) -> list[_Span]:
    pattern = _patient_name_re(tuple(str(n) for n in names))
    if pattern is None:
        return []
    folded, index = _fold(text)
    found = []
    for m in pattern.finditer(folded):
        start, end = _unfold(text, index, *m.span())
        found.append(("phi.patient_name", start, end))
    return found


# --- dates --------------------------------------------------------------------------------

_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# "May" only capitalised: lower-case "may" is almost always the verb.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May|MAY)|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?!\w)\.?"
)
_DATE_RE = re.compile(
    rf"""
    (?<![\w/.\-])    # not the tail of a longer token such as a version or a phone number
    (?:
        (?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?:/(?:\d{{4}}|\d{{2}}))?           # 3/4, 12/01/2023
      | (?P<c>\d{{1,2}})[-.](?P<d>\d{{1,2}})[-.](?:\d{{4}}|\d{{2}})          # 3-4-1985 (needs a year: "ages 12-18")
      | \d{{4}}-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})                          # ISO 1985-03-04
      | {_MONTH}\s*{_DAY}(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?            # March 4, 1985
      | {_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?        # 4 March 1985
      | (?P<monthyear>{_MONTH},?\s+{_YEAR})                                  # March 1985: only after "born"
    )
    (?![\w/]|[.\-]\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FRACTION_TAIL_RE = re.compile(r"\s*(?:of|ths?)\b", re.IGNORECASE)  # "3/4 of the staff"
_DOB_LABEL_RE = re.compile(
    r"(?<!\w)(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday|b-?day|born)"
    r"\s*[:,\-]?\s*(?:(?:on|in|is|was)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# Words that tie a date to a person: clinical events and references to one patient.
# "patients" (plural) is left out on purpose: "we saw 300 patients on 3/4" names nobody.
_EVENT_RE = re.compile(
    r"(?<!\w)(?:admit(?:ted|ting|s)?|admission|discharg(?:e|ed|es|ing)|died|dies|death|passed\s+away"
    r"|deliver(?:ed|y|ies)|gave\s+birth|born|surgery|surgical|operated|operation|procedure|transplant(?:ed)?"
    r"|seen|visit(?:ed)?|treated|transferred|expired|coded|intubated|diagnos(?:ed|is)|appointment|appt"
    r"|DOS|date\s+of\s+service|patient|pt|mr|mrs|ms|baby|newborn|arrived|came\s+in|brought\s+in)(?!\w)",
    re.IGNORECASE,
)


def _valid_day_month(first: str, second: str) -> bool:
    """Either order (US m/d or elsewhere d/m) as long as it is a real day and month."""
    x, y = int(first), int(second)
    if not (1 <= x <= 31 and 1 <= y <= 31):
        return False
    return x <= 12 or y <= 12


class _Nearby:
    """Where a context pattern matches in the text, to ask "is one within reach of this span?"

    One pass over the text instead of one search per candidate keeps dense texts fast.
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        spans = [m.span() for m in pattern.finditer(text)]
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]  # matches never overlap, so ends are sorted too

    def within(self, start: int, end: int, reach: int) -> bool:
        i = bisect.bisect_right(self._ends, start - reach)
        return i < len(self._starts) and self._starts[i] < end + reach


def _is_real_date(m: re.Match[str], text: str) -> bool:
    """Numeric forms must be a real day and month; "24/7" and "3/4 of" are not dates."""
    if m["a"] is not None:
        return _valid_day_month(m["a"], m["b"]) and m.group() != "24/7" and not _FRACTION_TAIL_RE.match(text, m.end())
    if m["c"] is not None:
        return _valid_day_month(m["c"], m["d"])
    if m["im"] is not None:
        return 1 <= int(m["im"]) <= 12 and 1 <= int(m["id"]) <= 31
    return True  # month names are checked by the pattern itself


def _find_dates(text: str, name_found: bool) -> list[_Span]:
    found = []
    events: _Nearby | None = None  # built on the first date: most posts have none
    for m in _DATE_RE.finditer(text):
        if not _is_real_date(m, text):
            continue
        start, end = m.span()
        if _DOB_LABEL_RE.search(text, max(0, start - _LABEL_LOOKBACK), start):
            found.append(("phi.dob", start, end))
        elif m["monthyear"] is not None:
            continue  # "March 1985" is not a day; only a birth label makes it PHI
        else:
            events = events or _Nearby(_EVENT_RE, text)
            if name_found or events.within(start, end, _DATE_CONTEXT):
                found.append(("phi.date", start, end))
    return found


# --- numbers with labels, addresses, rooms ------------------------------------------------

# Strong labels may stand right before the number ("MRN 00123456", "acct #44321"); weak ones are
# common words and need "#", "number", "no." or "ID" ("account #12345", not "account 2024").
_RECORD_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?:mrn|mr\#|med(?:ical)?\s+rec(?:ord)?s?|acct|a/c|patient\s+id|pt\s+id|member\s+id|insurance\s+id|hicn|mbi)
        (?:\s*(?:number|num|no\.?|id|\#))?
      | (?:account|chart|encounter|fin|visit|member|insurance|claim)
        \s*(?:number|num|no\.?|id|\#)
    )
    \s*[:\#]?\s*\#?\s*
    (?P<id>[a-z0-9][a-z0-9\-]{3,19})
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MIN_RECORD_DIGITS = 4

_SSN_RE = re.compile(
    r"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])"
    r"|(?<!\w)(?:ssn|social\s+security(?:\s+(?:number|no\.?|\#))?)\s*[:\#]?\s*\d{9}(?!\d)",
    re.IGNORECASE,
)

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
    r"(?<!\w)(?:room|rm\.?|bed|bay|cubicle|isolette|crib)\s*(?:no\.?|number|\#)?\s*\#?\s*[a-z]?\d{1,4}[a-z]?(?![\w%])",
    re.IGNORECASE,
)


# "Presenting in Room 204B" is a meeting room, not a patient's.
_MEETING_RE = re.compile(
    r"(?<!\w)(?:conference|meeting|class|lecture|seminar|session|talk|present(?:s|ing|ation)?|training|workshop"
    r"|poster|webinar|huddle|in-?service|auditorium|board\s+room)(?!\w)",
    re.IGNORECASE,
)
_MEETING_CONTEXT = 40


def _find_rooms(text: str) -> list[_Span]:
    found = []
    meetings: _Nearby | None = None
    for m in _ROOM_RE.finditer(text):
        meetings = meetings or _Nearby(_MEETING_RE, text)
        if not meetings.within(*m.span(), _MEETING_CONTEXT):
            found.append(("phi.room", *m.span()))
    return found


def _find_records(text: str) -> list[_Span]:
    found = []
    for m in _RECORD_RE.finditer(text):
        if sum(c.isdigit() for c in m["id"]) >= _MIN_RECORD_DIGITS:
            found.append(("phi.mrn", *m.span()))
    return found


def _find_by_regex(rule: str, pattern: re.Pattern[str], text: str) -> list[_Span]:
    return [(rule, *m.span()) for m in pattern.finditer(text)]


# --- e-mail and phone ---------------------------------------------------------------------

# The look-behind stops a match from starting mid-word, which keeps a long run of letters
# without "@" linear instead of quadratic.
_EMAIL_RE = re.compile(
    r"(?<![\w.%+\-@/])[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63})*\.[a-z]{2,24}(?![\w@])",
    re.IGNORECASE,
)

# Labels that make a number a commercial reference rather than a way to reach a person.
_NOT_PHONE_LABEL_RE = re.compile(
    r"(?<!\w)(?:order|p\.?o\.?|purchase\s+order|invoice|inv|ref(?:erence)?|confirmation|conf|tracking"
    r"|ticket|serial|sku|item|model|part|lot|case|claim|transaction|receipt|isbn|batch)"
    r"\s*(?:no\.?|num(?:ber)?\.?|id)?\s*[:\#]?\s*\#?\s*$",
    re.IGNORECASE,
)
_PHONE_CUE_RE = re.compile(
    r"(?<!\w)(?:call|text|txt|phone|ph|tel|cell|mobile|fax|pager|contact|reach|dial|ring|whatsapp|sms)(?!\w)",
    re.IGNORECASE,
)
_PHONE_FORMATTING = frozenset("+-(). /")


def _glued_to_digits(text: str, start: int, end: int) -> bool:
    """True when the match is part of a longer number such as "555-123-4567-88"."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return bool(
        (before and before[-1].isdigit())
        or (len(before) == 2 and before[1] in "-./" and before[0].isdigit())
        or (after and after[0].isdigit())
        or (len(after) == 2 and after[0] in "-./" and after[1].isdigit())
    )


def _find_phones(text: str, region: str) -> list[_Span]:
    found: list[_Span] = []
    try:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region.upper(), leniency=phonenumbers.Leniency.POSSIBLE, max_tries=_PHONE_MAX_TRIES
        )
        for m in matcher:
            start, end, raw = m.start, m.end, m.raw_string
            if _NOT_PHONE_LABEL_RE.search(text, max(0, start - _LABEL_LOOKBACK), start):
                continue
            if _glued_to_digits(text, start, end) or _DATE_RE.fullmatch(raw):
                continue
            if phonenumbers.number_type(m.number) == phonenumbers.PhoneNumberType.TOLL_FREE:
                continue  # an organisation's info line (1-800...), never a person's number
            formatted = any(c in _PHONE_FORMATTING for c in raw)
            if not (
                formatted
                or phonenumbers.is_valid_number(m.number)
                or _PHONE_CUE_RE.search(text, max(0, start - 25), start)
            ):
                continue
            found.append(("phi.phone", start, end))
    except Exception:
        # phonenumbers is third-party code run on arbitrary text; a warning tool must not crash
        # the composer, so keep whatever was found before the failure.
        return found
    return found


# --- indirect identifiers -----------------------------------------------------------------

# Rare events that single out a patient. "famous" needs a person noun after it, or "our famous
# chili cook-off today" would count. A following "mom", "victim"... joins the span so the
# rewrite drops the whole description.
_RARE_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?:triplet|quadruplet|quintuplet|sextuplet)s?
      | (?:conjoined|siamese)\s+twins?
      | celebrit(?:y|ies) | vip | movie\s+star | pop\s+star | rock\s+star
      | famous(?:\s+\w+)?\s+(?:patient|person|guest|visitor|athlete|actor|actress|singer|musician|player|star|face)
      | gunshot(?:\s+wound)? | gsw | stabbing | stab\s+wound | shark\s+attack | bear\s+attack | dog\s+attack
      | struck\s+by\s+lightning | lightning\s+strike
      | (?:(?:face|hand|uterus|heart|lung|liver|kidney|double|triple)[\s\-])?transplants?
      | world'?s\s+(?:first|youngest|oldest|smallest) | youngest\s+patient | oldest\s+patient | centenarian
      | rare\s+(?:disease|condition|disorder|syndrome)
    )
    (?:['’]s?)?
    (?:\s+(?:mom|mother|dad|father|parents?|family|patient|victim|baby|babies|recipient|survivor))?
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Unit acronyms only in capitals: "or", "er" and "ed" are ordinary lower-case words.
_UNIT_OR_TIME_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?-i:L\s?&\s?D|L\s?and\s?D|A&E|ICU|NICU|PICU|MICU|SICU|CCU|CVICU|PACU|ITU|HDU|SCBU|ER|ED|OR)
      | labou?r\s+(?:and|&)\s+delivery | maternity | postpartum | mother[\s\-]baby
      | emergency\s+(?:room|department|dept) | trauma\s+(?:bay|cent(?:er|re)|unit) | operating\s+(?:room|theat(?:re|er))
      | intensive\s+care | burn\s+unit | cath\s+lab | ward | unit | bay | wing
      | floor\s+\d{1,3} | \d{1,3}(?:st|nd|rd|th)\s+floor | (?:room|rm|bed)\s*\#?\s*[a-z]?\d{1,4}
      | today | tonight | this\s+(?:morning|afternoon|evening) | yesterday | last\s+night | overnight
      | just\s+now | right\s+now
    )
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _find_indirect(text: str) -> list[_Span]:
    found = []
    context: _Nearby | None = None
    for m in _RARE_RE.finditer(text):
        context = context or _Nearby(_UNIT_OR_TIME_RE, text)
        if context.within(*m.span(), _INDIRECT_CONTEXT):
            found.append(("phi.indirect", *m.span()))
    return found


# --- putting PHI findings together --------------------------------------------------------


def _resolve_overlaps(candidates: Iterable[_Span]) -> list[_Span]:
    """Keep non-overlapping spans: longest first, then most specific."""
    ordered = sorted(candidates, key=lambda c: (-(c[2] - c[1]), _SPECIFICITY[c[0]], c[1]))
    kept_starts: list[int] = []
    kept: list[_Span] = []
    for cand in ordered:
        _, start, end = cand
        i = bisect.bisect_left(kept_starts, start)
        # Kept spans never overlap each other, so only the neighbours can overlap this one.
        if i > 0 and kept[i - 1][2] > start:
            continue
        if i < len(kept) and kept[i][1] < end:
            continue
        kept_starts.insert(i, start)
        kept.insert(i, cand)
    return kept


def _rewrite(text: str, spans: Sequence[_Span]) -> str:
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


def _make_finding(text: str, rule: str, start: int, end: int) -> Finding:
    title, explanation = RULES[rule]
    return Finding(
        rule=rule,
        title=title,
        explanation=explanation,
        span=text[start:end],
        start=start,
        end=end,
        suggestion=_rewrite(text, [(rule, start, end)]),
    )


def find_phi(text: str, *, patient_names: Sequence[str] = (), region: str = "US") -> list[Finding]:
    """PHI findings sorted by start, never overlapping (at most MAX_FINDINGS of them)."""
    names = _find_patient_names(text, patient_names)
    candidates: list[_Span] = [
        *names,
        *_find_records(text),
        *_find_by_regex("phi.ssn", _SSN_RE, text),
        *_find_dates(text, name_found=bool(names)),
        *_find_by_regex("phi.email", _EMAIL_RE, text),
        *_find_by_regex("phi.address", _ADDRESS_RE, text),
        *_find_phones(text, region),
        *_find_rooms(text),
        *_find_indirect(text),
    ]
    shielded = _shielded_spans(text)
    if shielded:
        starts = [s for s, _ in shielded]
        candidates = [c for c in candidates if not _starts_inside(c[1], shielded, starts)]
    kept = _resolve_overlaps(candidates)[:MAX_FINDINGS]
    return [_make_finding(text, rule, start, end) for rule, start, end in kept]


def suggest_rewrite(text: str, findings: Sequence[Finding]) -> str:
    """The text with every finding fixed at once (PHI replaced, disclosures appended).

    Findings whose offsets do not fit this text, or that overlap an earlier one, are skipped.
    """
    spans = [(f.rule, f.start, f.end) for f in findings if text[f.start : f.end] == f.span or f.rule in _APPENDIX]
    return _rewrite(text, spans)


# --- policy rules beyond PHI --------------------------------------------------------------

_EMPLOYER_PHRASE_RE = re.compile(
    r"(?<!\w)(?:(?:my|our)\s+(?:hospital|workplace|health\s+system|medical\s+cent(?:er|re)|clinic)"
    r"|where\s+i\s+work)(?!\w)",
    re.IGNORECASE,
)
# Run on _plain() text (lower case, straight apostrophes).
_DISCLOSURE_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        i\s*(?:'m|am)\s+(?:an?|the|one\s+of\s+the)\s+(?!(?:patient|visitor|fan|customer)\b)
            (?:[\w&/\-]+\s+){0,3}?(?:at|for|with|on\s+staff\s+at)
      | work(?:s|ed|ing)?\s+(?:here|at|for)
      | employ(?:ee|ed)\s+(?:of|by|at)
      | my\s+employer
      | on\s+staff\s+(?:at|with)
      | staff\s+member\s+(?:at|of)
      | (?:full\s+)?disclosure\s*:
      | full\s+disclosure
    )
    (?!\w)
    | \#(?:employee|iworkhere|proudemployee|proudstaff)(?!\w)
    """,
    re.VERBOSE,
)


def _handle_re(handles: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = sorted({h.strip().lstrip("@") for h in handles if h.strip().lstrip("@")}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile(rf"(?<![\w@])@(?:{'|'.join(map(re.escape, cleaned))})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=64)
def _employer_name_re(names: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = sorted({p for p in map(_words_pattern, names) if p}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(rf"(?<![\w@#])(?:{'|'.join(alternatives)})(?!\w)")


def _first_employer_mention(
    text: str, employer_names: Sequence[str], employer_handles: Sequence[str]
) -> tuple[int, int] | None:
    spans: list[tuple[int, int]] = []
    name_re = _employer_name_re(tuple(str(n) for n in employer_names))
    if name_re is not None:
        folded, index = _fold(text)
        m = name_re.search(folded)
        if m:
            spans.append(_unfold(text, index, *m.span()))
    handle_re = _handle_re(tuple(str(h) for h in employer_handles))
    for pattern in (handle_re, _EMPLOYER_PHRASE_RE):
        m = pattern.search(text) if pattern is not None else None
        if m:
            spans.append(m.span())
    return min(spans) if spans else None


def discloses_employer(
    text: str, *, employer_names: Sequence[str] = (), employer_handles: Sequence[str] = ()
) -> Finding | None:
    """A "policy.undisclosed_employer" finding when the post speaks about the employer without
    saying the author works there; None when it is fine (no mention, or a disclosure)."""
    mention = _first_employer_mention(text, employer_names, employer_handles)
    if mention is None or _DISCLOSURE_RE.search(_plain(text)):
        return None
    return _make_finding(text, "policy.undisclosed_employer", *mention)


_DISCLAIMER_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        (?:views?|opinions?|thoughts?|tweets?|posts?)(?:\s+(?:expressed|shared))?(?:\s+(?:here|are|r|is|=))*
            \s*(?:(?:are\s+)?my\s+own|mine|(?:are\s+)?personal)
      | my\s+(?:own\s+)?(?:views|opinions)
      | not\s+(?:necessarily\s+)?(?:the\s+|those\s+of\s+)?(?:views?\s+|opinions?\s+)?(?:of\s+)?my\s+employer
      | (?:do|does)\s*(?:n't|\s+not)\s+(?:necessarily\s+)?(?:reflect|represent)\s+
            (?:the\s+(?:views?|opinions?)\s+of\s+|those\s+of\s+)?my\s+employer
      | (?:rts?|retweets?|re-tweets?|reposts?|shares?|likes?|follows?|following|favs?)
            (?:\s*(?:/|,|&|\+|and|or)\s*(?:rts?|retweets?|re-tweets?|reposts?|shares?|likes?|follows?|following|favs?))*
            \s*(?:!=|=/=|<>|are\s+not|aren't|is\s+not|isn't|not|never
                  |(?:do|does)\s*(?:n't|\s+not)\s+(?:mean|equal|imply|indicate))
            \s*(?:an?\s+)?endorse(?:ments?|s|d)?
    )
    (?!\w)
    """,
    re.VERBOSE,
)


def has_disclaimer(text: str) -> bool:
    """True when the post says its views are the author's own (or RT ≠ endorsement)."""
    return _DISCLAIMER_RE.search(_plain(text)) is not None


def check_policy(
    text: str,
    *,
    patient_names: Sequence[str] = (),
    employer_names: Sequence[str] = (),
    employer_handles: Sequence[str] = (),
    require_disclaimer: bool = False,
    region: str = "US",
) -> list[Finding]:
    """Every finding: PHI, an undisclosed employer, and (when required) a missing disclaimer."""
    findings = find_phi(text, patient_names=patient_names, region=region)
    employer = discloses_employer(text, employer_names=employer_names, employer_handles=employer_handles)
    if employer is not None:
        findings.append(employer)
    if require_disclaimer and not has_disclaimer(text):
        findings.append(_make_finding(text, "policy.no_disclaimer", len(text), len(text)))
    return sorted(findings, key=lambda f: (f.start, f.end))
