"""Benchmark-only settings: the test settings plus a URLconf with the trivial floor views.

Used by `make bench` for the gunicorn under load and for the in-process query counts; the
portal's own URLconf is included unchanged.
"""

from communityops.settings.test import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["*"]
