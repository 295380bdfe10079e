"""Cells a spreadsheet will not run as a formula (OWASP CSV injection)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

# A cell starting with one of these may be read as a formula, or split so that the next line is one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    """The text of a value for a CSV or XLSX cell; a leading apostrophe keeps a formula-like text text.

    Aware datetimes are written in the active time zone as ``YYYY-MM-DD HH:MM``.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
