"""Create, migrate and drop the bench databases (only databases whose name contains "bench")."""

from __future__ import annotations

import subprocess

import psycopg

from bench import config


def _admin() -> psycopg.Connection:
    return psycopg.connect(config.admin_conninfo(), autocommit=True)


def drop(name: str) -> None:
    config.db_url(name)  # refuses a name without "bench"
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create(name: str, *, template: str | None = None) -> None:
    config.db_url(name)
    drop(name)
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def migrate(env: config.Env) -> None:
    subprocess.run(  # noqa: S603 - our own command line
        [config.PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=config.BASE_DIR,
        env=env.as_dict(),
        check=True,
    )


def connect(name: str) -> psycopg.Connection:
    return psycopg.connect(config.conninfo(name))


def connect_admin() -> psycopg.Connection:
    return _admin()
