"""A Spanish-speaking learner reads the composer's policy warning and the drill feedback in Spanish."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from courses.forms.rubric import RuleForm, kind_guide, rules_initial
from courses.models import Submission
from courses.services import drills
from courses.services import enrolment as enrolment_services
from tests.factories import LessonFactory, SessionFactory, UserFactory
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hablante(employee):
    employee.language = "es"
    employee.save(update_fields=["language"])
    return employee


def test_the_composer_warns_in_spanish(client_for, hablante):
    text = "Llamen a la familia de la cama 4B al 555-123-4567, por favor"
    body = client_for(hablante).post(reverse("practice:count"), {"text": text}).content.decode()
    assert "Antes de publicar, revisa esto:" in body
    assert "Número de teléfono" in body and "Número de habitación o de cama" in body
    assert "solo los canales oficiales del hospital pueden compartir datos de contacto" in body
    assert "Phone number" not in body and "HIPAA identifier" not in body


def test_the_composer_still_warns_in_english_for_an_english_speaker(client_for, employee):
    body = client_for(employee).post(reverse("practice:count"), {"text": "Call me on 555-123-4567"}).content.decode()
    assert "Phone number" in body and "Número de teléfono" not in body


@pytest.fixture
def policy_drill(hablante, trainer, settings):
    settings.SCENARIO_PATIENT_NAMES = ("Rosa Delgado",)
    session = SessionFactory(hashtag="#Camp7", trainers=[trainer])
    enrolment_services.enrol(person=hablante, session=session)
    rubric = [
        {"kind": "policy_no_phi", "message": "Nunca nombres a un paciente, Rosa tampoco."},
        {"kind": "uses_hashtag", "params": {"hashtag": "session"}},
        {"kind": "max_hashtags", "params": {"count": 1}, "message": "One tag is enough."},
    ]
    return DrillFactory(lesson=LessonFactory(course=session.course), rubric=rubric, max_attempts=3)


def test_the_drill_feedback_reads_in_spanish_with_the_trainers_words_as_written(client_for, hablante, policy_drill):
    client = client_for(hablante)
    text = "¡Rosa Delgado, de la habitación 12, se fue hoy a casa! #Camp7"
    client.post(reverse("courses:drill-attempt", args=[policy_drill.pk]), {"text": text})
    drills.grade_submission(Submission.objects.get(user=hablante).pk)
    for url in (
        reverse("courses:drill-detail", args=[policy_drill.pk]),
        reverse("courses:drill-results", args=[policy_drill.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Política: sin información de salud protegida" in page
        assert "Nombre de un paciente" in page and "Número de habitación o de cama" in page
        assert "Usa #Camp7." in page and "1 hashtag(s); como máximo 1." in page
        # The trainer's own messages stay as the trainer wrote them.
        assert "Nunca nombres a un paciente, Rosa tampoco." in page and "One tag is enough." in page
        assert "Policy: no protected health information" not in page and "HIPAA identifier" not in page


def test_an_english_speaker_keeps_the_english_feedback(client_for, employee, trainer):
    session = SessionFactory(hashtag="#Camp7", trainers=[trainer])
    enrolment_services.enrol(person=employee, session=session)
    drill = DrillFactory(lesson=LessonFactory(course=session.course), rubric=[{"kind": "policy_no_phi"}])
    drills.grade_submission(drills.attempt(person=employee, drill=drill, text="Bed 9 is quiet tonight #Camp7").pk)
    page = client_for(employee).get(reverse("courses:drill-detail", args=[drill.pk])).content.decode()
    assert "Room or bed number" in page and "Número de habitación" not in page


def test_the_trainers_spanish_text_is_what_a_spanish_learner_reads(client_for, hablante, trainer):
    colleague = UserFactory(handle="sam_rn", language="en")
    form = RuleForm(
        {
            "kind": "uses_hashtag",
            "weight": "1",
            "hashtag": "session",
            "message": "Tag the session so your cohort sees it.",
            "message_es": "Etiqueta la sesión para que tu grupo lo vea.",
        }
    )
    assert form.is_valid(), form.errors
    rule = form.rule()
    assert rules_initial([rule])[0]["message_es"] == "Etiqueta la sesión para que tu grupo lo vea."
    session = SessionFactory(hashtag="#Camp7", trainers=[trainer])
    drill = DrillFactory(lesson=LessonFactory(course=session.course), rubric=drills.validate_rubric([rule]))
    for person in (hablante, colleague):
        enrolment_services.enrol(person=person, session=session)
        drills.grade_submission(drills.attempt(person=person, drill=drill, text="Quiet night on 4 West").pk)
    spanish = client_for(hablante).get(reverse("courses:drill-detail", args=[drill.pk])).content.decode()
    assert "Etiqueta la sesión para que tu grupo lo vea." in spanish and "No usa #Camp7." in spanish
    english = client_for(colleague).get(reverse("courses:drill-detail", args=[drill.pk])).content.decode()
    assert "Tag the session so your cohort sees it." in english and "Etiqueta" not in english


def test_a_rule_without_spanish_text_keeps_the_trainers_message_and_its_stored_shape():
    (rule,) = drills.validate_rubric([{"kind": "not_shouting", "message": "No need to shout."}])
    assert "message_es" not in rule


def test_the_rubric_editor_names_the_rule_kinds_in_the_trainers_language():
    with translation.override("es"):
        select = str(RuleForm()["kind"])
        guide = {row["kind"]: row["label"] for row in kind_guide()}
    assert "Usa un hashtag concreto (o «session»)" in select and "Uses a given hashtag" not in select
    assert guide["policy_no_phi"] == "Política: sin información de salud protegida"
    with translation.override("en"):
        assert "Uses a given hashtag (or &#x27;session&#x27;)" in str(RuleForm()["kind"])
