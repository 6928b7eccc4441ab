# Folio: `make run` serves the site with its sample content; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The sample content make run loads into an empty site.
CONTENT ?= content
# The first Python 3.11 or newer on PATH.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
# make test-postgres runs the suite again on this server (the test runner creates and drops test_<name>).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# make run is the development server: debug pages, and a throwaway key unless SECRET_KEY is set. Its links
# point at where it serves, which DEBUG=0 requires to be said.
RUN_ENV := DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

.PHONY: run test test-postgres check-deploy audit install install-dev lint format migrations-check clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Folio needs Python 3.11 or newer on PATH." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/python manage.py import_markdown $(CONTENT) --if-empty
	$(RUN_ENV) $(BIN)/python manage.py ensure_admin
	@echo "Folio is serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev lint migrations-check
	$(BIN)/python -m pytest

test-postgres: install-dev
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest

# The production settings with a fresh random key, as `check --deploy` sees them.
check-deploy: install-dev
	DJANGO_SETTINGS_MODULE=cms.settings DEBUG=0 HTTPS=1 \
	SECRET_KEY="$$($(BIN)/python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())')" \
	ALLOWED_HOSTS=news.example.org SITE_URL=https://news.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Lighthouse on the home page and a seed-format article of a locally served site (needs Node, npm and Chromium).
audit: install-dev
	scripts/audit

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=cms.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cms.settings_test $(BIN)/python manage.py check --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
