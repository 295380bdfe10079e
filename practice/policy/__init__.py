"""Find protected health information (PHI) and social-media policy breaches in a post.

Pure Python, no Django: the composer calls it to warn before posting (it never blocks
outside drills) and the rubric grader calls it for the "policy" rule kind. Every finding
cites a rule code from ``RULES``, quotes its span with code-point offsets, and carries a
safer rewrite of the whole post.

What is found, and how
----------------------
- ``phi.patient_name``: a name from the scenario's synthetic patient list, matched on whole
  words, ignoring case and accents: the full name, or the surname after a title ("Mr. Smith");
  and, with no list, a name in a care context (``people``): an honorific ("Mrs. Delgado", "doña
  Rosario"), a first and last name near a care word, a first name tied to a bed or unit. Staff
  titles and roles, institutions and places are left alone ("Dr. Anne Smith", "Nurse Carol").
- ``phi.age``: an age over 89 of one person ("94 y/o", "turned 90", "de 94 años"), not an
  aggregate ("patients aged 90 and over") nor a volunteer's age.
- ``phi.dob``: a date after a birth label ("DOB", "born on", "birthday").
- ``phi.date``: a day-level date (never a year alone) tied to a person: a clinical-event or
  patient word ("admitted", "discharged", "surgery", "patient"...) within 50 characters, or
  a listed patient named anywhere in the post.
- ``phi.mrn``: a medical record, patient, account, member, health plan, licence, device serial or
  licence-plate number after its label (English or Spanish: "historia clínica", "expediente"), or
  an IPv4 address.
- ``phi.ssn``: a US Social Security number; a Spanish-speaking country's national ID after its
  label ("DNI", "CURP", "número de seguridad social").
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
  or a PO box; a street or town tied to a patient or a diagnosis ("Lyme disease case from Honeoye
  Falls", "la calle Colón 24", "la paciente de Villa del Carmen con tuberculosis").
- ``phi.room``: "room", "rm", "bed", "bay", "cama", "habitación" followed by a number ("bed 4B"),
  and ward shorthand ("Pt in 4", "check on 14B", "la abuelita de la 8"); "plenty of room" and
  "bed rest" have no number and are left alone, and a room near "conference", "support group",
  "sala"... or "room 210 of the education center" is a meeting room.
- ``phi.indirect``: a rare-event term (triplets, celebrity, VIP, gunshot, transplant...) or a public
  figure or relative (the mayor's son, a news anchor, el alcalde) with a unit term (L&D, ICU, ER,
  ward, urgencias...) or a time term (today, tonight, anoche...) within 80 characters, unless a
  visit or ceremony is near; an event that identifies by itself ("conjoined twins", "born in the
  elevator", "the bus crash"). The span is the rare term (with a following "mom", "victim"... if
  any), because that is the detail to drop.

Cue words are English or Spanish, picked by the ``language`` argument of ``find_phi`` and
``check_policy`` or, without one, by a stop-word count over the post (``language``). Measured
precision and recall are printed by tests/practice/test_policy_corpus.py on every run.
- ``policy.undisclosed_employer``: the post speaks about the employer (its name, its handle,
  "my hospital", "where I work") but never says the author works there.
- ``policy.no_disclaimer``: a disclaimer is required and missing (an empty span at the end).

Hashtags and @mentions are never flagged, nor is anything starting inside them.
When findings overlap, the longest wins, then the most specific (``_SPECIFICITY``).

Where each part lives
---------------------
``findings`` (rule codes, ``Finding``), ``matching`` (folding and nearby-context helpers shared by
the detectors), one module per PHI detector family (``names``, ``dates``, ``identifiers``,
``contact``, ``indirect``), ``phi`` (runs them, drops what sits inside links and tags, resolves
overlaps), ``rewrite`` (the safer rewrites), ``employer``, ``disclaimer`` and ``check`` (all of it
at once). Import from the package itself: its names below are the public API.

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

Outcome: none adds enough to justify the weight or the download-at-run-time risk; this package
uses phonenumbers (already pinned) plus small, explained regular expressions. Every pattern
starts on a keyword, a digit or a look-behind guard and has bounded repeats, so there is no
catastrophic backtracking (tests time a 10k-character post and a 100k one).
"""

from practice.policy.check import check_policy
from practice.policy.disclaimer import has_disclaimer
from practice.policy.employer import discloses_employer
from practice.policy.findings import MAX_FINDINGS, RULES, Finding, PhiRule, PolicyRule, Rule
from practice.policy.names import NO_PATIENT_NAMES
from practice.policy.phi import find_phi
from practice.policy.rewrite import suggest_rewrite

__all__ = [
    "MAX_FINDINGS",
    "NO_PATIENT_NAMES",
    "RULES",
    "Finding",
    "PhiRule",
    "PolicyRule",
    "Rule",
    "check_policy",
    "discloses_employer",
    "find_phi",
    "has_disclaimer",
    "suggest_rewrite",
]
