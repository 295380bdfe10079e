"""`python -m bench.querycount --out FILE [--plans DIR]`: queries per page, and the query plans of the heavy
pages, in the bench database named by DATABASE_URL (see bench/page_queries.py).

Run as a child process of the bench so each database gets its own Django.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import django


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.querycount")
    parser.add_argument("--out", required=True)
    parser.add_argument("--plans", default="")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = parse_args()
    django.setup()
    # page_queries opens pages with Django's test client, so it is imported only once Django is set up.
    from bench import page_queries

    page_queries.measure(Path(args.out), Path(args.plans) if args.plans else None)
