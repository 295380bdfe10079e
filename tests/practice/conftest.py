"""Report how many twitter-text conformance cases passed, from real outcomes."""

from __future__ import annotations

from collections import Counter

_FILES = {
    "test_extract_yml": "extract.yml",
    "test_validate_yml": "validate.yml",
    "test_autolink_yml_boundaries": "autolink.yml",
}
# nodeid -> (yaml file, outcome); a failure in setup/call/teardown wins.
_outcomes: dict[str, tuple[str, str]] = {}


def _yaml_file(nodeid: str) -> str | None:
    if "test_conformance.py::" not in nodeid:
        return None
    return _FILES.get(nodeid.split("::")[-1].split("[")[0])


def pytest_runtest_logreport(report):
    yaml_file = _yaml_file(report.nodeid)
    if yaml_file is None:
        return
    previous = _outcomes.get(report.nodeid, (yaml_file, "passed"))[1]
    if report.failed or previous == "failed":
        outcome = "failed"
    elif report.skipped or previous == "skipped":
        outcome = "skipped"
    else:
        outcome = "passed"
    _outcomes[report.nodeid] = (yaml_file, outcome)


def pytest_terminal_summary(terminalreporter):
    if not _outcomes:
        return
    counts = Counter(_outcomes.values())
    suite = ("extract.yml", "validate.yml")
    passed = sum(counts[(f, "passed")] for f in suite)
    total = sum(counts[(f, o)] for f in suite for o in ("passed", "failed", "skipped"))
    per_file = ", ".join(f"{f} {counts[(f, 'passed')]}" for f in suite)
    terminalreporter.write_line(f"twitter-text conformance: {passed}/{total} cases passed ({per_file})")
    if any(f == "autolink.yml" for f, _ in counts):
        terminalreporter.write_line(
            "twitter-text autolink.yml boundaries: "
            f"{counts[('autolink.yml', 'passed')]} passed, "
            f"{counts[('autolink.yml', 'failed')]} failed, "
            f"{counts[('autolink.yml', 'skipped')]} skipped (autolinker options)"
        )
