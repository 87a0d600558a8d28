"""Tests: the database and broker come from the environment that `make test` provisions."""

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Tests that need a real worker say so (the `celery_worker` fixture); the rest run eagerly.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "1000/min"}}  # noqa: F405
# Personal-data keys for development and tests ONLY (see base.py); production refuses to start
# without its own FIELD_ENCRYPTION_KEY and FIELD_HASH_KEY from the environment.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["Y29tbXVuaXR5b3BzLWRldi1maWVsZC1rZXktMDAwMSE="]  # noqa: F405
FIELD_HASH_KEY = FIELD_HASH_KEY or "communityops-dev-field-hash-key"  # noqa: F405
