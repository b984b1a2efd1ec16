# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two stand on.

PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.8
VENV := .venv
UV := $(VENV)/bin/uv
PY := $(VENV)/bin/python
# uv must never try to download an interpreter: the machine's Python (3.12+) is the one we use.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run serve loadtest test test-fast test-postgres benchmark lint format browser-deps postgres-deps clean

run: $(VENV)/.synced
	PORT=$(PORT) $(PY) manage.py bootstrap
	@echo "Serving Counterclaim at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-style: gunicorn and whitenoise, DEBUG off, the same DATABASE_URL. See README.
serve: $(VENV)/.synced
	PORT=$(PORT) bin/serve

# 20 signed-in editors for 60 s against `make serve` on a 100k-claim ledger. See README.
loadtest: $(VENV)/.synced
	bin/loadtest

test: $(VENV)/.synced browser-deps postgres-deps
	$(PY) -m pytest
	bin/with-postgres $(PY) -m pytest -m "not browser"

# The unit and htmx tests on SQLite alone: the quick loop while coding.
test-fast: $(VENV)/.synced
	$(PY) -m pytest -m "not browser"

test-postgres: $(VENV)/.synced postgres-deps
	bin/with-postgres $(PY) -m pytest -m "not browser"

# Every page timed on a synthetic ledger of N claims, against its own SQL and the stock admin,
# on the configured engine (DATABASE_URL). The ledger is built once per size, then reused.
N ?= 100000
benchmark: $(VENV)/.synced
	$(PY) manage.py benchmark --claims $(N) --reuse --json var/benchmark/report-$(N).json

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

browser-deps:
	@bin/ensure-debian-package /usr/bin/chromium chromium

postgres-deps:
	@bin/ensure-debian-package "$$(bin/pg-bindir)/initdb" postgresql

# uv lives inside the project's own venv; `--inexact` keeps it there while the lock decides the rest.
$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --inexact --python $(PY)
	@touch $@

clean:
	rm -rf $(VENV) var
