# Everything sets itself up: a fresh clone needs only Python 3.12+, make and git.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Django 6 needs Python 3.12 or newer: take the first interpreter on this machine that is.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test check lint test-browser test-reliability clean messages

$(BIN)/.installed: requirements/lock.txt pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Complaintdesk needs Python 3.12 or newer (Django 6 does); none was found. Install one, or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; fi
	@echo "Setting up $(VENV) with $(PYTHON)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

run: $(BIN)/.installed
	@$(BIN)/complaintdesk migrate
	@$(BIN)/complaintdesk demo --if-empty
	@$(BIN)/complaintdesk serve --host $(HOST) --port $(PORT)

check: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/complaintdesk makemigrations --check --dry-run

test: check
	$(BIN)/pytest $(PYTEST_ARGS)

# Only the browser tests (Playwright driving the system's Chromium).
test-browser: $(BIN)/.installed
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# Only the crash harness and the migration test (docs/reliability.md); COMPLAINTDESK_KILLS sets
# how many processes the harness SIGKILLs (20 unless told).
test-reliability: $(BIN)/.installed
	$(BIN)/pytest -m reliability $(PYTEST_ARGS)

# Refresh the translation catalogues after changing UI strings (needs GNU gettext).
messages: $(BIN)/.installed
	cd src/complaintdesk && ../../$(BIN)/complaintdesk makemessages -l es -l fr -l zh_Hans --ignore "*/tests/*" \
		&& ../../$(BIN)/complaintdesk compilemessages

clean:
	rm -rf $(VENV) var/test.sqlite3
