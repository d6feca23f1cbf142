# Thrive: `make demo` installs everything and runs the demo region; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CSS := thrive/core/static/thrive/thrive.css
HOST ?= 127.0.0.1
PORT ?= 8000

# Python keeps its compiled modules (and pytest its assertion-rewritten tests) even where the
# environment says not to: each of the suite's processes would otherwise compile ~600 test modules
# and all of Thrive again (about a minute of CPU each on two busy cores).
unexport PYTHONDONTWRITEBYTECODE
# The suite runs on one worker more than the machine has cores, an idle worker taking tests from a
# busy one's queue (work stealing): a browser test's worker waits on Chromium and its page's server
# for about half its time, and the extra worker fills that. PYTEST_ARGS adds to (or replaces) that.
WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
PYTEST_ARGS ?= -n $(WORKERS) --dist worksteal
# The awkward days of the year: the census year's last day (its reference date, 30 September) and
# first (1 October); the registration year's first day (1 December); leap day. Each costs CI about
# 40 s, so the eves of the registration and calendar years (30 November, 31 December) are left to
# the tests about those days (tests/learning/test_calendar_boundaries.py) and to anyone who runs
# `make test-calendar CALENDAR_DAYS="2026-11-30 2026-12-31"`.
CALENDAR_DAYS ?= 2026-09-30 2026-10-01 2026-12-01 2028-02-29
# (The whole-app sweeps, tests/security and the query counts, build dated records but test no date
# rule: tests/conftest.py's ONE_DAY keeps them to the suite's day.)

.PHONY: demo test test-calendar calendar-days workers install python-deps node-deps assets browser-deps lint typecheck check serve clean

# Thrive runs with DEBUG off and has no fallback secret key: the demo uses SECRET_KEY when set, else
# a random key made once for this checkout in var/secret_key.
SECRET_KEY_FILE := var/secret_key
WITH_KEY = SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}"

demo: install $(SECRET_KEY_FILE) ## install, migrate, seed the demo region and start Thrive at http://127.0.0.1:8000
	$(WITH_KEY) $(BIN)/thrive migrate
	$(WITH_KEY) $(BIN)/thrive seed demo
	@# As in production: gunicorn (two processes, one a core) with the background worker beside
	@# it; the worker stops with it. `make serve` (one waitress process) stays for development.
	@echo "Thrive is starting at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(WITH_KEY) bash -c '$(BIN)/thrive worker & worker=$$!; trap "kill $$worker" EXIT; \
	  THRIVE_BIND=$(HOST):$(PORT) WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} \
	  $(BIN)/gunicorn -c config/gunicorn.conf.py config.wsgi'

$(SECRET_KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

test: install browser-deps ## the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL)
	THRIVE_FAST_PASSWORD_HASHER=1 $(BIN)/pytest $(PYTEST_ARGS)

test-calendar: install ## the date-sensitive tests again on each awkward day of the year, in one session
	@echo "==> the calendar tests on $(CALENDAR_DAYS)"
	THRIVE_TEST_DAYS="$(CALENDAR_DAYS)" THRIVE_FAST_PASSWORD_HASHER=1 $(BIN)/pytest -m "calendar and not browser and not demo" $(PYTEST_ARGS)

workers: ## how many test workers the suite runs on here
	@echo $(WORKERS)

calendar-days: ## the awkward days, for a run of the whole suite with THRIVE_TEST_DAYS (as CI's PostgreSQL run)
	@echo "$(CALENDAR_DAYS)"

install: python-deps node-deps assets

python-deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(CSS)
$(CSS): node_modules/.installed thrive/core/static_src/thrive.scss
	npm run --silent build

browser-deps: ## Debian's Chromium for the browser tests (installed with apt when missing)
	@bash scripts/ensure-chromium.sh

lint:
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

check: lint typecheck
	$(BIN)/python manage.py makemigrations --check --dry-run

serve: $(SECRET_KEY_FILE)
	$(WITH_KEY) $(BIN)/thrive serve --host $(HOST) --port $(PORT)

clean:
	rm -rf $(VENV) node_modules var $(CSS)
