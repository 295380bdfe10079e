"""Tests for practice.policy: which rules fire on which text (the case table), titles, regions.

The sibling files cover spans and offsets (test_policy_spans), rewrites (test_policy_rewrite), the
employer disclosure (test_policy_employer), disclaimers (test_policy_disclaimer) and odd or huge
input (test_policy_robustness). No database needed.
"""

from __future__ import annotations

import pytest

from practice.policy import RULES, check_policy, find_phi

PATIENTS = ("John Smith", "María José Núñez", "Jan van der Berg")
EMPLOYER = {"employer_names": ("Mercy General",), "employer_handles": ("@MercyGeneral",)}


def rules_of(text: str) -> set[str]:
    return {f.rule for f in check_policy(text, patient_names=PATIENTS, **EMPLOYER)}


# (text, the set of rule codes expected); an empty set means "nothing to flag".
CASES: list[tuple[str, set[str]]] = [
    # --- dates of birth and dates tied to a person
    ("DOB 3/4/1985", {"phi.dob"}),
    ("D.O.B.: 03/04/85 per chart", {"phi.dob"}),
    ("Little one born on March 4, 1985? No, born on March 4, 2024!", {"phi.dob"}),
    ("Happy birthday, 4 March 1985 was a good day", {"phi.dob"}),
    ("She was born in March 1985", {"phi.dob"}),
    ("Patient admitted 12/01 is finally home", {"phi.date"}),
    ("Discharged 2024-03-04 after a long stay", {"phi.date"}),
    ("Surgery on 3-4-2024 went well", {"phi.date"}),
    ("Mr. Smith went home on Jan 5", {"phi.patient_name", "phi.date"}),
    ("Appt for the pt on Sept 12th", {"phi.date"}),
    # --- record, account and ID numbers
    ("MRN 00123456", {"phi.mrn"}),
    ("acct #44321 needs an update", {"phi.mrn"}),
    ("Medical record number: A1234567", {"phi.mrn"}),
    ("Patient ID 99887766 was mislabelled", {"phi.mrn"}),
    ("Account number 12345678 was billed twice", {"phi.mrn"}),
    ("SSN 123-45-6789", {"phi.ssn"}),
    # --- phone numbers
    ("Call me at (555) 123-4567", {"phi.phone"}),
    ("call 555-0142 for the family", {"phi.phone"}),
    ("Text 612-555-0199 anytime", {"phi.phone"}),
    ("Reach her on +44 20 7946 0958", {"phi.phone"}),
    ("phone 5551234567", {"phi.phone"}),
    ("555.123.4567", {"phi.phone"}),
    # --- e-mail and street addresses
    ("Email jane.doe@mercy.org for results", {"phi.email"}),
    ("mailto:nurse@example.com", {"phi.email"}),
    ("Lives at 1216 Second St SW", {"phi.address"}),
    ("Sent flowers to 42 Oak Avenue, Apt 3", {"phi.address"}),
    ("Mail it to PO Box 1234", {"phi.address"}),
    # --- rooms and beds
    ("room 12", {"phi.room"}),
    ("bed 4B", {"phi.room"}),
    ("rm 305", {"phi.room"}),
    ("Trauma bay 2 was busy", {"phi.room"}),
    ("Room #7 is singing again", {"phi.room"}),
    # --- patient names from the scenario list
    ("Mr. Smith is doing well", {"phi.patient_name"}),
    ("Shoutout to john smith!", {"phi.patient_name"}),
    ("Visiting Sra. Nunez", {"phi.patient_name"}),
    ("MARIA JOSE NUNEZ says hi", {"phi.patient_name"}),
    ("María José Núñez says hi", {"phi.patient_name"}),
    ("Mrs van der Berg", {"phi.patient_name"}),
    ("Mr. Smith’s family sent cake", {"phi.patient_name"}),
    # --- indirect identifiers
    ("congrats to the triplets' mom in L&D today", {"phi.indirect"}),
    ("VIP in the ICU tonight", {"phi.indirect"}),
    ("Celebrity spotted in the ER this morning", {"phi.indirect"}),
    ("Gunshot victim in the ED last night", {"phi.indirect"}),
    ("Conjoined twins in the NICU, what a week", {"phi.indirect"}),
    ("Our 100th heart transplant on floor 3 just now", {"phi.indirect"}),
    ("The celebrity in room 402 was so nice", {"phi.indirect", "phi.room"}),
    # --- several at once
    ("Mr. Smith in room 12, DOB 3/4/1985, call 555-123-4567", {"phi.patient_name", "phi.room", "phi.dob", "phi.phone"}),
    ("Baby Smith born 3/4 in bed 4", {"phi.patient_name", "phi.dob", "phi.room"}),
    # --- employer disclosure (check_policy with the employer settings above)
    ("Great day at @MercyGeneral!", {"policy.undisclosed_employer"}),
    ("Mercy General has the best cafeteria", {"policy.undisclosed_employer"}),
    ("My hospital just won an award", {"policy.undisclosed_employer"}),
    ("I work at @MercyGeneral and we just won an award", set()),
    ("Proud nurse here #employee of Mercy General", set()),
    # --- tricky negatives
    ("order #5551234567 shipped", set()),
    ("PO 555-123-4567-88", set()),
    ("Invoice 555-123-4567 paid", set()),
    ("Visiting hours 8-8. Call 1-800-555-0199 for info", set()),
    ("Honored to present at #ANA2024 in Room 204B on Tuesday!", set()),
    ("since 2019", set()),
    ("class of 1998", set()),
    ("Met Taylor Swift at the gala", set()),
    ("https://example.com/?contact=a@b.com", set()),
    ("See example.com/contact?who=a@b.com", set()),
    ("Shift starts at 3:30", set()),
    ("95% of our staff got the flu shot", set()),
    ("plenty of room in the cafeteria", set()),
    ("bed rest is not always best", set()),
    ("#TweetCamp is fun", set()),
    ("Thanks @TweetCamp and @jane_doe", set()),
    ("#Room101 fans unite", set()),
    ("24/7 care: every patient admitted gets a warm blanket", set()),
    ("3/4 of patients were admitted through the front door", set()),
    ("Join us 3/4 for the health fair", set()),
    ("March 4 is our open day", set()),
    ("We raised 1000000 dollars", set()),
    ("Great to see Dr. Smith at the conference", set()),
    ("John is a great colleague", set()),
    ("Mr. Smithson retired", set()),
    ("Our famous chili cook-off is today", set()),
    ("Transplant team celebrates 500 transplants this year", set()),
    ("Ages 12-18 welcome", set()),
    ("Version 1.2.3 released", set()),
    ("Score 5/5 for the cafeteria", set()),
    ("the room was 12 degrees", set()),
    ("2 beds available", set()),
    ("Follow www.example.org/contact for news", set()),
    ("Lunch at 12:30, 50% off at the gift shop", set()),
    ("In 2020 we opened 3 new wards", set()),
    ("Our 3 amazing Dr. Jones and friends", set()),
    ("", set()),
]


def test_case_table_is_big_enough() -> None:
    assert len(CASES) >= 60
    assert sum(1 for _, expected in CASES if not expected) >= 20


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"{i:02d}" for i in range(len(CASES))])
def test_rule_codes(text: str, expected: set[str]) -> None:
    assert rules_of(text) == expected


def test_titles_and_explanations_come_from_rules() -> None:
    text = "Mr. Smith in room 12, DOB 3/4/1985 at @MercyGeneral"
    findings = check_policy(text, patient_names=PATIENTS, require_disclaimer=True, **EMPLOYER)
    assert {f.rule for f in findings} <= RULES.keys()
    for f in findings:
        assert (f.title, f.explanation) == RULES[f.rule]
    for title, explanation in RULES.values():
        assert title
        assert explanation.endswith(".")


def test_region_is_configurable() -> None:
    text = "ring 020 7946 0958 for news"
    assert rules_of(text) == set()
    assert {f.rule for f in find_phi(text, region="GB")} == {"phi.phone"}
