"""The seeder: every stage in order, the sequences and statistics after them, and what it chose saved."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, Protocol

import psycopg

from bench.seed.feed import FeedSeeding
from bench.seed.people import PeopleSeeding
from bench.seed.records import TrainingRecordSeeding
from bench.seed.sessions import CourseSeeding
from bench.seed.sizes import Meta, Sizes


class MetaCursor(Protocol):
    """A psycopg cursor or Django's: what load_meta reads bench_meta with."""

    def execute(self, sql: str) -> object: ...

    def fetchone(self) -> Any: ...


class Seeder(PeopleSeeding, CourseSeeding, FeedSeeding, TrainingRecordSeeding):
    # ids: everything gets explicit ids from 1 in the order generated; sequences are set at the end.

    def run(self) -> Meta:
        with self.conn.cursor() as cur:
            cur.execute("SET synchronous_commit = off")
            cur.execute("SET maintenance_work_mem = '512MB'")
            # Check foreign keys per statement: a deferred check would block dropping constraints later.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("SELECT count(*) FROM accounts_user")
            if (cur.fetchone() or (0,))[0]:
                raise RuntimeError("the bench database is not empty")
            cur.execute("SELECT id, name FROM auth_group")
            self.groups = {name: pk for pk, name in cur.fetchall()}
            self._people(cur)
            self._courses(cur)
            self._sessions(cur)
            self._practice(cur)
            self._training_records(cur)
            self._sequences(cur)
            self.meta.seconds["total_seed"] = round(time.monotonic() - self._t0, 1)
            cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
            cur.execute(
                "INSERT INTO bench_meta VALUES ('meta', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [json.dumps(asdict(self.meta))],
            )
        self.conn.commit()
        return self.meta

    def _sequences(self, cur: psycopg.Cursor) -> None:
        cur.execute(
            "SELECT table_name, column_name, pg_get_serial_sequence(table_name, column_name) FROM "
            "information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval%%' "
            "OR (table_schema = 'public' AND is_identity = 'YES')"
        )
        for table, column, sequence in cur.fetchall():
            if sequence:
                cur.execute(
                    f"SELECT setval(%s, COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)",  # noqa: S608
                    [sequence],
                )
        # VACUUM as well as ANALYZE: a live database has its visibility map set by autovacuum, which is what
        # lets counts run as index-only scans; a freshly loaded table has none. VACUUM needs autocommit.
        self.conn.commit()
        autocommit = self.conn.autocommit
        self.conn.autocommit = True
        cur.execute("VACUUM (ANALYZE)")
        self.conn.autocommit = autocommit
        self._lap("vacuum analyze")


def seed(
    conn: psycopg.Connection, scale: float, *, password_hash: str, log: Callable[[str], None] | None = None
) -> Meta:
    """Seed an empty, migrated database at ``scale``; returns the Meta the measurements use."""
    seeder = Seeder(conn, Sizes.for_scale(scale), password_hash=password_hash)
    if log:
        seeder.log = log
    return seeder.run()


def load_meta(cur: MetaCursor) -> dict[str, Any]:
    cur.execute("SELECT value FROM bench_meta WHERE key = 'meta'")
    row = cur.fetchone()
    value = row[0]
    meta: dict[str, Any] = json.loads(value) if isinstance(value, str) else value
    return meta
