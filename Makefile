# Two commands: `make run` serves the demo catalog, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PG_BIN := $(firstword $(wildcard /usr/lib/postgresql/*/bin))

.PHONY: run test lint typecheck pytest postgres install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

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

lint: $(TEST_STAMP)
	$(BIN)/ruff check catalog schemas harvesters tests bench
	$(BIN)/ruff format --check catalog schemas harvesters tests bench

typecheck: $(TEST_STAMP)
	$(BIN)/mypy catalog schemas harvesters

pytest: $(TEST_STAMP) postgres
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) instance build
