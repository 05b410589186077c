# twofa-assistant: `make run` starts the product, `make test` installs everything and runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=
PYTEST_WORKERS ?= 2  # the suite runs on both cores (each worker has its own PostgreSQL database)
BENCH_ARGS ?=

.PHONY: run test lint typecheck pytest bench clean messages

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# tests/browser drive Debian's Chromium through its chromedriver (never a downloaded browser)
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver)
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/twofa run

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

test: lint typecheck pytest

bench: $(VENV)/.installed-test
	@status=0; for b in bench/*.py; do echo "### $$b"; $(BIN)/python $$b $(BENCH_ARGS) || status=1; done; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info

# Extract every text from domain/ into app/locale/messages.pot and update each language's catalogue from it
messages: $(VENV)/.installed-test
	$(BIN)/pybabel extract -k N_ -k _ -k ngettext:1,2 --no-location --sort-output --omit-header \
		-o app/locale/messages.pot domain/
	$(BIN)/pybabel update -i app/locale/messages.pot -d app/locale -D messages --no-fuzzy-matching \
		--ignore-obsolete
