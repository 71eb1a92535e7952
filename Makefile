# SiLaJar — `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install install-dev run serve migrate seed test check-all lint format messages lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): requirements.lock | $(PY)
	@bash bin/ensure-system-packages
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

$(DEV_STAMP): requirements-dev.lock | $(PY)
	@bash bin/ensure-system-packages
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(STAMP)

## install: create .venv and install the exact locked packages
install: $(STAMP)

install-dev: $(DEV_STAMP)

# a development install's own settings (DEBUG=1, a generated SECRET_KEY), written once, never
# committed: manage.py reads them, so `.venv/bin/python manage.py …` works as under `make run`
DEV_ENV := var/dev.env
$(DEV_ENV): | $(STAMP)
	$(PY) -m silajar.env $@

migrate: install $(DEV_ENV)
	$(PY) manage.py migrate --noinput

# links in e-mail and the "sign in at" line follow PORT unless SILAJAR_BASE_URL says otherwise
BASE_URL = SILAJAR_BASE_URL=$${SILAJAR_BASE_URL:-http://127.0.0.1:$(PORT)}

seed: migrate
	$(BASE_URL) $(PY) manage.py seed_demo

## run: install, migrate the embedded SQLite database, load demo data, serve on 127.0.0.1:$(PORT)
run: seed
	$(BASE_URL) PORT=$(PORT) $(PY) bin/devserver.py

# what mypy checks besides core: every app's services, selectors and workflows (modules or packages)
MYPY_MODULES = $$(ls -d silajar/*/services silajar/*/services.py silajar/*/selectors.py \
	silajar/*/workflows.py 2>/dev/null | grep -v '^silajar/core/')

## test: lint, then the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set), in
## parallel: one pytest-xdist worker per CPU (PYTEST_WORKERS=0 runs it in one process)
PYTEST_WORKERS ?= auto
test: install-dev
	@bash bin/ensure-chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -c pyproject.toml -r silajar -ll -q
	$(VENV)/bin/lint-imports
	DEBUG=1 $(VENV)/bin/mypy silajar/core $(MYPY_MODULES)
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

## check-all: `make test`, then the long checks at full size (bench/README.md, "check-all"):
## the quality suites scaled up, the load run (50 people × 10 min on PostgreSQL), the restart drill
LOAD_ARGS ?= --users 50 --duration 600 --tickets 20000
check-all: test
	SILAJAR_CHECK_SIZE=full $(VENV)/bin/pytest silajar/quality $(PYTEST_ARGS)
	$(PY) bench/load.py $(LOAD_ARGS) --json var/load.json
	@if [ -f bench/db_restart.py ]; then $(PY) bench/db_restart.py; fi

lint: install-dev
	$(VENV)/bin/ruff check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## messages: refresh the translation catalogues after changing user-facing text
messages: install-dev
	cd silajar && DEBUG=1 ../$(PY) ../manage.py makemessages -l id -l en --no-obsolete
	cd silajar && DEBUG=1 ../$(PY) ../manage.py compilemessages

## lock: re-resolve requirements*.lock from pyproject.toml (needs network to PyPI)
lock:
	$(PIP) install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements-dev.lock

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache .import_linter_cache .mypy_cache
