"""PHI found with no patient list, in English and Spanish: the reported misses and false alarms,
one behaviour per case. No database needed."""

from __future__ import annotations

import pytest

from practice.policy import check_policy, find_phi
from practice.policy.language import detect_language, language_of


def rules_of(text: str, language: str | None = None) -> set[str]:
    return {f.rule for f in find_phi(text, language=language)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shoutout to Maria Gonzalez, 94, our oldest patient on 4 West. She beat pneumonia!",
            {"phi.patient_name", "phi.age"},
        ),
        ("Surgery tomorrow for Ana Ruiz, keep her in your thoughts", {"phi.patient_name"}),
        ("The 92 y/o gentleman in the ED hallway has been waiting 9 hours for a bed", {"phi.age"}),
        ("Guess who came into the ER tonight? The mayor's son, car crash.", {"phi.indirect"}),
        ("El paciente Juan Pérez, cama 12, salió hoy de cirugía del corazón.", {"phi.patient_name", "phi.room"}),
        ("Fecha de nacimiento 14/03/1951, ingresó con dolor de pecho", {"phi.dob"}),
    ],
)
def test_reported_misses_are_flagged(text: str, expected: set[str]) -> None:
    assert expected <= rules_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Join our diabetes support group, every Tuesday at 6pm in room 210 of the education center",
        "Congratulations to Dr. Patel on her new role",
        "Dr. Anne Smith will speak about stroke prevention on 12/10",
        "Happy retirement to Nurse Carol",
        "Patients aged 90 and over benefit from early mobility after hip surgery",
        "Los pacientes de 90 años o más también se benefician de la rehabilitación temprana",
        # A visitor's complaint: "Been" starts the sentence, "room 3" is followed by "hours".
        "Been in the ER waiting room 3 hours with my son. Does anyone from the hospital read this?",
        "Grupo de apoyo para diabéticos todos los martes en la sala 210 del centro educativo",
        "Feliz jubilación a la enfermera Carmen después de 35 años en la UCI",
    ],
)
def test_staff_events_meeting_rooms_and_aggregates_are_not_phi(text: str) -> None:
    assert rules_of(text) == set()


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Rounded on Mrs. Delgado in bed 14 this morning", "Delgado"),
        ("Operated on Leo Marsh this morning, he'll be home tomorrow", "Leo Marsh"),
        ("Juanita in room 8 says the jello is better than her mother's", "Juanita"),
        ("Recen por Don Ernesto Salazar, lo pasamos a la UCI esta madrugada", "Ernesto Salazar"),
        ("Pedrito, el de la cama 3 de pediatría, me regaló un dibujo", "Pedrito"),
    ],
)
def test_patient_names_without_a_list(text: str, span: str) -> None:
    names = [f.span for f in find_phi(text) if f.rule == "phi.patient_name"]
    assert names == [span]


@pytest.mark.parametrize(
    "text",
    [
        "Meet Marcus Lee, RN, our nurse of the month on the cardiac unit",
        "Shoutout to Maria on the 4 West day team for covering my shift",
        "Conozcan a Jorge Ruiz, enfermero del mes del servicio de cardiología",
        "The Smith Family Cancer Center opens its doors to patients on June 1st",
    ],
)
def test_staff_and_institutions_are_not_patient_names(text: str) -> None:
    assert "phi.patient_name" not in rules_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our 96 year old on 5 North asked me to paint her nails", {"phi.age"}),
        ("Room 15 turns 102 tomorrow and we're decorating the door!", {"phi.age", "phi.room"}),
        ("Celebrating a 100th birthday on the oncology floor today!", {"phi.age"}),
        ("Un señor de 92 años lleva 8 horas esperando cama en urgencias", {"phi.age"}),
        ("Our 92-year-old volunteer Betty has knitted 3,000 hats for the NICU!", set()),
        ("Just did my 100th IV start on the peds floor", set()),
        ("Our team studied 1,200 patients aged 65 to 95 with atrial fibrillation", set()),
    ],
)
def test_ages_over_89(text: str, expected: set[str]) -> None:
    assert rules_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lyme disease case from Honeoye Falls today, check your kids for ticks", {"phi.address"}),
        ("La paciente de Villa del Carmen con tuberculosis volvió a faltar al tratamiento", {"phi.address"}),
        ("Proud of our residents for their poster at the conference in Chicago", set()),
        ("Driver's license D4420-77810 was left at triage", {"phi.mrn"}),
        ("Portal login keeps failing, his home IP 73.45.182.9 got blocked", {"phi.mrn"}),
        ("Alguien dejó una fotocopia con el DNI 48392017K de un paciente en la impresora", {"phi.ssn"}),
        ("La familia de la señora Gómez pide que la llamen al 612 345 678", {"phi.patient_name", "phi.phone"}),
    ],
)
def test_places_numbers_and_spanish_phones(text: str, expected: set[str]) -> None:
    assert rules_of(text) == expected


def test_language_is_detected_or_given() -> None:
    assert detect_language("La cama 22 por fin durmió toda la noche") == "es"
    assert detect_language("bed 22 finally slept through the night") == "en"
    assert detect_language("") == "en"
    assert language_of("bed 22 slept", "es-MX") == "es"
    assert language_of("la cama 22", "fr") == "es"  # unknown language: detected instead


def test_an_explicit_language_picks_the_cue_words() -> None:
    # "la 8" is Spanish ward shorthand for bed 8; read as English it is nothing.
    text = "La abuelita de la 8 pidió su café"
    assert "phi.room" in rules_of(text, language="es")
    assert "phi.room" not in rules_of(text, language="en")
    assert {f.rule for f in check_policy(text, language="es")} == rules_of(text, language="es")
