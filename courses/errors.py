"""The courses app's domain errors: every rule of training broken is a ``CoursesError`` with a stable code.

The named errors live beside the rules that raise them (``EnrolmentError`` in services.enrolment,
``DrillError`` in services.drills, ``AuthoringError`` in authoring, ...) and all derive from this one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class CoursesError(DomainError):
    """A training rule said no; ``str(error)`` is a message for the person."""

    code = "courses_error"
    message = _("That change is not possible.")
