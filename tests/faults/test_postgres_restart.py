"""PostgreSQL restarts under traffic: requests fail cleanly (503, no traceback) and the app recovers by itself.

The database is a private cluster this test creates on a spare port; the shared one
on 5432 is never touched. The web server is gunicorn with production settings.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
import requests

from tests.faults.conftest import ONLY_IN_MAKE_FAULTS, report
from tests.faults.servers import SESSION_FOR, Gunicorn, PrivatePostgres, manage, python, server_env

pytestmark = [ONLY_IN_MAKE_FAULTS, pytest.mark.services]

PAGES = ["/courses/", "/feed/", "/camp/", "/", "/notifications/"]


@pytest.fixture
def private_postgres():
    pg = PrivatePostgres()
    try:
        pg.init()
        yield pg
    finally:
        pg.destroy()


def test_postgres_restart_under_traffic(private_postgres, tmp_path):
    env = server_env(private_postgres.url, tmp_path)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    key = python(
        env,
        SESSION_FOR
        + "u = User.objects.create_user(email='pg@example.org', display_name='PG Person', handle='pgperson')\n"
        + "u.groups.add(Group.objects.get(name='Employee'))\nprint(session_for(u))",
    ).strip()
    web = Gunicorn(env, workers=2)
    seen: list[tuple[float, str, int, bool]] = []
    failures: list[str] = []
    stop = threading.Event()

    def traffic() -> None:
        session = requests.Session()
        session.cookies.set("sessionid", key)
        i = 0
        while not stop.is_set() and len(seen) < 20_000:
            page = PAGES[i % len(PAGES)]
            i += 1
            try:
                response = session.get(web.base + page, timeout=15, allow_redirects=False)
            except requests.RequestException as exc:  # a dropped connection is not a clean failure
                failures.append(f"{page}: {type(exc).__name__}")
                continue
            seen.append((time.monotonic(), page, response.status_code, "Traceback" in response.text))
            time.sleep(0.02)

    threads = [threading.Thread(target=traffic) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(3)
        down_at = time.monotonic()
        private_postgres.stop()
        time.sleep(4)
        private_postgres.start()
        up_at = time.monotonic()
        # Recovered: every page answers 200 again, within a bounded time.
        deadline = up_at + 60
        while time.monotonic() < deadline:
            recent = [s for s in seen if s[0] > time.monotonic() - 2]
            if len(recent) >= 20 and all(code == 200 for _, _, code, _ in recent):
                break
            time.sleep(0.5)
        recovered_after = time.monotonic() - up_at
        # /health/ says the database is back (it is 503 overall here: this test runs no beat).
        health = requests.get(web.base + "/health/", timeout=15).json()
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        web.stop()

    codes = Counter(code for _, _, code, _ in seen)
    during = Counter(code for t, _, code, _ in seen if down_at <= t <= up_at)
    report(
        "postgres restart",
        requests=len(seen) + len(failures),
        statuses=dict(codes),
        during_outage=dict(during),
        connection_errors=len(failures),
        tracebacks=sum(tb for *_, tb in seen),
        recovered_in_s=round(recovered_after, 1),
    )
    assert not failures, failures[:5]
    assert set(codes) <= {200, 503}, codes
    assert during[503] > 0, "the outage was never seen: the test proved nothing"
    assert not any(tb for *_, tb in seen)
    assert recovered_after < 60, "the app did not recover by itself"
    after = [code for t, _, code, _ in seen if t > up_at + recovered_after]
    assert after and set(after) == {200}
    assert health["checks"]["database"]["ok"] is True
