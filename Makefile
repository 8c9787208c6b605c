# Set-up and everyday commands. Each works on a fresh machine with only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test bench lint messages migrate venv

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.dev

messages: $(VENV)/.runtime
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

migrate: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput

# Links in the demo's mail lead to the port it serves on, unless SITE_URL is set.
SITE_URL ?= http://127.0.0.1:$(PORT)

# The demo portal on the embedded default: SQLite, tasks run inline, mail on the console.
run: messages migrate
	$(PY) manage.py seed_demo --if-empty
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite. PostgreSQL, Redis and a real worker when DATABASE_URL and REDIS_URL
# are set; SQLite and inline tasks otherwise.
test: $(VENV)/.dev messages
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# wrk is Debian's HTTP load generator; the benchmarks drive a local gunicorn with it.
bench: $(VENV)/.dev messages
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
