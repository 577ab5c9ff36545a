# Two entry points: `make brief` builds the default brief, `make test` runs the tests.
# Each creates or updates .venv first; the only prerequisites are Python 3.11+
# and the Pango library that WeasyPrint uses (see README).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: brief test validate lint docs clean

brief: $(STAMP)
	$(BIN)/reportgen build

test: $(STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/reportgen validate

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
	@touch $@

# Regenerate docs/data-model.md from the models (a test fails while it is stale).
docs: $(STAMP)
	$(BIN)/python -m reportgen.reference docs/data-model.md

clean:
	rm -rf build
