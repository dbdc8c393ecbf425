# Every target installs what it needs first, so a fresh clone needs only Python 3.11+ and make.
# The interpreter .venv is made from: the distribution's /usr/bin/python3 when it is 3.11+ and can
# make a venv, because distributions build it with profile-guided optimisation and LTO; on the
# machine the project is built on it runs coimpact about 8 % faster than pyenv's default
# build (README, "Load"). Otherwise the python3 on PATH. `make PYTHON=python3.12 install` picks.
PYTHON ?= $(or $(shell /usr/bin/python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3),python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app

.PHONY: install browser-deps run test lint bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

# axe-core for the browser tests, from the npm registry, pinned in tests/browser/axe-core.version.
# Chromium itself is Debian's (apt-get install chromium); the browser tests skip without it.
AXE_CORE_VERSION := $(shell cat tests/browser/axe-core.version)
AXE_STAMP := .cache/axe/.installed-$(AXE_CORE_VERSION)

$(AXE_STAMP): tests/browser/axe-core.version
	@if command -v npm >/dev/null 2>&1; then \
	  rm -rf .cache/axe && \
	  npm install --no-save --no-audit --no-fund --silent --prefix .cache/axe \
	    axe-core@$(AXE_CORE_VERSION) && touch $@; \
	else \
	  echo "npm not found: the axe-core checks will skip (COIMPACT_REQUIRE_BROWSER=1 fails them)"; \
	fi

browser-deps: $(AXE_STAMP)

run: install
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

bench: install
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.journey
	$(BIN)/python -m bench.export
	$(BIN)/python -m bench.review

# 50 simulated participants for 60 s against gunicorn, on SQLite then PostgreSQL (LOAD_SECONDS,
# LOAD_USERS, LOAD_DATABASES shorten it); fails if a request errs or a submission is lost.
load: install
	$(BIN)/python -m load
