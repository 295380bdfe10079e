"""A Spanish-speaking nurse posts a drill attempt that names a patient and gives a room number; once the
grader has run, the feedback on her drill page reads in Spanish (the trainer's own message as written)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from courses.services import enrolment as enrolment_services
from tests.factories import LessonFactory, SessionFactory, UserFactory, verified_user
from tests.factories.drills import DrillFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_spanish_speaking_learner_gets_spanish_feedback(site, worker, check, settings):
    settings.SCENARIO_PATIENT_NAMES = ("Rosa Delgado",)
    trainer = UserFactory(display_name="Teresa Formadora", handle="teresa")
    session = SessionFactory(title="Grupo del jueves", hashtag="#CampJueves", trainers=[trainer])
    lucia = verified_user(handle="lucia_enf", display_name="Lucía Enfermera", language="es")
    enrolment_services.enrol(person=lucia, session=session)
    drill = DrillFactory(
        lesson=LessonFactory(course=session.course),
        title="Una buena noticia, sin datos del paciente",
        rubric=[
            {"kind": "policy_no_phi", "message": "Cuenta la alegría, no quién es el paciente."},
            {"kind": "uses_hashtag", "params": {"hashtag": "session"}},
        ],
        max_attempts=3,
    )

    # Her profile says Spanish; the browser asks for English and the profile wins.
    page = site.page(user=lucia, locale="en-GB")
    page.goto(f"/drills/{drill.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("main textarea").fill("¡Rosa Delgado, la de la habitación 12, por fin se va a casa hoy! #CampJueves")
    page.locator("main form[action$='/attempt/'] button[type=submit]").click()
    expect(page.locator("#drill-results .badge")).to_have_text("Calificando…")
    worker.start()

    results = page.locator("#drill-results")
    expect(results).to_contain_text("Política: sin información de salud protegida", timeout=30_000)
    expect(results).to_contain_text("Nombre de un paciente")
    expect(results).to_contain_text("Número de habitación o de cama")
    expect(results).to_contain_text("Usa #CampJueves.")
    expect(results).to_contain_text("Cuenta la alegría, no quién es el paciente.")
    text = results.inner_text()
    assert "HIPAA identifier" not in text and "Policy:" not in text and "Patient name" not in text
    check(page, "drill-feedback-es")
