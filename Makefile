# Partnerwerk: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR_CSS := static/vendor/utrecht/component-library.css

.PHONY: install run serve-production test test-unit test-e2e lint format lock clean screenshots

$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Only the component CSS our templates use (about 48 of 407 KB), rebuilt when they change.
$(VENDOR_CSS): node_modules/.installed tools/build_component_css.py $(shell find templates static/js -type f)
	$(PYTHON) tools/build_component_css.py node_modules/@utrecht/component-library-css/dist/index.css $@

install: $(BIN)/.installed $(VENDOR_CSS)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py search_index --extract
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

# Production topology on this machine: nginx, gunicorn page workers, two websocket
# processes, on DATABASE_URL and REDIS_URL (see deploy/serve-production.sh, README).
serve-production: install
	PYTHON=$(BIN)/python deploy/serve-production.sh

# The unit tests run on every core (pytest-xdist, one database per worker),
# then those marked `serial` one at a time: real servers, a Redis that tests
# stop and freeze, benchmarks (tests/conftest.py marks them). The end-to-end
# tests run in their own pytest process (see tests/e2e/README).
JOBS ?= auto
test: test-unit test-e2e

test-unit: install
	$(BIN)/python -m pytest -p no:playwright -m "not e2e and not serial" -n $(JOBS) $(PYTEST_ARGS)
	$(BIN)/python -m pytest -p no:playwright -m "not e2e and serial" $(PYTEST_ARGS)

test-e2e: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

# README screenshots from the demo, served for real, in Debian's Chromium.
screenshots: install
	$(BIN)/python docs/screenshots.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin after changing pyproject.toml: a fresh venv from the ranges, then freeze.
lock:
	rm -rf /tmp/partnerwerk-lock && $(PYTHON) -m venv /tmp/partnerwerk-lock
	/tmp/partnerwerk-lock/bin/pip install --quiet --upgrade pip
	/tmp/partnerwerk-lock/bin/pip install --quiet ".[dev]"
	(echo "# Exact pins for every Python package (direct and transitive), installed by make."; \
	 echo "# Ranges live in pyproject.toml; regenerate with: make lock"; \
	 /tmp/partnerwerk-lock/bin/pip freeze --exclude partnerwerk | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles .pytest_cache .test-db.sqlite3
