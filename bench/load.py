"""Pages under load: wrk (one process, 50 connections) against gunicorn on loopback, with a login cookie."""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import shutil
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

LUA = Path(__file__).with_name("wrk_report.lua")


def ensure_wrk() -> str:
    """wrk from Debian, installed when missing (the bench runs as root on the project's machines)."""
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)  # noqa: S607
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-q"], check=False, capture_output=True)  # noqa: S607
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)  # noqa: S607
    return shutil.which("wrk") or "wrk"


def check_page(url: str, cookie: str, *, timeout: float = 120) -> tuple[int, int]:
    """One request as the page's user: (status, bytes). A redirect to the login page is an error here."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
            if "/accounts/login" in response.url:
                return 401, len(body)
            return response.status, len(body)
    except urllib.error.HTTPError as error:
        return error.code, 0


def parse(output: str) -> dict[str, Any]:
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            figures: dict[str, Any] = json.loads(line[len("BENCH_JSON ") :])
            return figures
    raise ValueError("wrk printed no figures:\n" + output[-2000:])


def run_wrk(
    wrk: str, url: str, cookie: str, *, seconds: float, connections: int = 50, threads: int = 1
) -> dict[str, Any]:
    """wrk for a bounded time; figures in ms and requests per second."""
    args = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "60s",
        "-H",
        f"Cookie: {cookie}",
        "-s",
        str(LUA),
        url,
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 120, check=True)  # noqa: S603
    raw = parse(done.stdout)
    duration = raw["duration_us"] / 1e6
    errors = raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["status_errors"] + raw["timeouts"]
    return {
        "requests": raw["requests"],
        "seconds": round(duration, 2),
        "requests_per_s": round(raw["requests"] / duration, 1) if duration else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": errors,
        "error_detail": {
            k: raw[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
        },
        "connections": connections,
    }


def drain(url: str, cookie: str, workers: int = 4) -> None:
    """Wait until the server has answered what wrk left queued when it stopped (a sync worker serves every
    accepted connection, even abandoned ones), so one page's backlog is not measured as the next page's."""

    def one(_: int) -> None:
        # Best effort: a drain that times out only means the next page starts on a busy server.
        with contextlib.suppress(OSError):
            check_page(url, cookie, timeout=600)

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(workers)))
