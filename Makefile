# Two commands for a newcomer: `make run` and `make test`. Everything they need is set up here.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test hosted unit e2e lint format coverage bench bench-hosted bench-guard bench-pages migration clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Rapport needs Python 3.11: install it, or run make PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m app.launcher

# The outreach secret is made once and kept in .hosted-secret (gitignored), so matches survive restarts.
.hosted-secret:
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(32))' > $@

hosted: $(STAMP) .hosted-secret
	RAPPORT_MODE=hosted \
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	RAPPORT_OUTREACH_SECRET=$${RAPPORT_OUTREACH_SECRET:-$$(cat .hosted-secret)} \
	$(BIN)/python -m app.launcher

test: $(STAMP)
	@export PLAYWRIGHT_CHROMIUM_EXECUTABLE="$$(scripts/find-chromium.sh)" || exit 1; \
	$(BIN)/ruff check . && \
	$(BIN)/ruff format --check app tests e2e && \
	$(BIN)/mypy && \
	$(BIN)/python -m pytest tests && \
	$(BIN)/python -m pytest e2e

unit: $(STAMP)
	$(BIN)/python -m pytest tests

# How much of each module the unit tests run (the states' figures are in the issue notes).
coverage: $(STAMP)
	$(BIN)/python -m coverage run --source=app -m pytest tests -q
	$(BIN)/python -m coverage report --include='app/state/*'

e2e: $(STAMP)
	@export PLAYWRIGHT_CHROMIUM_EXECUTABLE="$$(scripts/find-chromium.sh)" || exit 1; \
	$(BIN)/python -m pytest e2e

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check app tests e2e
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format app tests e2e
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	@export PLAYWRIGHT_CHROMIUM_EXECUTABLE="$$(scripts/find-chromium.sh)" || exit 1; \
	$(BIN)/python -m bench.contacts_page

bench-hosted: $(STAMP)
	$(BIN)/python -m bench.hosted_load

# The job-ask guard on its labelled corpus: precision and recall on both halves, the slowest check.
# Lighthouse (mobile, simulated slow 4G) on Rapport's pages beside a blank Reflex app, one run.
bench-pages: $(STAMP)
	@export PLAYWRIGHT_CHROMIUM_EXECUTABLE="$$(scripts/find-chromium.sh)" || exit 1; \
	$(BIN)/python -m bench.pages --desktop

bench-guard: $(STAMP)
	$(BIN)/python -m bench.guard

migration: $(STAMP)
	$(BIN)/alembic -c app/migrations/alembic.ini revision --autogenerate -m "$(m)"

clean:
	rm -rf .web .states $(VENV)
