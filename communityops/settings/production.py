"""Production: secrets and services must come from the environment; fails fast otherwise."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY, env

SECRET_KEY = env("SECRET_KEY")
DEBUG = False
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        "Production needs CELERY_BROKER_URL or REDIS_URL: tasks never run eagerly here."
    )
CELERY_TASK_ALWAYS_EAGER = False
# Personal data is encrypted with keys only the environment holds (see base.py).
if not FIELD_ENCRYPTION_KEYS or not FIELD_HASH_KEY:
    raise ImproperlyConfigured(
        "Production needs FIELD_ENCRYPTION_KEY and FIELD_HASH_KEY: ID and phone numbers are stored encrypted."
    )
# Throttling counters live in PostgreSQL, not Redis: pages keep serving while Redis is down.
# (`manage.py createcachetable` creates the table; the compose file runs it.)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "communityops_cache"}
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Idle timeout (SESSION_IDLE_SECONDS) and SESSION_SAVE_EVERY_REQUEST come from base.py.
X_FRAME_OPTIONS = "DENY"
