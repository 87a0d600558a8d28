# The two commands: `make run` (the portal on the embedded default) and `make test` (the
# whole suite on real PostgreSQL, Redis, a Celery worker and headless Chromium).
UV ?= $(shell command -v uv 2>/dev/null || echo .venv-tools/bin/uv)
PY := .venv/bin/python

.PHONY: run test lint bench install messages schema clean backup

.venv-tools/bin/uv:
	python3 -m venv .venv-tools && .venv-tools/bin/pip install -q uv

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

install: .venv/.installed

run: install
	./scripts/run.sh

test: install
	./scripts/test.sh

lint: install
	.venv/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: install
	./scripts/bench.sh

messages: install
	$(PY) manage.py makemessages -l en --ignore .venv --ignore staticfiles
	$(PY) manage.py compilemessages --ignore .venv

schema: install
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=communityops.settings.test $(PY) manage.py spectacular --format openapi --file schema.yml --validate

backup:
	./scripts/backup.sh backup

clean:
	rm -rf .venv .venv-tools staticfiles db.sqlite3
