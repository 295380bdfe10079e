"""COPY rows into PostgreSQL fast: the COPY itself, and tables stripped of their indexes while it runs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

import psycopg

# One row for COPY: str, int, bool or None values, in the order of the columns named.
Row = tuple[object, ...]


def copy_rows(cur: psycopg.Cursor, table: str, columns: Iterable[str], rows: Iterable[Row]) -> int:
    """COPY rows into a table; values are str/int/None (strings are parsed by PostgreSQL per column)."""
    count = 0
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


@contextmanager
def bare_tables(cur: psycopg.Cursor, tables: list[str]) -> Iterator[None]:
    """Drop the secondary indexes and foreign keys/unique constraints of tables; rebuild them afterwards."""
    saved_constraints: list[tuple[str, str, str, str]] = []
    saved_indexes: list[str] = []
    for table in tables:
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
            [table],
        )
        for name, definition, kind in cur.fetchall():
            saved_constraints.append((table, name, definition, kind))
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        saved_indexes.extend(definition for _name, definition in cur.fetchall())
        for _t, name, _d, _k in [c for c in saved_constraints if c[0] == table]:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cur.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        for (name,) in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')
    yield
    for definition in saved_indexes:
        cur.execute(definition)
    for kind in ("u", "f"):
        for table, name, definition, k in saved_constraints:
            if k == kind:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def cols(names: str) -> list[str]:
    return names.split()


def iso(moment: datetime) -> str:
    return moment.isoformat()
