# The two commands: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages docker clean bench

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Serve the demo agency on SQLite with the embedded task setup (no services needed).
run: export DEBUG ?= true
run: $(STAMP)
	@bin/system-deps run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty --verbosity 0  # serve prints the logins
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	@bin/system-deps test
	$(PY) -m pytest

# Measure the app on PostgreSQL at scale (see README, Benchmark): gunicorn, 2 workers.
SCALE ?= 200
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/agency_bench
bench: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) -m bench.run --scale $(SCALE)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: export DEBUG ?= true
messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

# Security audit: bandit against its reviewed baseline (must be clean), then pip-audit, which
# only counts where its vulnerability service answers (bin/pip-audit-strict says when not).
audit: $(STAMP)
	$(VENV)/bin/bandit -ll -ii -q -r agency accounts campaigns media billing portal -b bandit-baseline.json
	@echo "bandit: nothing new beyond bandit-baseline.json"
	$(PY) bin/pip-audit-strict

# Load test (reliability.md 28; not part of `make test`): 50 users for 2 minutes against
# gunicorn + PostgreSQL on 127.0.0.1, then the money invariants. See README "Load test".
LOAD_USERS ?= 50
LOAD_TIME ?= 2m
loadtest: $(STAMP)
	$(PY) -m pip install -q -e '.[dev,load]'
	LOAD_USERS=$(LOAD_USERS) LOAD_TIME=$(LOAD_TIME) bench/loadtest.sh

docker:
	docker compose up --build

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static test-artifacts
