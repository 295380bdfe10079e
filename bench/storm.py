"""The enrolment storm: 1,000 people press "enrol" at once, over HTTP, for a session of 100 seats."""

from __future__ import annotations

import asyncio
import resource
import time
from typing import Any

from bench.config import CSRF_TOKEN


async def _enrol(port: int, path: str, session_key: str, go: asyncio.Event, timeout: float) -> tuple[int, float]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: sessionid={session_key}; csrftoken={CSRF_TOKEN}\r\nX-CSRFToken: {CSRF_TOKEN}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ).encode()
    await go.wait()
    writer.write(request)
    await writer.drain()
    try:
        head = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    done = time.monotonic()
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        status = 0
    return status, done


async def _storm(port: int, path: str, keys: list[str], timeout: float) -> dict[str, Any]:
    go = asyncio.Event()
    tasks = [asyncio.create_task(_enrol(port, path, key, go, timeout)) for key in keys]
    await asyncio.sleep(1.0)  # every connection open and queued at the server before anyone sends
    started = time.monotonic()
    go.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    statuses: dict[str, int] = {}
    last = started
    errors = 0
    for result in results:
        if isinstance(result, BaseException):
            errors += 1
            statuses["exception"] = statuses.get("exception", 0) + 1
            continue
        status, done = result
        last = max(last, done)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        if status != 302:  # the enrol view answers with a redirect to the confirmation page
            errors += 1
    return {"requests": len(keys), "wall_s": round(last - started, 2), "http_errors": errors, "statuses": statuses}


def run(port: int, path: str, keys: list[str], *, timeout: float = 300) -> dict[str, Any]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < len(keys) + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, len(keys) + 1024), hard))
    return asyncio.run(_storm(port, path, keys, timeout))
