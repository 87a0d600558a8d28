"""The embedded default: SQLite, Celery eager, debug on. `make run` uses it."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
# Personal-data keys for development and tests ONLY (see base.py); production refuses to start
# without its own FIELD_ENCRYPTION_KEY and FIELD_HASH_KEY from the environment.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["Y29tbXVuaXR5b3BzLWRldi1maWVsZC1rZXktMDAwMSE="]  # noqa: F405
FIELD_HASH_KEY = FIELD_HASH_KEY or "communityops-dev-field-hash-key"  # noqa: F405
# The demo's logins keep their documented password (see README); everywhere else they must be
# changed at the first sign-in.
PASSWORD_CHANGE_REQUIRED_ENFORCED = env.bool("PASSWORD_CHANGE_REQUIRED_ENFORCED", default=False)
