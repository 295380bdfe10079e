"""The browser harness: Debian's Chromium through Playwright, against pytest-django's live server.

Every test here is marked ``e2e`` (see ``pytest_collection_modifyitems``). Without /usr/bin/chromium a
plain ``pytest`` run skips them with that reason; ``make e2e`` sets TWEETCAMP_E2E_REQUIRED=1, so there a
missing browser is a failure, not a skip. Nothing here reaches the internet: Chromium runs with
background networking off, and axe-core is the copy shipped inside the axe-playwright-python wheel.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.test import Client

from tests.e2e import checks
from tweetcamp.celery import app

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # without the dev set installed the journeys are skipped (pytest_collection_modifyitems)
    sync_playwright = None

CHROMIUM = os.environ.get("TWEETCAMP_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("TWEETCAMP_E2E_REQUIRED") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium; `make e2e` installs it)"
    elif sync_playwright is None:
        missing = "needs playwright (pip install -r requirements-dev.txt)"
    for item in items:
        if HERE not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if missing and not REQUIRED:
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def _allow_orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API keeps an asyncio loop running in the main thread, which makes Django refuse
    # ORM calls from the test body ("You cannot call this from an async context"). The calls are
    # synchronous and in one thread, so the guard is a false alarm here; lifted for the e2e session only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_allow_orm_beside_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make e2e`, which installs it with apt-get.")
    with sync_playwright() as pw:
        # launch() starts Chromium on a new, empty temporary profile (its own --user-data-dir), removed on
        # close; each test then opens its own incognito-like context.
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, browser, settings):
    """The live server and helpers to open browser contexts on it, signed in or not."""
    cache.clear()  # a fresh start: allauth's e-mail cooldowns and the feed's rate limits live in the cache
    settings.SITE_URL = live_server.url
    settings.ALLOWED_HOSTS = ["*"]
    contexts = []

    class Site:
        url = live_server.url

        def context(self, *, user=None, locale="en-GB", javascript=True, width=1280, height=900):
            context = browser.new_context(
                base_url=live_server.url,
                locale=locale,
                java_script_enabled=javascript,
                viewport={"width": width, "height": height},
                accept_downloads=True,
                bypass_csp=True,  # lets axe-core be injected under a strict Content-Security-Policy
            )
            context.set_default_timeout(15_000)
            # Anything not served by the live server is refused: the tests never reach the internet.
            context.route(
                lambda url: not url.startswith(live_server.url) and not url.startswith(("data:", "blob:")),
                lambda route: route.abort(),
            )
            if user is not None:
                self.sign_in(context, user)
            contexts.append(context)
            return context

        def page(self, **kwargs):
            return self.context(**kwargs).new_page()

        def sign_in(self, context, user):
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])

    yield Site()
    for context in contexts:
        context.close()


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker in a thread of this process, started when the test calls ``worker.start()``
    (so a test can first see work waiting, then see it done).

    On PostgreSQL + Redis it consumes the real Redis broker. On the embedded default the broker is a
    SQLite file, whose polling transport would race the live server's in-memory test database; there the
    e2e tests switch the app to kombu's in-memory transport instead, which works because the live server
    (the producer) and this worker (the consumer) are threads of the same process.
    """
    previous = app.conf.broker_url
    swapped = not str(previous).startswith("redis")
    if swapped:
        app.conf.broker_url = "memory://"
        _forget_connections(app)
    stack = ExitStack()

    class Worker:
        def start(self):
            stack.enter_context(
                start_worker(
                    app,
                    pool="solo",
                    perform_ping_check=False,
                    queues=["default", "fast", "bulk"],
                    shutdown_timeout=10,
                    loglevel="WARNING",
                )
            )

    try:
        yield Worker()
    finally:
        stack.close()
        if swapped:
            app.conf.broker_url = previous
            _forget_connections(app)


def _forget_connections(app) -> None:
    """Drop the connection and producer pools made for the previous broker URL (as Celery does after a fork)."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def check(request):
    """``check(page, "name")``: axe (no serious or critical violation), no horizontal scroll at 375 px,
    and screenshots at 1280 and 375 px in test-artifacts/screenshots/<test>/."""
    return checks.Checker(request.node.name)


def pytest_sessionfinish(session, exitstatus):
    summary = checks.summary()
    if summary["pages"]:
        out = checks.ARTIFACTS / "axe-summary.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(summary, indent=2))
