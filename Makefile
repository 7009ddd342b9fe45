# Koosloome: `make run` to try it, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run test test-fast lint typecheck translations catalogues bench clean

setup: $(VENV)/.installed static/vendor/.installed compiled-catalogues

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Third-party browser code comes from npm (package-lock.json) and is copied, never committed.
static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.esm.min.js static/vendor/
	cp node_modules/axe-core/axe.min.js static/vendor/
	touch $@

.PHONY: compiled-catalogues
compiled-catalogues: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d translations

run: setup
	$(BIN)/koosloome init-db
	$(BIN)/koosloome demo --base-url http://$(HOST):$(PORT)
	$(BIN)/koosloome serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check app facilitation tests
	$(BIN)/mypy

# Refresh the catalogues after changing user-facing text.
catalogues: setup
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules static/vendor instance .pytest_cache .hypothesis
