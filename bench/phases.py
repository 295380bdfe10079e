"""The measurements after seeding, each run by bench.run in turn: queries per page at two scales, pages under
load, the enrolment storm, grading through one worker, the reminder wave."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import redis
from django.urls import reverse

from accounts.models import User
from bench import config, load, logins, procs, storm, wave
from bench import grading as graders
from bench.cli import log
from bench.pages import Page, user_for
from courses.models import Enrolment, Session


def query_counts(
    env: config.Env, small_name: str, scale: float, small_scale: float, run_dir: Path, plans_dir: Path
) -> dict[str, Any]:
    counts = {}
    for name, the_scale, plans in ((env.db, scale, plans_dir), (small_name, small_scale, None)):
        out = run_dir / f"queries-{name}.json"
        the_env = config.Env(db=name, mail_dir=env.mail_dir, var_dir=env.var_dir).as_dict()
        command = [config.PYTHON, "-m", "bench.querycount", "--out", str(out)]
        if plans:
            command += ["--plans", str(plans)]
        subprocess.run(command, cwd=config.BASE_DIR, env=the_env, check=True, timeout=900)  # noqa: S603
        counts[the_scale] = json.loads(out.read_text())
    big, small = counts[scale], counts[small_scale]
    pages: dict[str, dict[str, Any]] = {}
    for page, figures in big["pages"].items():
        other = small["pages"].get(page, {})
        pages[page] = {
            f"scale_{scale:g}": figures["queries"],
            f"scale_{small_scale:g}": other.get("queries"),
            "equal": figures["queries"] == other.get("queries"),
            "status": figures["status"],
        }
        if not pages[page]["equal"]:
            big_only = Counter(figures["shapes"]) - Counter(other.get("shapes", []))
            small_only = Counter(other.get("shapes", [])) - Counter(figures["shapes"])
            pages[page]["only_at_bigger_scale"] = sorted(big_only.elements())
            pages[page]["only_at_smaller_scale"] = sorted(small_only.elements())
    relative = {k: str(Path(v).relative_to(config.BASE_DIR)) for k, v in big.get("plans", {}).items()}
    return {"scales": [scale, small_scale], "pages": pages, "plans": relative}


def load_pages(
    port: int, measured: list[Page], keys: dict[int, str], meta: dict[str, Any], duration: float, connections: int
) -> dict[str, Any]:
    wrk = load.ensure_wrk()
    figures: dict[str, Any] = {}
    floor_path = next((p.path for p in measured if p.name == "floor"), None)
    for page in measured:
        if not page.path:
            figures[page.name] = {"skipped": page.skipped}
            continue
        url = f"http://127.0.0.1:{port}{page.path}"
        cookie = logins.cookie(keys[user_for(page, meta)])
        status, size = load.check_page(url, cookie)
        if status != 200:
            figures[page.name] = {"skipped": f"the page answered {status} to its user", "path": page.path}
            continue
        if duration >= 10:  # a short run is warmed by the check above
            load.run_wrk(wrk, url, cookie, seconds=2, connections=min(connections, 10))
            if floor_path:
                load.drain(f"http://127.0.0.1:{port}{floor_path}", cookie)
        figures[page.name] = {
            "path": page.path,
            "bytes": size,
            **load.run_wrk(wrk, url, cookie, seconds=duration, connections=connections),
        }
        log(f"  {page.name}: {figures[page.name]['requests_per_s']} req/s, p95 {figures[page.name]['p95_ms']} ms")
        if floor_path:
            load.drain(f"http://127.0.0.1:{port}{floor_path}", cookie)
    return figures


def enrolment_storm(port: int, meta: dict[str, Any]) -> dict[str, Any]:
    session_id = meta["storm_session_id"]
    people = meta["storm_user_ids"]
    keys = logins.sessions_for(people)
    path = reverse("courses:session-enrol", args=[session_id])
    figures = storm.run(port, path, [keys[p] for p in people])
    session = Session.objects.get(pk=session_id)
    rows = list(Enrolment.objects.filter(session=session).order_by("queued_at", "pk").values("pk", "status", "user_id"))
    statuses = [r["status"] for r in rows]
    seats = meta["storm_seats"]
    by_pk = [r["pk"] for r in sorted(rows, key=lambda r: r["pk"])]
    in_order = (
        statuses[:seats] == ["enrolled"] * seats
        and statuses[seats:] == ["waitlisted"] * (len(people) - seats)
        and [r["pk"] for r in rows] == by_pk
    )
    return {
        **figures,
        "seats": session.capacity,
        "seats_taken": session.seats_taken,
        "enrolled": statuses.count("enrolled"),
        "waitlisted": statuses.count("waitlisted"),
        "one_place_each": len({r["user_id"] for r in rows}) == len(rows) == len(people),
        "waitlist_in_order": in_order,
    }


def grading(
    env: config.Env,
    port: int,
    meta: dict[str, Any],
    run_dir: Path,
    scale: float,
    children: list[procs.Child],
    memory: dict[str, Any],
) -> dict[str, Any]:
    # A backlog bigger than the time allowed: the rate comes from what was graded within it.
    n = max(50, min(len(meta["grading_pairs"]), round(4000 * min(scale, 1))))
    ids = graders.make_pending(meta["grading_pairs"][:n])
    graders.enqueue(ids)  # queued in Redis before the worker starts: it drains a backlog at full speed
    worker = procs.celery_worker(
        env.as_dict(), queues="fast", pool="solo", concurrency=1, name="bench-grader", log=run_dir / "grader.log"
    )
    children.append(worker)
    procs.wait_log(worker, "ready.")
    throughput = graders.wait_graded(ids, timeout=30 if scale >= 0.5 else 10)
    redis.Redis.from_url(config.REDIS_URL).delete("fast")  # what is left of the backlog: latency is measured idle
    session = Session.objects.select_related("course").prefetch_related("trainers").get(pk=meta["grading_session_id"])
    trainer = session.trainers.all()[0]
    keys = logins.sessions_for(meta["grading_user_ids"])
    text = f"Practising for #{session.hashtag} with @{trainer.handle}: kind words, checked facts, no patients named."
    path = reverse("courses:drill-attempt", args=[meta["grading_drill_id"]])
    latency = graders.end_to_end(port, path, keys, text=text)
    memory["celery_grading_worker_peak_rss_mb"] = procs.peak_rss_mb(worker.pid)
    worker.stop()
    return {"throughput": throughput, "end_to_end": latency, "worker": "celery --pool=solo (one process)"}


def reminder_wave(
    env: config.Env,
    meta: dict[str, Any],
    run_dir: Path,
    scale: float,
    children: list[procs.Child],
    memory: dict[str, Any],
) -> dict[str, Any]:
    reason = wave.available()
    if reason:
        return {"available": False, "reason": reason}
    redis.Redis.from_url(config.REDIS_URL).flushdb()  # nothing but the wave in the queues
    shutil.rmtree(env.mail_dir, ignore_errors=True)
    env.mail_dir.mkdir(parents=True)
    expected = set(
        User.objects.filter(
            enrolments__session_id__in=meta["wave_session_ids"], enrolments__status=Enrolment.Status.ENROLLED
        ).values_list("email", flat=True)
    )
    workers = os.cpu_count() or 2
    worker = procs.celery_worker(
        env.as_dict(),
        queues="bulk,default",
        pool="prefork",
        concurrency=workers,
        name="bench-wave",
        log=run_dir / "wave-worker.log",
    )
    children.append(worker)
    procs.wait_log(worker, "ready.")
    wave.fall_due(meta["wave_session_ids"])
    started_wall, started = time.time(), time.monotonic()
    wave.tick()
    # Bounded so the whole bench stays within its budget; an unfinished wave reports its rate and projection.
    timeout = 120.0 if scale >= 0.5 else 15.0
    sent = wave.wait_sent(env.mail_dir, len(expected), started=started, timeout=timeout, stall=min(60.0, timeout))
    memory["celery_wave_worker_peak_rss_mb"] = procs.tree_peak_rss_mb(worker.pid)
    worker.stop()
    check = wave.check_once(env.mail_dir, expected)
    seconds = round(sent["last_write"] - started_wall, 1) if sent["last_write"] else None
    figures = {
        "available": True,
        "reminders_due": len(expected),
        "workers": f"celery prefork, concurrency {workers}",
        "seconds_to_last_handed_to_backend": seconds,
        "per_second": round(check["messages"] / seconds, 1) if seconds else None,
        "finished": check["messages"] >= len(expected) and not sent["timed_out"],
        "email_backend": "django.core.mail.backends.filebased.EmailBackend",
        **check,
    }
    if not figures["finished"] and figures["per_second"]:
        figures["projected_seconds_for_all"] = round(len(expected) / figures["per_second"], 1)
    return figures
