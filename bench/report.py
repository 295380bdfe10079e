"""Targets beside each figure: every performance target the README promises, with the figure it is judged on and
pass/fail."""

from __future__ import annotations

from typing import Any

from bench.pages import TARGETED

FULL_WAVE = 100_000
WAVE_SECONDS = 60.0
GRADING_PER_S = 200.0
WEB_RSS_MB = 150.0


def _target(name: str, figure: object, target: str, passed: bool | None) -> dict[str, Any]:
    return {"name": name, "figure": figure, "target": target, "pass": passed}


def add_targets(result: dict[str, Any]) -> None:
    """Write ``target`` beside each judged figure and the list of all of them under ``targets``."""
    targets: list[dict[str, Any]] = []
    pages = result.get("pages", {})
    floor = pages.get("floor") if isinstance(pages.get("floor"), dict) else {}
    for name, page in pages.items():
        if not isinstance(page, dict) or name == "floor" or "p95_ms" not in page or "p95_ms" not in floor:
            continue
        page["p95_vs_floor"] = round(page["p95_ms"] / floor["p95_ms"], 2) if floor["p95_ms"] else None
        page["throughput_vs_floor"] = (
            round(page["requests_per_s"] / floor["requests_per_s"], 3) if floor["requests_per_s"] else None
        )
        if name in TARGETED:
            ok_p95 = page["p95_vs_floor"] is not None and page["p95_vs_floor"] <= 3
            ok_rps = page["throughput_vs_floor"] is not None and page["throughput_vs_floor"] >= 1 / 3
            page["target"] = {"p95_vs_floor": "<= 3", "throughput_vs_floor": ">= 0.333", "pass": ok_p95 and ok_rps}
            targets.append(_target(f"{name} p95 vs floor", page["p95_vs_floor"], "<= 3", ok_p95))
            targets.append(_target(f"{name} throughput vs floor", page["throughput_vs_floor"], ">= 0.333", ok_rps))
        if page.get("errors"):
            targets.append(_target(f"{name} errors under load", page["errors"], "0", False))
    queries = result.get("queries_per_page", {}).get("pages", {})
    if queries:
        unequal = sorted(name for name, q in queries.items() if not q["equal"])
        result["queries_per_page"]["target"] = {"equal at both scales": True, "pass": not unequal}
        targets.append(_target("queries per page independent of scale", unequal or "all equal", "equal", not unequal))
    storm = result.get("enrolment_storm")
    if storm and "seats_taken" in storm:
        ok = (
            storm["http_errors"] == 0
            and storm["seats_taken"] == storm["seats"]
            and storm["enrolled"] == storm["seats"]
            and storm["waitlisted"] == storm["requests"] - storm["seats"]
            and storm["waitlist_in_order"]
            and storm["one_place_each"]
        )
        storm["target"] = {
            "errors": 0,
            "seats_taken": storm["seats"],
            "waitlisted": storm["requests"] - storm["seats"],
            "waitlist": "in order",
            "pass": ok,
        }
        targets.append(_target("enrolment storm correct", f"{storm['enrolled']}+{storm['waitlisted']}", "exact", ok))
    grading = result.get("grading")
    if grading and "throughput" in grading:
        rate = grading["throughput"]["per_second"]
        ok = rate is not None and rate >= GRADING_PER_S
        grading["target"] = {"per_second": f">= {GRADING_PER_S:g} per worker", "pass": ok}
        targets.append(_target("grading per worker", rate, f">= {GRADING_PER_S:g}/s", ok))
    wave = result.get("reminder_wave")
    if wave and wave.get("available"):
        rate = wave.get("per_second")
        need = FULL_WAVE / WAVE_SECONDS
        ok = bool(wave.get("exactly_once") and wave.get("finished") and rate and rate >= need)
        if wave["reminders_due"] >= FULL_WAVE:
            ok = ok and (wave["seconds_to_last_handed_to_backend"] or 1e9) < WAVE_SECONDS
        wave["target"] = {
            "full_wave": f"{FULL_WAVE:,} in < {WAVE_SECONDS:g} s (>= {need:.0f}/s), each exactly once",
            "pass": ok,
        }
        targets.append(_target("reminder wave", rate, f">= {need:.0f}/s, exactly once", ok))
    elif wave and "error" in wave:
        targets.append(_target("reminder wave", "failed to run", "100,000 in < 60 s", False))
    elif wave:
        targets.append(_target("reminder wave", "not available", "100,000 in < 60 s", None))
    memory = result.get("memory", {})
    rss = [m for m in memory.get("web_workers_peak_rss_mb", []) if m is not None]
    if rss:
        ok = max(rss) < WEB_RSS_MB
        memory["target"] = {"web_worker_peak_rss_mb": f"< {WEB_RSS_MB:g}", "pass": ok}
        targets.append(_target("web worker peak RSS MB", max(rss), f"< {WEB_RSS_MB:g}", ok))
    result["targets"] = targets
    result["all_targets_pass"] = bool(targets) and all(t["pass"] for t in targets)
