# Steward's commands. `make run` and `make test` are the two a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://root@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=

.PHONY: install run test test-embedded test-production lint format bench worker clean

$(BIN)/python:
	@$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund && touch $@; \
	else echo "npm not found: the official Durable Streams client test will be skipped."; fi

install: $(VENV)/.installed node_modules/.installed  ## create .venv and install Steward with its test tools (idempotent)

run: install  ## the embedded default: migrate, demo data, admin account, daphne on :8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddemo
	$(BIN)/python manage.py ensureadmin
	$(BIN)/daphne -b 127.0.0.1 -p 8000 steward.asgi:application

test: install  ## the whole suite: embedded default, then PostgreSQL + Redis
	$(MAKE) --no-print-directory test-embedded
	$(MAKE) --no-print-directory test-production

test-embedded: install
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python -m pytest $(PYTEST_ARGS)

test-production: install
	@if $(BIN)/python scripts/services_up.py "$(PG_URL)" "$(REDIS_TEST_URL)"; then \
	  DATABASE_URL="$(PG_URL)" REDIS_URL="$(REDIS_TEST_URL)" STEWARD_REDIS_PREFIX="steward-test-$$$$" \
	    $(BIN)/python -m pytest $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "CI must run the production pass: start PostgreSQL and Redis." >&2; exit 1; \
	else echo "Skipping the production pass (see above). Start PostgreSQL and Redis to run it."; fi

lint: install  ## ruff (lint + format check), mypy and the import contracts (layers)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy platform apps
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install  ## every benchmark against its baseline, on PostgreSQL + Redis
	DATABASE_URL="$(PG_URL)" REDIS_URL="$(REDIS_TEST_URL)" STEWARD_REDIS_PREFIX="steward-bench-$$$$" \
	  $(BIN)/python -m bench $(BENCH_ARGS)

worker: install  ## a Celery worker (production configuration)
	CONN_MAX_AGE=$${CONN_MAX_AGE:-60} $(BIN)/celery -A steward worker --loglevel=INFO

clean:
	rm -rf $(VENV) var
