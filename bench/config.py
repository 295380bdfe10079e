"""Where the bench runs: its own databases, its own Redis database, production-like settings on loopback.

Everything is read from the environment with bench-only defaults, so the bench never touches the
development database (``tweetcamp``) or the test databases (``test_*``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
PYTHON = sys.executable

# The server the bench may use; a name without "bench" in it is refused, so a typo cannot drop real data.
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "tweetcamp_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
# The CSRF cookie holds the unmasked secret; sending the same value in the header passes the check.
CSRF_TOKEN = "benchcsrf" + "0" * 23
SECRET_KEY = "bench-only-secret-key-" + "x" * 40  # loopback benchmark only, never deployed


def db_url(name: str) -> str:
    if "bench" not in name:
        raise SystemExit(f"refusing to use database {name!r}: bench database names contain 'bench'")
    parts = urlsplit(PG_SERVER)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))


def conninfo(name: str) -> str:
    return db_url(name).replace("postgres://", "postgresql://", 1)


def admin_conninfo() -> str:
    """The maintenance database, to create and drop the bench databases."""
    parts = urlsplit(PG_SERVER)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))


@dataclass(frozen=True)
class Env:
    """The environment of every bench process (the orchestrator, gunicorn, Celery, the query counter)."""

    db: str
    mail_dir: Path
    var_dir: Path
    floor: bool = True

    def as_dict(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH"):
            env.pop(name, None)
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings" if self.floor else "tweetcamp.settings",
            DATABASE_URL=db_url(self.db),
            REDIS_URL=REDIS_URL,
            CONN_MAX_AGE="600",
            DEBUG="0",
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            SECURE_HSTS_SECONDS="0",
            SECURE_HSTS_PRELOAD="0",
            EMAIL_BACKEND="file",
            EMAIL_FILE_PATH=str(self.mail_dir),
            TWEETCAMP_VAR_DIR=str(self.var_dir),
            LOG_LEVEL="WARNING",
            ACCOUNT_RATE_LIMITS_ENABLED="0",
            PYTHONPATH=str(BASE_DIR),
        )
        return env

    def apply(self) -> None:
        """Make this process a bench process (before django.setup())."""
        os.environ.clear()
        os.environ.update(self.as_dict())
