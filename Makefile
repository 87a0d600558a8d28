# The two commands: `make run` (the portal on the embedded default) and `make test` (the
# whole suite on real PostgreSQL, Redis, a Celery worker and headless Chromium).
UV ?= $(shell command -v uv 2>/dev/null || echo .venv-tools/bin/uv)
PY := .venv/bin/python

.PHONY: run test lint audit-deps bench install messages schema clean backup

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

lint: install audit-deps
	.venv/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in the locked dependencies (pip-audit against PyPI's advisory data).
# Part of `make lint`, never of `make test`: it needs the registry and takes a while. Packages
# whose advisories can't be fetched are listed as skipped; PIP_AUDIT_FLAGS=--strict fails on them.
PIP_AUDIT_FLAGS ?=
audit-deps: install
	$(UV) export --frozen --format requirements-txt --no-emit-project --quiet -o .venv/requirements-audit.txt
	$(UV) tool run --from pip-audit==2.10.1 pip-audit -r .venv/requirements-audit.txt --require-hashes \
		--disable-pip --vulnerability-service pypi --progress-spinner off $(PIP_AUDIT_FLAGS)

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
