"""What every page a journey visits must pass: axe-core, the 375 px width, and its screenshots."""

from __future__ import annotations

import ast
import re
from collections import Counter
from functools import cache
from pathlib import Path

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # without playwright the journeys are skipped (tests/e2e/conftest.py), so no Checker is made
    Axe = None

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
BLOCKING = {"serious", "critical"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NARROW = 375

# English day and month abbreviations that are not also Spanish ones (Mar, May, Jun, … are both).
ENGLISH_DATE_WORDS = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Apr|Aug|Dec)\b")
PO_FILE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
_pages: list[dict] = []


@cache
def english_strings() -> frozenset[str]:
    """Our English source strings (from the Spanish catalogue) whose Spanish differs, without placeholders:
    any of them in a Spanish page is a string that escaped translation."""
    found = set()
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ")):
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        msgid = fields.get("msgid", "")
        translation = fields.get("msgstr", fields.get("msgstr[0]", ""))
        if len(msgid) >= 4 and translation != msgid and not re.search(r"%[(]|[{<]", msgid):
            found.add(msgid.strip())
    return frozenset(found)


def untranslated_in_main(page) -> list[str]:
    """Lines of <main> that are one of our English strings, and longer English strings found anywhere in it."""
    # The choices of a select (time zones: "Atlantic/Jan Mayen") are data, not interface text.
    choices = set(page.locator("main option").all_inner_texts())
    text = "\n".join(line for line in page.locator("main").inner_text().splitlines() if line not in choices)
    lines = {line.strip() for line in text.splitlines() if line.strip()}
    english = english_strings()
    hits = sorted(line for line in lines if line in english)
    hits += sorted(s for s in english if len(s) > 24 and s in text and s not in hits)
    # Dates formatted with strftime (English names) rather than Django's date filter.
    hits += sorted(set(ENGLISH_DATE_WORDS.findall(text)))
    return hits


def summary() -> dict:
    impacts: Counter[str] = Counter()
    for page in _pages:
        impacts.update(v["impact"] for v in page["violations"])
    return {"pages": len(_pages), "violations_by_impact": dict(impacts), "visited": _pages}


def _axe():
    return Axe()


class Checker:
    def __init__(self, test_name: str):
        self.folder = SCREENSHOTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-")
        self.count = 0
        self.axe = _axe()

    def __call__(self, page, name: str, *, axe: bool = True, screenshots: bool = True) -> None:
        self.count += 1
        page.wait_for_load_state("load")
        if page.evaluate("document.documentElement.lang") == "es":
            left = untranslated_in_main(page)
            assert not left, f"{name} ({page.url}) still shows English in Spanish: {left}"
        violations = self.run_axe(page) if axe else []
        self.check_narrow(page, name, screenshots=screenshots)
        _pages.append({"page": name, "url": page.url, "violations": violations})
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        assert not blocking, f"axe on {name} ({page.url}):\n" + "\n".join(
            f"- {v['impact']} {v['id']}: {v['help']} -> {v['targets']}" for v in blocking
        )

    def run_axe(self, page) -> list[dict]:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        return [
            {
                "id": v["id"],
                "impact": v.get("impact") or "minor",
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
            }
            for v in results.response["violations"]
        ]

    def check_narrow(self, page, name: str, *, screenshots: bool) -> None:
        wide = page.viewport_size or {"width": 1280, "height": 900}
        stem = f"{self.count:02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}"
        if screenshots:
            self.folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(self.folder / f"{stem}-{wide['width']}.png"), full_page=True)
        page.set_viewport_size({"width": NARROW, "height": 800})
        try:
            width = page.evaluate("document.documentElement.scrollWidth")
            if screenshots:
                page.screenshot(path=str(self.folder / f"{stem}-{NARROW}.png"), full_page=True)
        finally:
            page.set_viewport_size(wide)
        assert width <= NARROW, f"{name} ({page.url}) scrolls sideways at {NARROW} px: {width} px wide"
