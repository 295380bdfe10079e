"""`python -m bench`: bench/cli.py reads the options, bench/run.py seeds, measures and reports."""

from __future__ import annotations

import sys

import django

from bench import cli

if __name__ == "__main__":
    this_run = cli.prepare(sys.argv[1:])  # --help and a wrong option end here, before Django starts
    django.setup()  # with the settings cli.prepare() put in this process's environment
    # bench.run reads models and URLs when it is imported, so it is imported only once Django is set up.
    from bench import run

    sys.exit(run.main(this_run))
