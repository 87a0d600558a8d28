"""Benchmark-only settings: the test settings plus a URLconf with the trivial floor views.

Used by `make bench` for the gunicorn under load and for the in-process query counts; the
portal's own URLconf is included unchanged.
"""

from communityops.settings.test import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["*"]
# The production cache (communityops/settings/production.py): a table in PostgreSQL shared by
# every gunicorn worker, so a dashboard body rendered by one worker is a hit in the others.
# http_bench creates the table (createcachetable) before it starts the server.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "communityops_cache"}
}
