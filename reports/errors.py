"""The base of the rules of reports that can say no (views turn a ``ReportsError`` into a message or a 4xx)."""

from __future__ import annotations

from core.errors import DomainError


class ReportsError(DomainError):
    """The base of every reports rule broken."""

    code = "reports"
