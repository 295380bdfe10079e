"""The one base of every domain error in Tweet Camp.

Each app derives its own base from it (``practice.errors.PracticeError``, ``courses.errors.CoursesError``
and so on) and names each rule broken as a subclass. ``message`` is safe to show to the person;
``code`` is stable across releases and languages, for logs, APIs and tests.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule said no. Views turn it into a form message, 400, 403 or 404; never a 500."""

    code: str = "domain_error"
    message: str | Promise = _("That cannot be done.")

    def __init__(self, message: str | Promise | None = None, *, code: str | None = None) -> None:
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        super().__init__(str(self.message))
