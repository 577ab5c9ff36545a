# Two entry points: `make brief` builds the default brief, `make test` runs the tests.
# `make brief BUILD_ARGS="--shard 1/2"` and `make validate VALIDATE_ARGS=--strict`
# pass options through (the CI workflow does).
# Each creates or updates .venv first; the only prerequisites are Python 3.11+
# and the libraries WeasyPrint uses, Pango and HarfBuzz's subsetter (see README),
# which `reportgen doctor` checks before the first brief or test run.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DOCTOR := $(VENV)/.doctor-ok
BROWSER := tests/browser
BROWSER_STAMP := $(BROWSER)/node_modules/.installed

.PHONY: brief test fuzz validate lint docs clean

brief: $(DOCTOR)
	@$(BIN)/python -m compileall -q src/reportgen
	$(BIN)/reportgen build $(BUILD_ARGS)

# The tests run on every core (pytest-xdist); PYTEST_ARGS passes more, e.g. PYTEST_ARGS='-m "not slow"'.
test: $(DOCTOR) $(BROWSER_STAMP)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# A long fuzz run (tests/test_fuzz.py): FUZZ_EXAMPLES random mutations of each real
# project, not the fixed ones `make test` runs. Hypothesis prints how to reproduce a failure.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	REPORTGEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -n auto -p no:cacheprovider tests/test_fuzz.py

validate: $(STAMP)
	$(BIN)/reportgen validate $(VALIDATE_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

# Reinstall when the package metadata changes; the install is editable so
# source edits need no reinstall.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "reportgen needs Python 3.11 or newer; set PYTHON=python3.11")'
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# pip compiles the libraries it installs, but not an editable package's own modules, and
	@# Python writes none where PYTHONDONTWRITEBYTECODE is set (many CI images): compile them
	@# here and before each brief, so no command pays for compiling them (about 0.04 s).
	$(BIN)/python -m compileall -q src/reportgen
	@touch $@

# A library missing (Pango, HarfBuzz's subsetter) stops make here, with the command that
# installs it, rather than in the middle of a build or while pytest collects the tests
# (WeasyPrint warns without the subsetter, and the tests turn warnings into errors).
# Checked once per install of .venv.
$(DOCTOR): $(STAMP)
	@$(BIN)/reportgen doctor --strict || { echo "make: install what is missing (above), then run make again" >&2; exit 1; }
	@touch $@

# Regenerate docs/data-model.md from the models (a test fails while it is stale).
docs: $(STAMP)
	$(BIN)/python -m reportgen.reference docs/data-model.md

# The HTML edition's checkers (Nu HTML Checker, axe-core, playwright-core) from npm.
# Without npm the browser tests skip locally (and fail under CI).
$(BROWSER_STAMP): $(BROWSER)/package.json $(BROWSER)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(BROWSER) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "npm not found: skipping the browser checkers (tests/test_html_edition.py will skip)"; fi

clean:
	rm -rf build
