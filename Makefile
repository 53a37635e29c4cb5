# KAM: `make run` serves the demo, `make test` runs the suite. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Keep compiled modules (__pycache__/, ignored by git) even where the shell says not
# to: otherwise every test process compiles the project and rewrites the tests'
# asserts again, about 6 s of CPU each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test ci lint format migrations-check messages vendor bench clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "KAM needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: reinstall only when the requirements change.
$(VENV)/.run-deps: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) -m kam.devserver

test: $(VENV)/.dev-deps
	$(BIN)/pytest

ci:
	.ci/run

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) scripts/check_imports.py

format: $(VENV)/.dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(VENV)/.dev-deps
	$(PY) manage.py makemigrations --check --dry-run

# Refresh the Chinese catalogue after changing strings (needs GNU gettext);
# the compiled .mo is committed so a fresh machine needs no gettext.
messages: $(VENV)/.dev-deps
	$(PY) manage.py makemessages --locale zh_Hans --no-obsolete --add-location file \
	  --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

# Re-fetch the vendored front-end assets from the npm registry (never at run time).
vendor:
	scripts/vendor-assets.sh

# Speed figures at team scale (PostgreSQL + Redis, gunicorn); see scripts/bench.py.
bench: $(VENV)/.dev-deps
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
