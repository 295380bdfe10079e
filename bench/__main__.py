"""`python -m bench [--scale S] [--duration SECONDS] [--keep]`: seed, measure, print one JSON document.

Phases, each bounded in time: create and migrate the bench databases; seed the big one at ``scale``
and a small one at ``scale / 10`` (for queries per page at two scales); count queries and save
EXPLAIN ANALYZE plans; load the pages with wrk against gunicorn; the enrolment storm; grading through
Redis with one worker; the reminder wave; then the JSON (printed, and saved in var/bench/).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bench import config, db, load, procs, report, seed, storm


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


PHASES = ("queries", "pages", "storm", "grading", "wave")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100,000 people (default); 0.05 for a quick run")
    parser.add_argument(
        "--duration", type=float, default=None, help="seconds of load per page (default 30 at scale >= 0.5, else 4)"
    )
    parser.add_argument("--connections", type=int, default=50, help="concurrent clients per page (default 50)")
    parser.add_argument("--keep", action="store_true", help="keep the bench databases afterwards")
    parser.add_argument(
        "--only",
        default=",".join(PHASES),
        help=f"comma-separated phases to run (default all: {','.join(PHASES)}); seeding always runs",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    if not only or only - set(PHASES):
        raise SystemExit(f"--only takes some of {','.join(PHASES)}")
    started = time.monotonic()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_dir = config.OUT_DIR / f"run-{stamp}"
    plans_dir = config.OUT_DIR / f"plans-{stamp}"
    run_dir.mkdir(parents=True, exist_ok=True)
    small_name = config.DB_NAME + "_small"
    env = config.Env(db=config.DB_NAME, mail_dir=run_dir / "mail", var_dir=run_dir / "var")
    env.var_dir.mkdir(parents=True, exist_ok=True)
    env.apply()
    duration = args.duration or (30.0 if args.scale >= 0.5 else 4.0)
    result: dict = {
        "bench": {
            "command": f"make bench SCALE={args.scale:g}"
            + (f" DURATION={args.duration:g}" if args.duration else "")
            + (f" ONLY={args.only}" if only != set(PHASES) else ""),
            "scale": args.scale,
            "started_at": stamp,
            "machine": machine(),
            "load": {"connections": args.connections, "seconds_per_page": duration, "generator": "wrk (one thread)"},
        }
    }
    children: list[procs.Child] = []
    try:
        import django

        django.setup()
        import redis
        from django.contrib.auth.hashers import make_password

        log(f"databases {config.DB_NAME} and {small_name}: create and migrate")
        db.create(config.DB_NAME)
        db.migrate(env)
        db.create(small_name, template=config.DB_NAME)
        subprocess.run(  # noqa: S603 - our own command line
            [config.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=config.BASE_DIR, env=env.as_dict(), check=True,
        )  # fmt: skip
        redis.Redis.from_url(config.REDIS_URL).flushdb()
        password = make_password("bench-password-not-secret")

        log(f"seeding at scale {args.scale:g}")
        with db.connect(config.DB_NAME) as conn:
            meta_obj = seed.seed(conn, args.scale, password_hash=password, log=log)
        meta = json.loads(json.dumps(meta_obj.__dict__))
        result["seed"] = {"counts": meta["counts"], "seconds": meta["seconds"]["total_seed"], "laps": meta["seconds"]}
        if "queries" in only:
            small_scale = args.scale / 10
            log(f"seeding the small database at scale {small_scale:g}")
            with db.connect(small_name) as conn:
                small_meta = seed.seed(conn, small_scale, password_hash=password, log=lambda m: None)
            result["seed"]["small"] = {"scale": small_scale, "seconds": small_meta.seconds["total_seed"]}
            log("queries per page at two scales, and query plans")
            result["queries_per_page"] = query_counts(env, small_name, args.scale, small_scale, run_dir, plans_dir)
            result["plans"] = result["queries_per_page"].pop("plans", {})

        from bench import logins
        from bench.pages import pages, user_for

        workers = os.cpu_count() or 2
        port = procs.free_port()
        web = procs.gunicorn(env.as_dict(), port, workers, run_dir / "gunicorn.log")
        children.append(web)
        procs.wait_http(f"http://127.0.0.1:{port}/health/")
        measured = pages(meta)
        keys = logins.sessions_for(sorted({user_for(p, meta) for p in measured if p.path}))
        result["memory"] = {}
        if "pages" in only:
            log(f"pages under load: {workers} gunicorn workers, {args.connections} clients, {duration:g} s each")
            phase(result, "pages", lambda: load_pages(port, measured, keys, meta, duration, args.connections))
        if "storm" in only:
            log("enrolment storm")
            phase(result, "enrolment_storm", lambda: enrolment_storm(port, meta))
        if "grading" in only:
            log("grading through Redis with one worker process")
            phase(result, "grading", lambda: grading(env, port, meta, run_dir, args.scale, children, result["memory"]))
        result["memory"]["web_workers_peak_rss_mb"] = [procs.peak_rss_mb(pid) for pid in procs.children(web.pid)]
        web.stop()
        if "wave" in only:
            log("reminder wave")
            phase(
                result,
                "reminder_wave",
                lambda: reminder_wave(env, meta, run_dir, args.scale, children, result["memory"]),
            )
    except Exception:
        result["error"] = traceback.format_exc()
        log("failed:\n" + result["error"])
    finally:
        for child in children:
            child.stop()
        if not args.keep:
            for name in (config.DB_NAME, small_name):
                try:
                    db.drop(name)
                except Exception as error:  # reported; never hides the result
                    log(f"could not drop {name}: {error}")
        shutil.rmtree(run_dir / "mail", ignore_errors=True)
        try:
            import redis

            redis.Redis.from_url(config.REDIS_URL).flushdb()  # the bench's own Redis database: leftover wave tasks
        except Exception as error:  # reported; never hides the result
            log(f"could not empty {config.REDIS_URL}: {error}")
    result["bench"]["total_seconds"] = round(time.monotonic() - started, 1)
    result["bench"]["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report.add_targets(result)
    text = json.dumps(result, indent=2, default=str)
    config.OUT_DIR.mkdir(parents=True, exist_ok=True)
    (config.OUT_DIR / f"bench-{stamp}.json").write_text(text + "\n")
    (config.OUT_DIR / "latest.json").write_text(text + "\n")
    print(text)
    log(f"saved var/bench/bench-{stamp}.json and var/bench/latest.json")
    return 1 if "error" in result or "errors" in result else 0


def phase(result: dict, name: str, measure) -> None:
    """One measurement; a failure is recorded under its name and the next measurement still runs."""
    try:
        result[name] = measure()
    except Exception:
        result[name] = {"error": traceback.format_exc()}
        result.setdefault("errors", []).append(name)
        log(f"{name} failed:\n" + result[name]["error"])


def machine() -> dict:
    memory_gb = None
    try:
        with open("/proc/meminfo") as f:
            memory_gb = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    with db.connect_admin() as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    return {
        # Other work on the machine competes with the measurement: the load average says how much there was.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "postgresql": version,
        "platform": platform.platform(),
    }


def query_counts(env: config.Env, small_name: str, scale: float, small_scale: float, run_dir: Path, plans_dir: Path):
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
    pages = {}
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


def load_pages(port: int, measured, keys: dict[int, str], meta: dict, duration: float, connections: int) -> dict:
    from bench import logins
    from bench.pages import user_for

    wrk = load.ensure_wrk()
    figures: dict = {}
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
        figures[page.name] = {"path": page.path, "bytes": size, **load.run_wrk(wrk, url, cookie, seconds=duration,
                                                                              connections=connections)}  # fmt: skip
        log(f"  {page.name}: {figures[page.name]['requests_per_s']} req/s, p95 {figures[page.name]['p95_ms']} ms")
        if floor_path:
            load.drain(f"http://127.0.0.1:{port}{floor_path}", cookie)
    return figures


def enrolment_storm(port: int, meta: dict) -> dict:
    from django.urls import reverse

    from bench import logins
    from courses.models import Enrolment, Session

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


def grading(env: config.Env, port: int, meta: dict, run_dir: Path, scale: float, children: list, memory: dict) -> dict:
    from django.urls import reverse

    from bench import grading as g
    from bench import logins
    from courses.models import Session

    # A backlog bigger than the time allowed: the rate comes from what was graded within it.
    n = max(50, min(len(meta["grading_pairs"]), round(4000 * min(scale, 1))))
    ids = g.make_pending(meta["grading_pairs"][:n])
    g.enqueue(ids)  # queued in Redis before the worker starts: it drains a backlog at full speed
    worker = procs.celery_worker(
        env.as_dict(), queues="fast", pool="solo", concurrency=1, name="bench-grader", log=run_dir / "grader.log"
    )
    children.append(worker)
    procs.wait_log(worker, "ready.")
    throughput = g.wait_graded(ids, timeout=30 if scale >= 0.5 else 10)
    import redis

    redis.Redis.from_url(config.REDIS_URL).delete("fast")  # what is left of the backlog: latency is measured idle
    session = Session.objects.select_related("course").prefetch_related("trainers").get(pk=meta["grading_session_id"])
    trainer = session.trainers.all()[0]
    keys = logins.sessions_for(meta["grading_user_ids"])
    text = f"Practising for #{session.hashtag} with @{trainer.handle}: kind words, checked facts, no patients named."
    path = reverse("courses:drill-attempt", args=[meta["grading_drill_id"]])
    latency = g.end_to_end(port, path, keys, text=text)
    memory["celery_grading_worker_peak_rss_mb"] = procs.peak_rss_mb(worker.pid)
    worker.stop()
    return {"throughput": throughput, "end_to_end": latency, "worker": "celery --pool=solo (one process)"}


def reminder_wave(env: config.Env, meta: dict, run_dir: Path, scale: float, children: list, memory: dict) -> dict:
    from bench import wave

    reason = wave.available()
    if reason:
        return {"available": False, "reason": reason}
    import redis

    from accounts.models import User
    from courses.models import Enrolment

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
        env.as_dict(), queues="bulk,default", pool="prefork", concurrency=workers, name="bench-wave",
        log=run_dir / "wave-worker.log",
    )  # fmt: skip
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


if __name__ == "__main__":
    sys.exit(main())
