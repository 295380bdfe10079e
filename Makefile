# Tweet Camp. `make demo` to look at it, `make test` to prove it. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install install-runtime lock demo serve test lint format check migrate clean bench e2e messages faults scan soak

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The demo needs only what runs the app; tests and tools come on top.
$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(RUNTIME_STAMP)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $(STAMP)

install: $(STAMP)

install-runtime: $(RUNTIME_STAMP)

# The locks: requirements.in and requirements-dev.in name the direct dependencies; pip-compile pins every
# transitive one with its hashes. Pins already in a lock are kept; `make lock UPGRADE=1` takes the newest
# versions the .in files allow. Commit the .in and .txt files together (.ci/check_lock.py compares them).
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock: install
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

migrate: install-runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

demo: migrate
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Tweet Camp is starting at http://$(HOST):$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo ""
	TWEETCAMP_HOST=$(HOST) TWEETCAMP_PORT=$(PORT) $(BIN)/honcho start -f Procfile

serve: migrate
	TWEETCAMP_HOST=$(HOST) TWEETCAMP_PORT=$(PORT) $(BIN)/honcho start -f Procfile

# The browser journeys are left to `make e2e`, which keeps this one quick.
test: install
	$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)

# Browser journeys in Debian's Chromium (installed with apt-get when missing; never a downloaded browser).
# Screenshots and the axe summary land in test-artifacts/. A missing browser fails here instead of skipping.
e2e: install
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	TWEETCAMP_E2E_REQUIRED=1 $(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

# Fault tests: Redis stopped, a worker killed, PostgreSQL restarted, each on servers the tests start
# themselves. Needs DATABASE_URL (PostgreSQL) and REDIS_URL; prints the figures of each fault.
faults: install
	FAULTS=1 $(BIN)/python -m pytest -s tests/faults $(PYTEST_ARGS)

# The soak: the fault tests, then 100 simulated people for 5 minutes (SOAK_SECONDS, SOAK_USERS) against
# gunicorn + worker + beat on loopback, on a PostgreSQL and a Redis of its own. Prints its figures.
soak: faults
	$(BIN)/python -m tests.faults.soak

# ruff (PLC0415 included: no imports inside functions but where pyproject.toml says why), mypy
# (strict on the pure text modules, services and selectors) and the layering check (tests/test_architecture.py).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_architecture.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production-like values: check --deploy must print nothing to fix.
check: install
	DEBUG=0 SECRET_KEY=ci-check-$$(openssl rand -hex 32) ALLOWED_HOSTS=tweetcamp.example.org \
	  TWEETCAMP_VAR_DIR=$$(mktemp -d) \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
	TWEETCAMP_VAR_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory scan

# Seeds its own PostgreSQL database (tweetcamp_bench), measures, prints one JSON document (README: Performance).
# Needs the local PostgreSQL and Redis; installs wrk from Debian when missing. `make bench SCALE=0.05` is quick.
SCALE ?= 1
DURATION ?=
bench: install
	@$(BIN)/python -m bench --scale $(SCALE) $(if $(DURATION),--duration $(DURATION)) $(if $(ONLY),--only $(ONLY))

# Refresh the Spanish catalogue from the code and compile it; commit the .po and the .mo together
# (a test checks the .mo is compiled from the .po, so a fresh clone needs no gettext to run).
messages: install
	$(BIN)/python manage.py makemessages -l es --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=var
	$(BIN)/python manage.py compilemessages -l es --ignore=.venv --ignore=staticfiles

# Security scanning (part of `make check`).
# bandit: the shipped code (apps, tweetcamp/; not tests/ or the bench/ harness) at medium severity and
# up; an accepted finding carries `# nosec` and the reason on its line.
# pip-audit: the pinned requirements against PyPI's advisory data. A known vulnerability fails the check;
# if the advisory service cannot be reached, it says so loudly and the check goes on.
scan: install
	$(BIN)/bandit -q -r core accounts courses notifications practice reports tweetcamp manage.py \
	  -x '*/migrations/*' --severity-level medium
	@out=$$($(BIN)/pip-audit -r requirements-dev.txt --no-deps --disable-pip --progress-spinner off 2>&1); \
	  status=$$?; echo "$$out" | grep -v "encouraged to fully hash\|pip-compile"; \
	  if [ $$status -ne 0 ] && echo "$$out" | grep -qiE "connection|timed out|resolution|max retries|unreachable"; then \
	    echo "pip-audit: PyPI's advisory service could not be reached: dependencies NOT audited this time."; exit 0; \
	  fi; exit $$status

clean:
	rm -rf var/test .pytest_cache
