# Switchboard: `make run` brings up the whole portal with demo data, `make test` runs the tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12 or newer: take the first one we can find.
ifndef PYTHON
PYTHON := $(shell for candidate in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python $$HOME/.pyenv/versions/3.12*/bin/python python3; do \
	if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$candidate; break; fi; done)
endif

.PHONY: help install run test lint format migrate demo messages bench clean

help:
	@echo "make run     install, migrate, load demo data and start web + worker + scheduler on http://127.0.0.1:8000"
	@echo "make test    run the test suite (uses DATABASE_URL / REDIS_URL when set)"
	@echo "make lint    ruff check and format check"
	@echo "make bench   seed a big contact centre, load it under gunicorn, report (bench/README.md)"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Switchboard needs Python 3.12 or newer (Django 6 requires it): $(if $(PYTHON),$(PYTHON) is older or does not run,none was found)." >&2; \
		echo "Install Python 3.12+, or point to one: make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)" >&2; \
		exit 1; \
	fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo

run: demo
	@echo "Starting Switchboard at http://127.0.0.1:8000 (Ctrl-C stops web, worker and scheduler)"
	DEBUG=$${DEBUG:-1} PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/honcho start

test: install
	DEBUG=1 $(VENV)/bin/ruff check .
	DEBUG=1 $(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=static/vendor --ignore=tests --ignore=bench --ignore=var
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
