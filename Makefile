# The two commands of the README: `make run` and `make test`.
# Everything else here serves them.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint messages smoke clean bench

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=$(VENV) -v 0

# The portal with demo data.  Without DATABASE_URL: SQLite in the project
# folder and Celery tasks run in-process.  With DATABASE_URL and
# CELERY_BROKER_URL: those, plus a worker and beat beside the web server.
run: export DEBUG ?= true
# The demo logs in with a password only; every page says so (the deploy
# check refuses this setting in production).
run: export TWO_FACTOR_REQUIRED ?= false
run: $(STAMP) messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
		echo "Starting a Celery worker and beat on $$CELERY_BROKER_URL"; \
		mkdir -p $(CURDIR)/media; \
		trap 'kill 0' EXIT INT TERM; \
		$(VENV)/bin/celery -A essote_sos worker --loglevel=INFO & \
		$(VENV)/bin/celery -A essote_sos beat --loglevel=INFO --schedule=$(CURDIR)/media/celerybeat-schedule & \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	fi

# The whole suite on PostgreSQL and Redis (never SQLite).
test: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/essote_sos
test: export CELERY_BROKER_URL ?= redis://127.0.0.1:6379
test: $(STAMP) messages
	$(PY) scripts/check_services.py
	$(MAKE) --no-print-directory lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# Speed, measured (not part of `make test`): the figures pages and the
# indicator sets on the demo data in a database of their own.
# With SCALE=N (1: Essote, 150: Finland): generated data at that scale in a
# database of its own (essote_scaleN, kept for the next run) instead of the
# demo, measured as a national installation runs, with the stored summaries
# (filled for the period's missing months first: about 20 minutes at scale
# 150 the first time); docs/performance.md.
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(if $(SCALE),essote_scale$(SCALE),essote_bench)
# The services check wants the broker of `make test` too.
bench: export CELERY_BROKER_URL ?= redis://127.0.0.1:6379
bench: $(STAMP) messages
	$(PY) scripts/check_services.py
	DEBUG=true $(PY) manage.py migrate --noinput -v 0
	$(if $(SCALE),DEBUG=true $(PY) manage.py generate_data --scale $(SCALE) --keep-existing,DEBUG=true DEMO_DATA_ALLOWED=true $(PY) manage.py load_demo)
	DEBUG=false STATIC_MANIFEST=false ALLOWED_HOSTS=testserver SECURE_SSL_REDIRECT=false TWO_FACTOR_REQUIRED=false \
		SECRET_KEY=benchmark-only-secret-key-not-for-any-server-0123456789 \
		$(PY) manage.py benchmark $(if $(SCALE),--runs 5 --heavy-runs 2 --from-summary,--runs 20)
	@# 50 users on loopback for 60 s (wrk): p95 under load, and no errors.  Its
	@# users are the demo's, so it runs with the demo data only.
	$(if $(SCALE),@echo "The load test signs in the demo's users: run it with make bench.",$(PY) scripts/load_test.py --users 50 --duration 60)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
