"""A patient's bare first name, a transplant recipient and a relative's age: the patterns the fifth blind
batch of the corpus missed, each checked on new wording (not the corpus posts) and on its staff twin."""

from __future__ import annotations

import pytest

from practice.policy import find_phi


def rules_of(text: str) -> set[str]:
    return {f.rule for f in find_phi(text)}


def names_in(text: str) -> list[str]:
    return [f.span for f in find_phi(text) if f.rule == "phi.patient_name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Our PICU graduate Noah stopped by with cupcakes for the night crew", "Noah"),
        ("Admitted a feisty 6 year old, Camila, with a broken arm from the monkey bars", "Camila"),
        ("Said goodbye to my favorite patient, Walter, after six weeks on rehab", "Walter"),
        ("Our frequent flyer Gus is back on the step-down unit", "Gus"),
        ("Patient of the day: Bernice, who sings hymns during her dressing changes", "Bernice"),
        ("Say hi to Chloe, 9, who finished her last infusion on the oncology floor today", "Chloe"),
        ("Talked with Ethan's dad for an hour about his new insulin pump", "Ethan"),
        ("Intubamos a Rodrigo anoche y hoy ya respira solo", "Rodrigo"),
        ("Dimos de alta al pequeño Bruno, de 5 años, tras su apendicectomía", "Bruno"),
    ],
)
def test_a_lone_first_name_next_to_a_patient_word_is_a_patient(text: str, name: str) -> None:
    assert names_in(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Congrats to our nurse residency graduate Anna on passing her boards!",
        "Our new grad Emily started on the unit today, welcome!",
        "My son Leo, 4, thinks I work at a castle. Night shift on 5 North.",
        "My 2 year old, Max, kept me up all night before my shift on the unit",
        "My 3 yo Ava drew a picture of me in scrubs for the break room",
        "Emma's mom brought cookies for the whole team",
        "Babies born at our hospital this year: over 3,000! Proud of our L&D team",
        "Felicidades a nuestra compañera Laura por el nacimiento de su hija Martina",
    ],
)
def test_colleagues_their_children_and_counts_are_not_patients(text: str) -> None:
    assert "phi.patient_name" not in rules_of(text)


def test_a_named_transplant_recipient_is_an_indirect_identifier() -> None:
    text = "Andrés Molina, trasplantado de hígado en 2023, vino a traernos churros"
    assert {"phi.patient_name", "phi.indirect"} <= rules_of(text)
    assert "phi.indirect" not in rules_of("El equipo de trasplantes celebra 500 trasplantes este año")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My 94 year old grandpa still beats me at chess after every night shift", set()),
        ("Mi abuelo tiene 95 años y me espera despierto cuando salgo de guardia", set()),
        ("Our 94 year old in bed 6 still beats me at chess", {"phi.age", "phi.room"}),
    ],
)
def test_the_writers_own_relatives_age_is_not_a_patients(text: str, expected: set[str]) -> None:
    assert rules_of(text) == expected


def test_a_room_in_the_break_room_is_not_a_patients_room() -> None:
    assert "phi.room" not in rules_of("Room 2 in the staff break room finally has a working fridge")
    assert "phi.room" in rules_of("Room 2 finally slept through the night")
