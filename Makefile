# Koosloome: `make run` to try it, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run test browser pdf-libraries spelling-dictionaries lint catalogues bench mutation clean

setup: pdf-libraries $(VENV)/.installed static/vendor/.installed static/build/.built compiled-catalogues

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

# Each page loads one module, bundled and minified by esbuild from static/js/ and the Socket.IO
# client: the phone's first load is one script request instead of five, with no chain of
# imports to wait through on a slow connection. es2017 keeps older phones' browsers in.
BUNDLES := phone board console welcome backlog report budget
static/build/.built: static/vendor/.installed $(wildcard static/js/*.js)
	node_modules/.bin/esbuild $(BUNDLES:%=static/js/%.js) --bundle --format=esm --minify \
	  --target=es2017 --sourcemap=linked --outdir=static/build --log-level=warning
	touch $@

.PHONY: compiled-catalogues
compiled-catalogues: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d translations

run: setup
	$(BIN)/koosloome init-db
	$(BIN)/koosloome demo --base-url http://$(HOST):$(PORT)
	$(BIN)/koosloome serve --host $(HOST) --port $(PORT)

test: setup browser
	$(BIN)/python -m pytest

# Browser tests drive Debian's Chromium; install it where we may (root with apt-get).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "No /usr/bin/chromium: the browser tests will skip (apt-get install -y chromium)."; fi; \
	fi

# The evidence pack and the sign-in sheet are drawn by WeasyPrint, which needs pango (and fonts
# with Estonian and Cyrillic letters) from Debian; install them where we may (root with
# apt-get), as `browser` does for Chromium. docs/operations.md says why WeasyPrint.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libraries:
	@if ! ldconfig -p | grep -q 'libpango-1.0.so.0' || ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0' \
	    || ! ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || ! fc-list 2>/dev/null | grep -q DejaVuSans; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  else echo "No pango for WeasyPrint: the evidence pack (PDF) will fail (apt-get install -y $(PDF_PACKAGES))."; fi; \
	fi

# The catalogues' spelling is checked with hunspell and Debian's dictionaries; install them
# where we may (root with apt-get), as `browser` does for Chromium.
SPELLING_PACKAGES := hunspell hunspell-et hunspell-ru hunspell-en-us
spelling-dictionaries:
	@if ! command -v hunspell >/dev/null || ! ls /usr/share/hunspell/et_EE.dic \
	    /usr/share/hunspell/ru_RU.dic /usr/share/hunspell/en_US.dic >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SPELLING_PACKAGES) >/dev/null; \
	  else echo "No hunspell dictionaries: the spelling check will fail (apt-get install -y $(SPELLING_PACKAGES))."; fi; \
	fi

lint: setup spelling-dictionaries
	$(BIN)/ruff check app facilitation tests
	$(BIN)/mypy
	$(BIN)/python -m tests.lint.spelling

# Refresh the catalogues after changing user-facing text.
catalogues: setup
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_pgettext:1c,2 -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

# The load harness (tests/perf; not part of `make test`, no figure in it can fail): 100, 500
# and 1,000 phones against one server process on SQLite, each beside the bare Flask-SocketIO
# baseline, then 1,000 phones against two processes on PostgreSQL and Redis. Prints the
# figures and writes them to test-artifacts/. See docs/performance.md.
BENCH_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/test
BENCH_REDIS ?= redis://127.0.0.1:6379/0
# Mutation testing of the rules in facilitation/ against tests/unit ([tool.mutmut] in
# pyproject.toml; docs/reliability.md). Several minutes, so not part of `make test`.
mutation: setup
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/python -m tests.lint.mutation_score

bench: setup
	$(BIN)/python -m tests.perf --phones 100,500,1000 --json test-artifacts/bench-one-process.json
	$(BIN)/python -m tests.perf --phones 1000 --scenarios join,ideas,votes --processes 2 \
	  --postgres $(BENCH_POSTGRES) --redis $(BENCH_REDIS) --json test-artifacts/bench-two-processes.json

clean:
	rm -rf $(VENV) node_modules static/vendor instance .pytest_cache .hypothesis
