# Two commands: `make run` serves the demo catalog, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Every dependency (runtime and test extras) at the version CI tested: installs are constrained
# to it, so a fresh clone gets what CI ran. `make lock` writes it again from pyproject.toml.
LOCK := requirements.lock
PG_BIN := $(firstword $(wildcard /usr/lib/postgresql/*/bin))

.PHONY: run test lint typecheck pytest postgres chromium messages install lock clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml $(LOCK)
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
	touch $@

install: $(STAMP)

# After changing the dependencies in pyproject.toml (or to take newer releases): resolve the
# runtime and test dependencies again into $(LOCK), with uv (from PyPI) in its own venv.
lock:
	test -x build/uv/bin/uv || ($(PYTHON) -m venv build/uv && build/uv/bin/pip install --quiet 'uv>=0.13,<1')
	build/uv/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
		--custom-compile-command 'make lock' --quiet -o $(LOCK)

run: $(STAMP)
	$(BIN)/catalog init
	$(BIN)/catalog demo --if-empty
	$(BIN)/catalog serve

# PostgreSQL server binaries for the integration tests (Debian's package when missing).
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "PostgreSQL server found: $$(ls -d /usr/lib/postgresql/*/bin | head -1)"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "PostgreSQL server binaries missing: install Debian's postgresql package" >&2; exit 1; \
	fi

# Debian's Chromium for the browser tests (driven by Playwright; never `playwright install`).
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		echo "Chromium found: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium missing: install Debian's chromium package" >&2; exit 1; \
	fi

# Interface strings: re-extract, merge into the Indonesian catalog, compile (commit both files).
messages: $(TEST_STAMP)
	mkdir -p build
	$(BIN)/pybabel -q extract -F catalog/translations/babel.cfg -k _l -o build/messages.pot --no-location --omit-header .
	$(BIN)/pybabel -q update -i build/messages.pot -d catalog/translations -l id --no-fuzzy-matching
	$(BIN)/pybabel -q compile -d catalog/translations -l id

lint: $(TEST_STAMP)
	$(BIN)/ruff check catalog schemas harvesters tests bench tools
	$(BIN)/ruff format --check catalog schemas harvesters tests bench tools
	$(BIN)/lint-imports

typecheck: $(TEST_STAMP)
	$(BIN)/mypy catalog schemas harvesters

# The test modules spread over the cores this process may use (pytest-xdist; a module stays on
# one worker so its fixtures start once). TEST_WORKERS=0 runs them in this one process.
# The count honours the cgroup CPU quota (catalog/cpus.py), not just the host's cores.
TEST_WORKERS ?= $(shell $(BIN)/python -c 'from catalog.cpus import cpu_count; print(cpu_count())' 2>/dev/null || echo 1)
pytest: $(TEST_STAMP) postgres chromium
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

test: lint typecheck pytest

clean:
	rm -rf $(VENV) instance build
