# One command each: every target sets up .venv first (once), then does its job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SERVE_STAMP := $(VENV)/.installed-serve
SERVE_ADDR ?= 127.0.0.1:8000
# Debian's Chromium by default; elsewhere (GitHub's Ubuntu runners) pass CHROMIUM=/usr/bin/google-chrome.
CHROMIUM ?= /usr/bin/chromium
export BRIEFING_CHROMIUM := $(CHROMIUM)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build check test quick lint bench bench-zensical clean browser-deps zensical

# Two installs: serving needs only the project and MkDocs; the test tool-chain (Playwright, axe, hypothesis,
# mypy, ruff, Pagefind, Zensical) comes with the targets that use it.
$(SERVE_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(SERVE_STAMP)

$(STAMP): $(SERVE_STAMP)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# --dirty: after the first build a save re-renders only the pages whose text changed (README: Performance).
serve: $(SERVE_STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr $(SERVE_ADDR)

build: $(SERVE_STAMP)
	$(BIN)/mkdocs build --strict

# The same site from Zensical (README: Builders): the docs tree and a zensical.toml translated from mkdocs.yml
# into build/zensical/, then `zensical build --strict` there; the site lands in build/zensical/site/.
zensical: $(STAMP)
	$(BIN)/briefing generate --for zensical --out build/zensical
	cd build/zensical && ../../$(BIN)/zensical build --strict

check: $(SERVE_STAMP)
	$(BIN)/briefing check

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

# The browser tests (tests/browser) drive Debian's Chromium; Playwright never downloads a browser.
# Liberation fonts stand in for Helvetica/Arial in Material's system font stack, so screenshots read.
browser-deps:
	test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends chromium fonts-liberation; }

test: $(STAMP) lint browser-deps
	$(BIN)/python -m pytest

# The inner loop: ruff, mypy and the unit and golden tests; no browser, fuzz, MkDocs build or resource runs.
QUICK_SKIP := tests/browser tests/adversarial tests/test_fuzz_load.py tests/test_reproducible.py \
	tests/test_resources.py tests/test_build.py tests/test_pagefind.py tests/test_workflows.py \
	tests/test_zensical_config.py tests/test_settings.py tests/test_preview.py tests/test_fastlists.py
quick: $(STAMP) lint
	BRIEFING_REBUILD_EXAMPLES=25 $(BIN)/python -m pytest -q -x $(addprefix --ignore=,$(QUICK_SKIP))

# Speed and scale against Material's blog plugin; minutes, not part of `make test` (README: Performance).
BENCH_SIZES ?= 1000 10000
bench: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q -m benchmark tests/test_resources.py
	$(BIN)/python benchmarks/run.py --sizes $(BENCH_SIZES)

# generate + Zensical against mkdocs build, cold and warm (benchmarks/zensical.py); minutes, not part of `make test`.
bench-zensical: $(STAMP)
	$(BIN)/python benchmarks/zensical.py --sizes $(firstword $(BENCH_SIZES))

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
