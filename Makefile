# Jianzheng — two commands on a bare machine: `make run`, `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: install system-packages run test test-faults lint typecheck pytest demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

## Debian packages the tests need (Chromium, CJK fonts, poppler-utils, Pango), when missing
system-packages:
	bash scripts/system-packages.sh

## Serve the API on 127.0.0.1:8000 with the embedded SQLite store under ./var/
run: install
	$(BIN)/jianzheng serve

## Lint, type-check and run every test (SQLite and a real PostgreSQL)
test: lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy domain projections infra api bench scripts

pytest: install system-packages
	$(BIN)/pytest $(PYTEST_ARGS)

## Fault tests only (also part of `make test`), with 20 SIGKILL rounds per backend
test-faults: install
	JIANZHENG_CRASH_ROUNDS=20 $(BIN)/pytest -s tests/faults tests/e2e/test_crash.py $(PYTEST_ARGS)

## The enforcement story end to end over HTTP on a fresh store (DEMO_DIR=… to keep it)
demo: install
	$(BIN)/python scripts/demo.py

## Benchmarks against same-run baselines; writes docs/benchmarks.md (BENCH_ARGS=--quick: < 2 min)
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
