#!/usr/bin/env bash
# `make test`: provision PostgreSQL and Redis, run the whole suite against them, stop them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
services_start
trap services_stop EXIT
export DJANGO_SETTINGS_MODULE=communityops.settings.test
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p /tmp/communityops-pytest && chmod 777 /tmp/communityops-pytest
.venv/bin/python manage.py check --fail-level WARNING
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || { echo "missing migrations"; exit 1; }
.venv/bin/python -m pytest --basetemp=/tmp/communityops-pytest/run "$@"
