"""`python -m bench [--scale S] [--duration SECONDS] [--connections N] [--keep] [--only PHASES]`: seed, measure,
print one JSON document.

Phases, each bounded in time: create and migrate the bench databases; seed the big one at ``scale``
and a small one at ``scale / 10`` (for queries per page at two scales); count queries and save
EXPLAIN ANALYZE plans; load the pages with wrk against gunicorn; the enrolment storm; grading through
Redis with one worker; the reminder wave; then the JSON (printed, and saved in var/bench/).
"""

# This module reads the command line and makes this process a bench process; it needs no Django, so
# ``--help`` and a wrong option answer before Django starts.

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import config

PHASES = ("queries", "pages", "storm", "grading", "wave")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100,000 people (default); 0.05 for a quick run")
    parser.add_argument(
        "--duration", type=float, default=None, help="seconds of load per page (default 30 at scale >= 0.5, else 4)"
    )
    parser.add_argument("--connections", type=int, default=50, help="concurrent clients per page (default 50)")
    parser.add_argument("--keep", action="store_true", help="keep the bench databases afterwards")
    parser.add_argument(
        "--only",
        default=",".join(PHASES),
        help=f"comma-separated phases to run (default all: {','.join(PHASES)}); seeding always runs",
    )
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Run:
    """One bench run: what the command line asked for, and where the run keeps its files."""

    args: argparse.Namespace
    only: frozenset[str]
    started: float  # time.monotonic() at the start
    stamp: str
    run_dir: Path
    plans_dir: Path
    small_name: str
    env: config.Env
    duration: float  # seconds of load per page

    @property
    def command(self) -> str:
        """The make command that repeats this run."""
        return (
            f"make bench SCALE={self.args.scale:g}"
            + (f" DURATION={self.args.duration:g}" if self.args.duration else "")
            + (f" ONLY={self.args.only}" if self.only != set(PHASES) else "")
        )


def prepare(argv: list[str] | None = None) -> Run:
    """Read the command line, make the run's folders and turn this process into a bench process (its
    environment is the one every bench process gets), ready for django.setup()."""
    args = parse_args(argv)
    only = frozenset(name.strip() for name in args.only.split(",") if name.strip())
    if not only or only - set(PHASES):
        raise SystemExit(f"--only takes some of {','.join(PHASES)}")
    started = time.monotonic()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_dir = config.OUT_DIR / f"run-{stamp}"
    run_dir.mkdir(parents=True, exist_ok=True)
    env = config.Env(db=config.DB_NAME, mail_dir=run_dir / "mail", var_dir=run_dir / "var")
    env.var_dir.mkdir(parents=True, exist_ok=True)
    env.apply()
    return Run(
        args=args,
        only=only,
        started=started,
        stamp=stamp,
        run_dir=run_dir,
        plans_dir=config.OUT_DIR / f"plans-{stamp}",
        small_name=config.DB_NAME + "_small",
        env=env,
        duration=args.duration or (30.0 if args.scale >= 0.5 else 4.0),
    )
