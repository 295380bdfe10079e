"""CSV and XLSX of the status rows, streamed: memory stays flat whatever the number of rows."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from openpyxl import Workbook

from core.csvsafe import safe_cell
from reports.selectors import HEADER, Scope, StatusRow, status_rows

KINDS = {"completions": None, "overdue": "overdue"}  # export name -> status filter


def as_cells(row: StatusRow) -> list[str]:
    return [
        safe_cell(v)
        for v in (
            row.email,
            row.name,
            row.handle,
            row.department,
            row.course,
            row.status,
            row.due_at - timedelta(seconds=1) if row.due_at else None,  # due by: the last minute on time
            row.completed_at,
            row.cycle,
        )
    ]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[StatusRow]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)  # the BOM makes Excel read UTF-8
    for row in rows:
        yield writer.writerow(as_cells(row))


def rows_for(kind: str, scope: Scope) -> Iterator[StatusRow]:
    return status_rows(scope, only=KINDS[kind])


def write_xlsx(rows: Iterable[StatusRow], path: Path) -> Path:
    """Write-only mode: openpyxl streams rows to disk instead of keeping a sheet in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Report")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(as_cells(row))
    workbook.save(path)
    return path


def write_csv(rows: Iterable[StatusRow], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        for line in csv_lines(rows):
            f.write(line)
    return path


def exports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def temp_xlsx() -> Path:
    fd, name = tempfile.mkstemp(suffix=".xlsx", dir=exports_dir())
    os.close(fd)
    return Path(name)
