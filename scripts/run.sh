#!/usr/bin/env bash
# `make run`: the embedded default. SQLite, Celery eager, demo data, one login per role.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=communityops.settings.local
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL || true
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed_demo
HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8000}"
echo
echo "  communityops is running at http://$HOST:$PORT/"
echo "  demo logins (password for all: demo12345):"
.venv/bin/python manage.py demo_logins
echo
exec .venv/bin/python manage.py runserver "$HOST:$PORT"
