# Learning Commons: `make run` serves the seeded demo site, `make test` runs the suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
PYTEST_ARGS ?=
export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: help install messages translations migrate seed run backup restore test lint format check browser fonts clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

messages: install ## Compile the gettext catalogues in locale/
	$(MANAGE) compilemessages --ignore '$(VENV)' --verbosity 0

LANGUAGES ?= fr es pt ar
translations: install ## Extract new interface strings into locale/<lang>/LC_MESSAGES/django.po
	for code in $(LANGUAGES); do \
	  $(MANAGE) makemessages --locale $$code --no-location --ignore 'tests/*' --ignore 'bench/*' --verbosity 0; \
	done

migrate: messages ## Apply database migrations
	$(MANAGE) migrate --noinput --verbosity 0

seed: migrate ## Build the demo site in every language (idempotent)
	$(MANAGE) seed_demo

run: seed fonts ## Serve the seeded demo site, worker and scheduler at http://127.0.0.1:8000 (PORT overrides)
	$(MANAGE) ensure_admin
	PORT=$(PORT) bin/serve

backup: install ## Back up the database and media into a new folder under BACKUP_DIR (default backups/)
	$(MANAGE) backup_site

restore: install ## Restore a backup: make restore BACKUP=<folder> (FORCE=1 replaces a non-empty database)
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=<backup folder> [FORCE=1]"; exit 2; }
	$(MANAGE) restore_site "$(BACKUP)" $(if $(filter 1 yes true,$(FORCE)),--force)

browser: ## Install Debian's Chromium for the browser tests when it is missing
	@command -v /usr/bin/chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

fonts: ## Install Pango and the Noto fonts (Arabic included) for the PDF certificates when missing
	@[ -d /usr/share/fonts/truetype/noto ] && ldconfig -p | grep -q libharfbuzz-subset || { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core; }

# The browser tests run in one process after the rest: they share one seeded site,
# and the editorial journey's steps build on each other (exit 5: none selected).
test: messages browser fonts ## Run the whole test suite (DATABASE_URL picks the database)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The checks .pre-commit-config.yaml runs on each commit, over the whole tree.
TEMPLATE_DIRS = $(wildcard */templates)
lint: install ## Lint: ruff check, ruff format --check, template indentation (djhtml), import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check --tabwidth 2 $(TEMPLATE_DIRS)
	$(BIN)/lint-imports

format: install ## Format and fix with ruff; indent the HTML templates with djhtml
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml --tabwidth 2 $(TEMPLATE_DIRS)

check: messages ## Django system checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm static media
