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

# Both passes always run (a failure in the first must not hide the second's); the summary
# repeats each pass's last pytest line, and the exit status is non-zero if either failed.
pass_summary = $$(grep -E '(passed|failed|error|skipped|no tests ran).* in [0-9.]+s|Skipping the production pass|CI must run' $(1) | tail -n 1)
pass_word = $$([ $(1) -eq 0 ] && echo "ok    " || echo "FAILED")

test: install  ## the whole suite: embedded default, then PostgreSQL + Redis (both always run)
	@logs=$$(mktemp -d); \
	$(MAKE) --no-print-directory test-embedded 2>&1 | tee $$logs/embedded; embedded=$${PIPESTATUS[0]}; \
	$(MAKE) --no-print-directory test-production 2>&1 | tee $$logs/production; production=$${PIPESTATUS[0]}; \
	echo; echo "make test: both passes"; \
	echo "  embedded (SQLite):             $(call pass_word,$$embedded)  $(call pass_summary,$$logs/embedded)"; \
	echo "  production (PostgreSQL+Redis): $(call pass_word,$$production)  $(call pass_summary,$$logs/production)"; \
	rm -rf $$logs; \
	[ $$embedded -eq 0 ] && [ $$production -eq 0 ]

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
