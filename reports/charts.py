"""Chart geometry for server-rendered SVG. Templates only place what these functions measure;
every chart is shown next to a table of the same numbers, for screen readers and for print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    text: str
    x: float
    y: float
    width: float
    height: float

    @property
    def text_x(self) -> float:
        return self.x + self.width + 6

    @property
    def text_y(self) -> float:
        return self.y + 13


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    max_value: int
    gridlines: list[tuple[float, str]]  # (position, label)


LABEL_WIDTH = 190
BAR_AREA = 380
ROW = 30


def percent_bars(rows: Sequence[tuple[str, int | None]]) -> Chart:
    """Horizontal bars of percentages, one row each (None: nobody to count)."""
    bars = []
    for i, (label, value) in enumerate(rows):
        width = BAR_AREA * (value or 0) / 100
        text = "–" if value is None else f"{value}%"
        bars.append(Bar(label[:32], value, text, LABEL_WIDTH, i * ROW + 6, width, ROW - 12))
    grid = [(LABEL_WIDTH + BAR_AREA * p / 100, f"{p}%") for p in (0, 50, 100)]
    return Chart(LABEL_WIDTH + BAR_AREA + 60, max(len(rows), 1) * ROW + 20, bars, 100, grid)


def months_between(first: date, last: date) -> list[date]:
    out: list[date] = []
    month = first.replace(day=1)
    while month <= last and len(out) < 120:
        out.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return out


def monthly_columns(points: Sequence[tuple[date, int]], *, height: int = 180) -> Chart:
    """Columns per month, with empty months filled in so the time axis is even."""
    counts = dict(points)
    months = months_between(min(counts), max(counts)) if counts else []
    top = max(counts.values(), default=0) or 1
    step = max(min(48, 560 // max(len(months), 1)), 8)
    bars = []
    for i, month in enumerate(months):
        n = counts.get(month, 0)
        h = (height - 30) * n / top
        bars.append(Bar(f"{month:%b %Y}", n, str(n), 40 + i * step, height - 20 - h, step - 4, h))
    grid = [(height - 20 - (height - 30) * f, str(round(top * f))) for f in (0, 0.5, 1)]
    return Chart(40 + len(months) * step + 50, height + 10, bars, top, grid)
