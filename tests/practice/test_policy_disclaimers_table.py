"""Disclaimers as staff really write them, in profile bios and posts, in English and Spanish.

Each row: the text, whether it carries a "views are my own" / "RT ≠ endorsement" disclaimer.
No database needed.
"""

from __future__ import annotations

import pytest

from practice.policy import check_policy, has_disclaimer

ACCEPTED_EN = [
    "ICU RN @MercyGeneral | mom of 3 | coffee first | Views are my own",
    "Peds nurse, marathoner, dog person. Opinions are solely my own.",
    "Charge nurse on 4 West 🩺 Following doesn't = endorsement",
    "Hospitalist. Husband. Bad golfer. RTs ≠ endorsements",
    "Nurse educator | Following ≠ endorsing | she/her",
    "Views mine, not my employer's. Night shift forever.",
    "ED doc in the Midwest. Tweets are my own and do not reflect my employer.",
    "Respiratory therapist • all opinions my own • RT/likes aren't endorsements",
    "L&D nurse. Opinions expressed here are mine alone.",
    "Pharmacist | views expressed are personal | #PharmTwitter",
    "Med-surg RN. Personal account.",
    "Comms @MercyGeneral. Speaking only for myself here.",
    "Nurse manager. Retweets do not necessarily mean endorsement.",
    "Oncology RN. RT ≠ endorsement, likes ≠ agreement.",
    "Sharing this because it matters. RTs are not endorsements.",
    "Great read on safe staffing ratios. Views = my own.",
    "Proud of our residents today. Opinions are strictly my own, not those of my employer.",
    "New sepsis bundle rolled out this week, thoughts on it? (views my own)",
    "Not speaking for my employer, but this heat wave is hitting our ED hard.",
    "Views do not represent @MercyGeneral. Just a tired nurse.",
    "Reposting for awareness. Reposts ≠ endorsement.",
    "CNA, nursing student, cat mom. Likes don't = endorsements.",
    "Diabetes educator. My views, not my employer's.",
    "Surgeon | #ViewsMyOwn",
    "Chaplain at a community hospital. I speak for myself only.",
    "Infection prevention nerd. Following/RTs ≠ endorsement.",
    "Case manager. RT's != endorsement.",
    "ICU nurse; opinions = mine",
    "These are my own opinions, not my hospital's.",
    "Radiology tech. No endorsement implied by follows.",
]
ACCEPTED_ES = [
    "Enfermera de UCI en @MercyGeneral | madre de dos | Las opiniones son mías",
    "Médico de urgencias. Opiniones personales.",
    "Matrona, corredora y amante del café. RT no implica respaldo.",
    "Enfermero de quirófano. Mis tuits no representan a mi empleador.",
    "Auxiliar de enfermería 💙 Opiniones propias.",
    "Residente de medicina interna. Las opiniones expresadas en esta cuenta son personales.",
    "Técnica de rayos. RT ≠ respaldo",
    "Fisioterapeuta | Los RT no son respaldos | Opinión mía",
    "Farmacéutica de hospital. Opino a título personal.",
    "Supervisora de planta. Mis opiniones no reflejan la postura de mi institución.",
    "Cuenta personal. Enfermera de pediatría.",
    "Hoy terminamos la campaña de vacunación, ¡gracias equipo! Opiniones mías, no de mi empleador.",
    "Comparto este artículo sobre ratios seguros. Compartir no es respaldar.",
    "Enfermera, madre, lectora. RT/me gusta no implican apoyo.",
    "Médica de familia. Las opiniones son mias (sin tilde, desde el móvil).",
    "Celador en urgencias. Mis opiniones, no las de mi empleador.",
    "Trabajadora social sanitaria. Hablo a título personal.",
    "Enfermero de noche. Seguir no implica respaldo.",
    "Matrón. Los tuits son personales y no representan al hospital.",
    "Residente de pediatría | RT no significa que esté de acuerdo",
]
REJECTED_EN = [
    "I endorse this message!",
    "These views are amazing from the 10th floor",
    "RT = endorsement",
    "My views on the new parking rules: terrible.",
    "Our thoughts are with the family of our colleague.",
    "Personal protective equipment drive this Friday in the lobby.",
    "RT if you agree nurses deserve better ratios!",
    "Please RT: flu shot clinic Tuesday 9-3 in the education center.",
    "Loved the view of the city from my own unit tonight.",
    "Our hospital endorses the new sepsis guidelines.",
    "Following up on last week's staff meeting: minutes attached.",
    "My opinions are strong today, pass the coffee.",
    "Thanks for the likes and follows, everyone!",
    "Not my hospital's fault the parking garage is full.",
    "ICU RN | mom of 3 | coffee first",
]
REJECTED_ES = [
    "Las vistas desde la UCI son increíbles al amanecer.",
    "Apoyo total a mis compañeras de urgencias.",
    "Respaldo al equipo de quirófano por su trabajo.",
    "Las opiniones de los pacientes nos importan: encuesta en recepción.",
    "Mis opiniones sobre el nuevo horario: no me convence.",
    "RT si estás de acuerdo con más enfermeras por turno.",
    "Enfermera de UCI | madre de dos | café",
    "Ideas propias para el turno de noche: música suave y luces bajas.",
    "Compartir es vivir, ¡gracias a todos!",
]


@pytest.mark.parametrize("text", ACCEPTED_EN + ACCEPTED_ES)
def test_a_disclaimer_is_recognised(text: str) -> None:
    assert has_disclaimer(text), text


@pytest.mark.parametrize("text", REJECTED_EN + REJECTED_ES)
def test_no_disclaimer_is_recognised(text: str) -> None:
    assert not has_disclaimer(text), text


def test_the_table_is_large_and_balanced() -> None:
    rows = ACCEPTED_EN + ACCEPTED_ES + REJECTED_EN + REJECTED_ES
    assert len(set(rows)) == len(rows) >= 60
    assert len(ACCEPTED_ES + REJECTED_ES) >= 25


@pytest.mark.parametrize(
    "text",
    [
        "Following doesn't = endorsement",
        "RTs ≠ endorsements",
        "Following ≠ endorsing",
        "Opinions are solely my own",
        "Views mine, not my employer's",
        "Las opiniones son mías",
        "Opiniones personales",
        "RT no implica respaldo",
        "Mis tuits no representan a mi empleador",
    ],
)
def test_the_forms_nurses_asked_about_pass_the_required_disclaimer_rule(text: str) -> None:
    assert check_policy(f"Flu shots save lives. {text}", require_disclaimer=True) == []


def test_a_spanish_post_without_one_is_offered_a_spanish_disclaimer() -> None:
    text = "Hoy vacunamos a todo el turno de noche"
    (finding,) = check_policy(text, require_disclaimer=True)
    assert finding.suggestion == f"{text} (Las opiniones son mías.)"
    assert has_disclaimer(finding.suggestion)


def test_every_spelling_of_the_spaces_and_apostrophes_counts() -> None:
    assert has_disclaimer("Following  doesn\u2019t\n=\u00a0endorsement")
    assert has_disclaimer("VIEWS\tARE\tMY\tOWN")
    assert has_disclaimer("RT =\u0338 respaldo")


def test_a_huge_bio_is_checked_in_linear_time() -> None:
    # Long runs of the words the patterns start on, and of spaces, must not make it backtrack.
    for text in (
        "views " * 20_000,
        "RT / likes / " * 20_000,
        "my views" + " " * 100_000 + "x",
        "no representan a " * 20_000,
        "opiniones son " * 20_000 + "mías",
    ):
        assert isinstance(has_disclaimer(text), bool)
    assert has_disclaimer("opiniones son " * 20_000 + "mías")
