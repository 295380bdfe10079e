"""Employer disclosure in Spanish: speaking about the employer requires saying one works there.

No database needed.
"""

from __future__ import annotations

import pytest

from practice.policy import discloses_employer
from tests.practice.test_policy import EMPLOYER


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("¡Qué orgullo de equipo en @MercyGeneral!", True),
        ("En mi hospital hoy celebramos el día de la enfermería", True),
        ("Nuestra clínica abre un nuevo horario de vacunación", True),
        ("Me encanta nuestro centro de salud", True),
        ("Trabajo en @MercyGeneral y hoy fue un gran día", False),
        ("Soy enfermera de la UCI en Mercy General. ¡Qué turno!", False),
        ("Soy enfermero en @MercyGeneral", False),
        ("Empleada del Mercy General desde 2015", False),
        ("Hoy en mi hospital (trabajo aquí) vacunamos a 300 personas", False),
        ("#empleado orgulloso de @MercyGeneral", False),
        ("Soy paciente de @MercyGeneral y me trataron genial", True),
        ("Soy de Rochester y @MercyGeneral me salvó", True),
        ("Hoy no pasó nada en el trabajo", False),
    ],
)
def test_discloses_employer_in_spanish(text: str, flagged: bool) -> None:
    finding = discloses_employer(text, **EMPLOYER)
    assert (finding is not None) == flagged
    if finding is not None:
        assert finding.span == text[finding.start : finding.end]
        assert finding.suggestion == f"{text} (Aviso: trabajo aquí.)"
        assert discloses_employer(finding.suggestion, **EMPLOYER) is None
