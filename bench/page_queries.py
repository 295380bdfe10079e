"""Queries per page, and the query plans of the heavy pages, in the database Django is set up with.

Each page is opened twice with Django's test client as its everyday user; the second opening is counted
(the first fills per-process caches such as content types). Run through ``python -m bench.querycount``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import logins
from bench.pages import pages, user_for
from bench.seed import load_meta

PLANNED = {"home": "timeline", "hashtag": "hashtag", "profile": "profile", "admin_dashboard": "dashboard"}


def measure(out: Path, plans: Path | None) -> None:
    """Count each page's queries into ``out`` (JSON); with ``plans``, EXPLAIN ANALYZE the heavy pages there."""
    with connection.cursor() as cur:
        meta = load_meta(cur)
    measured = [p for p in pages(meta) if p.path]
    keys = logins.sessions_for(sorted({user_for(p, meta) for p in measured}))
    result: dict[str, Any] = {"scale": meta["scale"], "pages": {}, "plans": {}}
    for page in measured:
        path = page.path or ""
        client = Client()
        client.cookies["sessionid"] = keys[user_for(page, meta)]
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        result["pages"][page.name] = {
            "queries": len(queries),
            "status": response.status_code,
            "bytes": len(response.content),
            "single_request_ms": round(elapsed * 1000, 1),
            # What each query reads, to tell which one a difference between scales comes from.
            "shapes": [shape(q["sql"]) for q in queries.captured_queries],
        }
        if plans and page.name in PLANNED:
            result["plans"][page.name] = explain(connection, page.name, queries.captured_queries, plans)
    out.write_text(json.dumps(result, indent=2))


def shape(sql: str) -> str:
    """A query without its values: the statement and the table it reads first."""
    words = sql.split()
    table = next((words[i + 1] for i, w in enumerate(words[:-1]) if w == "FROM"), "")
    return f"{words[0] if words else ''} {table}".strip()


def explain(connection: BaseDatabaseWrapper, name: str, captured: list[dict[str, Any]], folder: Path) -> str:
    """EXPLAIN ANALYZE the page's heaviest queries (for a timeline: the posts query) into folder/<name>.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    ranked = sorted(captured, key=lambda q: float(q["time"]), reverse=True)
    if name in ("home", "hashtag", "profile"):
        # The page's two post queries: its ids (ordered, limited) and its rows with what they show.
        chosen = [q for q in captured if q["sql"].startswith('SELECT "practice_post"."id"')][:2]
    else:
        chosen = [q for q in ranked if q["sql"].lstrip().upper().startswith("SELECT")][:5]
    lines = [f"# {name}: {len(captured)} queries; plans of the {len(chosen)} heaviest (EXPLAIN ANALYZE, BUFFERS)", ""]
    lines.append("## every query of the page (ms, SQL start)")
    lines += [f"{float(q['time']) * 1000:9.2f}  {q['sql'][:160]}" for q in ranked]
    with connection.cursor() as cur:
        for q in chosen:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            plan = "\n".join(row[0] for row in cur.fetchall())
            lines += ["", "## query", q["sql"], "", "## plan", plan]
    path = folder / f"{PLANNED[name]}.txt"
    path.write_text("\n".join(lines) + "\n")
    return str(path)
