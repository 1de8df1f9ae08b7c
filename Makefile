# "Node.js or Flask?" — tasks. `make help` lists them.
# CI calls the same targets a developer runs (see .ci/run and .github/workflows).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
# pyenv reads .python-version (3.13); anything >= 3.12 works (pyodide-build needs it).
PYTHON ?= python3
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Where the site will be served; the build writes it into canonical URLs.
SITE_URL ?= http://$(HOST):$(PORT)/
export SITE_URL
# `make test` runs the tests in two processes, a test file to each in turn (a
# file's fixtures, such as a browser or a server, are made once): 646 s and
# 703 s against 790 s to 900 s in one on a 2-core machine. Files go out in
# collection order, the long ones first (tests/conftest.py), so the two
# processes end together: 556 s against 596 s when xdist sent the longest
# file out last (6 December 2026). Three processes took 733 s against 660 s
# for two on a 2-core Intel host (7 December): the browser tests are busy
# computing, not waiting. PYTEST_PARALLEL= runs them in one.
PYTEST_PARALLEL ?= --numprocesses 2 --dist loadfile --no-loadscope-reorder

.PHONY: help setup browser build serve test test-fast lint typecheck bench bench-rivals bench-offline offline freshness wasm-list evidence loadgen urls java clean

help: ## List the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else \
	  "error: Python >= 3.12 is needed (pyodide-build); found " + sys.version.split()[0] + \
	  ". Install it or run make PYTHON=python3.13 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

setup: $(VENV)/.installed node_modules/.installed ## Install .venv and npm packages (idempotent)

browser: ## Install Debian's chromium for the browser tests when it is missing
	@bash tests/support/ensure_chromium.sh

java: ## Install a Java runtime for the HTML validator (vnu) when it is missing
	@bash tests/support/ensure_debian_package.sh java default-jre-headless "the HTML validator (vnu)"

build: setup ## Build the site into site/ (strict; a failed build leaves no partial site/)
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict --site-dir site.tmp || { rm -rf site.tmp; exit 1; }
	rm -rf site && mv site.tmp site

urls: setup ## Add new pages and heading anchors to overrides/hooks/published_urls.txt (after a build check)
	PUBLISHED_URLS=update $(BIN)/mkdocs build --strict --site-dir site

serve: setup ## Build and serve the site at http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

test: setup browser loadgen java lint typecheck ## Run every test: lint, types, scorer, site, Pyodide, browser
	$(BIN)/pytest $(PYTEST_PARALLEL)

test-fast: setup ## Run the tests that need no site build, Pyodide or browser
	$(BIN)/pytest -m 'not site and not pyodide and not browser and not evidence'

lint: setup ## Lint and format-check the Python code, lint the JavaScript
	$(BIN)/ruff check scorer tests overrides/hooks overrides/offline
	$(BIN)/ruff format --check scorer tests overrides/hooks overrides/offline
	node_modules/.bin/eslint --config tests/support/eslint.config.mjs overrides tests

# The load test's servers import each other as top-level modules (each runs
# from its own folder), so mypy checks them from there, apart from the harness.
typecheck: setup ## Type-check the scorer, the site's build hooks, the tools and every test (mypy strict)
	$(BIN)/mypy
	$(BIN)/mypy --strict --explicit-package-bases tests --exclude 'tests/evidence/servers/'
	cd tests/evidence/servers/python && $(CURDIR)/$(BIN)/mypy --strict --explicit-package-bases \
	  --cache-dir $(CURDIR)/.mypy_cache .

bench: setup browser ## Chooser speed against stock Pyodide (BENCH_ARGS=--publish updates the docs page)
	$(PY) -m tests.bench.chooser_load $(BENCH_ARGS)

bench-rivals: setup browser ## The chooser and stock Pyodide against PyScript and Brython, paired rounds (about 12 minutes)
	$(PY) -m tests.bench.rivals $(BENCH_ARGS)

bench-offline: setup browser ## Print offline figures: precache and zip sizes, times to a verdict offline and from file://
	$(PY) -m tests.bench.offline_load

OFFLINE_ZIP := dist/node-or-flask-offline.zip

offline: setup ## Build the copy read from disk: dist/offline/ (open index.html) and its zip
	rm -rf dist/offline $(OFFLINE_ZIP)
	$(BIN)/mkdocs build --strict -f overrides/offline/mkdocs.yml --site-dir $(CURDIR)/dist/offline
	$(PY) overrides/offline/package_copy.py dist/offline $(OFFLINE_ZIP)

wasm-list: setup browser ## List the WebAssembly functions a first visit runs (after a Pyodide upgrade; a few minutes)
	$(PY) -m tests.maintenance.first_verdict_functions

freshness: setup ## List versions behind PyPI/npm, ratings reviewed >180 days ago, the examples' Node.js if its line moved on (needs the registries; exits 1 if stale)
	$(PY) -m tests.maintenance.freshness

loadgen: ## Install Debian's wrk for the load benchmark when it is missing
	@bash tests/support/ensure_debian_package.sh wrk wrk "the load benchmark (make evidence)"

# The load benchmark (tests/evidence): 20 to 30 minutes; QUICK=1 runs one small
# case per server in about a minute and writes build/evidence/quick.json instead.
evidence: setup loadgen ## Load-test the Node.js and Flask servers; writes docs/evidence/results.json
	$(PY) -m tests.evidence $(if $(QUICK),--quick)

clean: ## Remove build output (keeps .venv and node_modules)
	rm -rf site site.tmp dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
