# One command runner. The two set-up commands are `make run` and `make test` (README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
DEV_ENV := DEBUG=1
PYTEST_ARGS ?=

# What each mode needs from Debian, as CHECK:PACKAGE (installed only when missing).
RUN_PACKAGES := msgfmt:gettext npm:npm ffprobe:ffmpeg \
	'/usr/lib/*/libpangoft2-1.0.so.0:libpangoft2-1.0-0' \
	'/usr/lib/*/libharfbuzz-subset.so.0:libharfbuzz-subset0' \
	'/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core' espeak-ng:espeak-ng
TEST_PACKAGES := $(RUN_PACKAGES) '/usr/lib/postgresql/*/bin/initdb:postgresql' \
	redis-server:redis-server /usr/bin/chromium:chromium

.PHONY: help setup run test test-only fuzz bench lint fmt migrate messages compilemessages totp clean backup restore

help:
	@echo "make run    start the app with demo data on http://127.0.0.1:8000 (embedded: SQLite, no servers)"
	@echo "make test   lint, migration check and the whole test suite on throwaway PostgreSQL + Redis"
	@echo "make fuzz   1,000 hostile inputs for every form and JSON endpoint (tests/hardening)"
	@echo "make bench  run the benchmarks under bench/ and print their figures"
	@echo "make backup | restore FROM=DIR   database and private media (see README)"
	@echo "make lint | fmt | migrate | messages | totp | clean"

$(VENV)/.synced: pyproject.toml uv.lock scripts/bootstrap-python
	scripts/bootstrap-python
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.synced node_modules/.installed

compilemessages: $(VENV)/.synced
	@$(DEV_ENV) $(MANAGE) compilemessages --ignore '.venv' --ignore '.tools' --ignore 'node_modules' -v 0

run:
	@scripts/ensure-system-packages $(RUN_PACKAGES)
	@$(MAKE) --no-print-directory setup compilemessages
	$(DEV_ENV) $(MANAGE) prepare_transcribe_model --if-available
	$(DEV_ENV) $(MANAGE) migrate --noinput -v 0
	$(DEV_ENV) $(MANAGE) seed_demo
	@echo "Starting web, worker and beat on http://127.0.0.1:8000 (Ctrl-C stops all three)"
	$(DEV_ENV) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

test:
	@scripts/ensure-system-packages $(TEST_PACKAGES)
	@$(MAKE) --no-print-directory setup compilemessages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	scripts/check-compose
	scripts/with-test-services $(BIN)/pytest -n auto $(PYTEST_ARGS)

# The fuzz tests with 1,000 examples per endpoint instead of `make test`'s six; prints
# the number run per endpoint. Also the odd spellings of ballots (hundreds to thousands of
# ballots per kind of poll instead of a few dozen).
fuzz:
	@scripts/ensure-system-packages $(TEST_PACKAGES)
	@$(MAKE) --no-print-directory setup compilemessages
	HYPOTHESIS_PROFILE=fuzz scripts/with-test-services $(BIN)/pytest -n auto -m fuzz \
		-p no:cacheprovider $(PYTEST_ARGS) tests/hardening tests/voting/test_ballot_spellings.py \
		tests/applications/test_application_states.py tests/voting/test_poll_states.py

bench: setup
	@for script in bench/[!_]*.py; do \
		[ -e "$$script" ] || { echo "no benchmarks yet"; break; }; \
		echo "== $$script"; $(DEV_ENV) $(PY) "$$script" || exit 1; \
	done

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: setup
	$(DEV_ENV) $(MANAGE) migrate

messages: setup
	$(DEV_ENV) $(MANAGE) makemessages -l nl --no-obsolete --ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' --ignore 'tests/*'
	$(DEV_ENV) $(MANAGE) compilemessages --ignore '.venv' --ignore '.tools' --ignore 'node_modules'

backup: setup
	$(DEV_ENV) $(MANAGE) backup

restore: setup
	@test -n "$(FROM)" || { echo "usage: make restore FROM=backups/<folder>"; exit 2; }
	$(DEV_ENV) $(MANAGE) restore "$(FROM)"

totp: setup
	@$(DEV_ENV) $(MANAGE) demo_totp

clean:
	rm -rf $(VENV) .tools node_modules var staticfiles
