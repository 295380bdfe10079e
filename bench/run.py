"""One bench run after Django is set up: databases, seeding, each phase in turn, then the JSON document."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import time
import traceback
from collections.abc import Callable
from typing import Any

import redis
from django.contrib.auth.hashers import make_password

from bench import config, db, logins, phases, procs, report, seed
from bench.cli import Run, log
from bench.pages import pages, user_for


def main(run: Run) -> int:
    args, only = run.args, run.only
    result: dict[str, Any] = {
        "bench": {
            "command": run.command,
            "scale": args.scale,
            "started_at": run.stamp,
            "machine": machine(),
            "load": {
                "connections": args.connections,
                "seconds_per_page": run.duration,
                "generator": "wrk (one thread)",
            },
        }
    }
    children: list[procs.Child] = []
    try:
        log(f"databases {config.DB_NAME} and {run.small_name}: create and migrate")
        db.create(config.DB_NAME)
        db.migrate(run.env)
        db.create(run.small_name, template=config.DB_NAME)
        subprocess.run(  # noqa: S603 - our own command line
            [config.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=config.BASE_DIR,
            env=run.env.as_dict(),
            check=True,
        )
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
            with db.connect(run.small_name) as conn:
                small_meta = seed.seed(conn, small_scale, password_hash=password, log=lambda m: None)
            result["seed"]["small"] = {"scale": small_scale, "seconds": small_meta.seconds["total_seed"]}
            log("queries per page at two scales, and query plans")
            result["queries_per_page"] = phases.query_counts(
                run.env, run.small_name, args.scale, small_scale, run.run_dir, run.plans_dir
            )
            result["plans"] = result["queries_per_page"].pop("plans", {})

        workers = os.cpu_count() or 2
        port = procs.free_port()
        web = procs.gunicorn(run.env.as_dict(), port, workers, run.run_dir / "gunicorn.log")
        children.append(web)
        procs.wait_http(f"http://127.0.0.1:{port}/health/")
        measured = pages(meta)
        keys = logins.sessions_for(sorted({user_for(p, meta) for p in measured if p.path}))
        result["memory"] = {}
        if "pages" in only:
            log(f"pages under load: {workers} gunicorn workers, {args.connections} clients, {run.duration:g} s each")
            phase(
                result,
                "pages",
                lambda: phases.load_pages(port, measured, keys, meta, run.duration, args.connections),
            )
        if "storm" in only:
            log("enrolment storm")
            phase(result, "enrolment_storm", lambda: phases.enrolment_storm(port, meta))
        if "grading" in only:
            log("grading through Redis with one worker process")
            phase(
                result,
                "grading",
                lambda: phases.grading(run.env, port, meta, run.run_dir, args.scale, children, result["memory"]),
            )
        result["memory"]["web_workers_peak_rss_mb"] = [procs.peak_rss_mb(pid) for pid in procs.children(web.pid)]
        web.stop()
        if "wave" in only:
            log("reminder wave")
            phase(
                result,
                "reminder_wave",
                lambda: phases.reminder_wave(run.env, meta, run.run_dir, args.scale, children, result["memory"]),
            )
    except Exception:
        result["error"] = traceback.format_exc()
        log("failed:\n" + result["error"])
    finally:
        for child in children:
            child.stop()
        if not args.keep:
            for name in (config.DB_NAME, run.small_name):
                try:
                    db.drop(name)
                except Exception as error:  # reported; never hides the result
                    log(f"could not drop {name}: {error}")
        shutil.rmtree(run.run_dir / "mail", ignore_errors=True)
        try:
            redis.Redis.from_url(config.REDIS_URL).flushdb()  # the bench's own Redis database: leftover wave tasks
        except Exception as error:  # reported; never hides the result
            log(f"could not empty {config.REDIS_URL}: {error}")
    return finish(run, result)


def finish(run: Run, result: dict[str, Any]) -> int:
    """Targets beside the figures; the document printed and saved. Non-zero when anything failed."""
    result["bench"]["total_seconds"] = round(time.monotonic() - run.started, 1)
    result["bench"]["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report.add_targets(result)
    text = json.dumps(result, indent=2, default=str)
    config.OUT_DIR.mkdir(parents=True, exist_ok=True)
    (config.OUT_DIR / f"bench-{run.stamp}.json").write_text(text + "\n")
    (config.OUT_DIR / "latest.json").write_text(text + "\n")
    print(text)
    log(f"saved var/bench/bench-{run.stamp}.json and var/bench/latest.json")
    return 1 if "error" in result or "errors" in result else 0


def phase(result: dict[str, Any], name: str, measure: Callable[[], dict[str, Any]]) -> None:
    """One measurement; a failure is recorded under its name and the next measurement still runs."""
    try:
        result[name] = measure()
    except Exception:
        result[name] = {"error": traceback.format_exc()}
        result.setdefault("errors", []).append(name)
        log(f"{name} failed:\n" + result[name]["error"])


def machine() -> dict[str, Any]:
    memory_gb = None
    try:
        with open("/proc/meminfo") as f:
            memory_gb = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    with db.connect_admin() as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return {
        # Other work on the machine competes with the measurement: the load average says how much there was.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "postgresql": row[0] if row else None,
        "platform": platform.platform(),
    }
