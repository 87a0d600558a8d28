"""Settings shared by every environment, read from the environment.

Each variable is documented where it is read. `local`, `test` and `production` only
override what differs; nothing here may depend on which of them is active.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# An optional `.env` file beside manage.py, for a developer's own overrides.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# SECRET_KEY: signs sessions and tokens. Production refuses to start without one.
SECRET_KEY = env("SECRET_KEY", default="dev-insecure-key-do-not-use-in-production")
# DEBUG: never true in production.
DEBUG = env.bool("DEBUG", default=False)
# ALLOWED_HOSTS: comma-separated host names the portal answers to.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# CSRF_TRUSTED_ORIGINS: comma-separated origins (scheme://host) behind a proxy.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "csp",
    "axes",
    # ours: organisation and people first, the burden registers, then what reads them all
    "accounts",
    "organisation",
    "audit",
    "tasks",
    "ledgers",
    "certificates",
    "inspections",
    "burden",
    "workbook",
    "archives",
]

MIDDLEWARE = [
    "communityops.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Content Security Policy: scripts only from our own static files, or inline with the
# request's nonce (`<script nonce="{{ request.csp_nonce }}">`); no inline event handlers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],  # style attributes (progress bars, chart sizes)
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "communityops.urls"
WSGI_APPLICATION = "communityops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "organisation.context_processors.membership",
            ],
            "libraries": {"widget_tags": "communityops.widget_tags"},
        },
    },
]
# Widgets render with the project's template engine, so templates/widgets/ can hold ours.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# DATABASE_URL: postgres://user:pass@host:port/name in production; the embedded default is
# a SQLite file beside manage.py.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# CONN_MAX_AGE: seconds a database connection is reused; health checks keep it honest.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# POSTGRES_JIT: PostgreSQL's JIT compiler, off by default. The burden report's one statement is
# estimated above jit_above_cost at a street's or district's scale, and compiling it cost ~70 ms
# against ~70 ms of execution (measured at scale 1); the portal's statements are short.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "POSTGRES_JIT", default=False
):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Password policy (等保: 口令复杂度): at least 10 characters from at least three of upper case,
# lower case, digits and symbols, not like the user's name, not a common or all-digit password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first: zh-hans is the default; English is the alternative.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# MEDIA_ROOT: uploaded files (attachments, workbooks); outside the web root, served only
# through views that check permission.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Largest upload accepted (bytes); workbooks beyond it are refused before parsing.
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The workbook import (workbook/importer.py). BULK_KEY_CHECK: check a record sheet's foreign
# keys once per referenced row (locked FOR KEY SHARE) instead of once per written row, where
# the database role may set session_replication_role (superuser, or PostgreSQL 15+ with
# `GRANT SET ON PARAMETER session_replication_role TO <role>`); otherwise per row as usual.
WORKBOOK_IMPORT_BULK_KEY_CHECK = env.bool("WORKBOOK_IMPORT_BULK_KEY_CHECK", default=True)
# STALE_AFTER: seconds without progress after which a running import counts as dead and is
# taken over by its redelivered task (keep it below CELERY_VISIBILITY_TIMEOUT).
WORKBOOK_IMPORT_STALE_AFTER = env.int("WORKBOOK_IMPORT_STALE_AFTER", default=1800)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.MembershipTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["organisation.permissions.HasMembership"],
    "DEFAULT_FILTER_BACKENDS": [
        "communityops.api.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"auth": env("AUTH_THROTTLE_RATE", default="10/min")},
    "EXCEPTION_HANDLER": "communityops.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "communityops API",
    "DESCRIPTION": "社区减负 portal API: 准入 requests, burden registers and the burden report.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "GET_LIB_DOC_EXCLUDES": "communityops.api.lib_doc_excludes",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets that share a name across apps get explicit component names.
    "ENUM_NAME_OVERRIDES": {
        "ReportFrequencyEnum": "ledgers.models.ReportFrequency",
        "CatalogStatusEnum": "ledgers.models.CatalogStatus",
        "SubmissionStatusEnum": "ledgers.models.SubmissionStatus",
        "ApprovalLevelEnum": "ledgers.models.ApprovalLevel",
        "FieldMappingStatusEnum": "ledgers.models.FieldMapping.Status",
        "CertificateFrequencyEnum": "certificates.models.Frequency",
        "RequestFrequencyEnum": "tasks.models.Frequency",
        "DepartmentLevelEnum": "organisation.models.Department.Level",
        "DisposalBatchStatusEnum": "archives.models.BatchStatus",
        "DisposalRecordKindEnum": "archives.models.RecordKind",
    },
}

# REDIS_URL / CELERY_BROKER_URL: the Celery broker. Without one, tasks run eagerly in the
# calling process (the embedded default only; production refuses to start without it).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# CELERY_RESULT_BACKEND: where task results and progress live (the broker's Redis by default).
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic jobs; django-celery-beat copies these into its database schedule at start.
CELERY_BEAT_SCHEDULE = {
    "burden-snapshots-nightly": {
        "task": "burden.tasks.snapshots_refresh_all_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "audit-chain-nightly": {
        "task": "audit.tasks.audit_chain_verify_task",
        "schedule": crontab(hour=3, minute=0),
    },
    "tasks-generate-recurring-assignments": {
        "task": "tasks.tasks.generate_recurring_assignments_task",
        "schedule": crontab(hour=1, minute=30),  # daily; idempotent
    },
}
# TASKS_WEBHOOK_URL: optional DingTalk/WeCom robot address that receives 准入 notifications.
TASKS_WEBHOOK_URL = env("TASKS_WEBHOOK_URL", default="")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Seconds to wait for the broker before a request that queues work gives up clearly.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "max_retries": 1,
    # CELERY_VISIBILITY_TIMEOUT: seconds after which a task whose worker died unacknowledged
    # is delivered again (tasks are acknowledged late and idempotent).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# LOG_FORMAT: "json" (one JSON object a line, with the request id) or "text".
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "communityops.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# METRICS_TOKEN: bearer token the Prometheus scraper sends to /metrics (empty: superusers only).
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# PUBLIC_BASE_URL: the address residents reach for certificate verification (QR codes).
PUBLIC_BASE_URL = env(
    "PUBLIC_BASE_URL", default="http://127.0.0.1:8000"
)  # loopback counts as unset: pages use the request's address

# --- Hardening: personal data, sessions, audit (issue 10) ---------------------------------------
# FIELD_ENCRYPTION_KEY: comma-separated Fernet keys, NEWEST FIRST, that encrypt ID and phone
# numbers at rest (read in audit/personal_data.py). New values use the first key; any listed key
# decrypts. Rotation: generate a key (`python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`), put it in front, run `manage.py rotate_field_keys`,
# then drop the old key. No default here: local/test settings carry a dev key, production
# refuses to start without one.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY", default=[])
# FIELD_HASH_KEY: the separate secret of the keyed hash (HMAC-SHA256) that ID and phone numbers
# are searched by (audit/personal_data.py). Changing it needs `manage.py rotate_field_keys`,
# which recomputes every hash from the decrypted values.
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default="")
# SESSION_IDLE_SECONDS: a session ends after this many seconds without a request (等保: idle
# timeout). Read by Django's SessionMiddleware (cookie and session-row expiry) and by
# accounts/middleware.py SessionIdleTimeoutMiddleware, which signs an idle session out and
# renews an active one at most every SESSION_TOUCH_SECONDS. That renewal replaces
# SESSION_SAVE_EVERY_REQUEST, which would write the session row on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=1800)
SESSION_TOUCH_SECONDS = env.int("SESSION_TOUCH_SECONDS", default=60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
# ARCHIVES_RETENTION_YEARS: 保管期限 in years per period, as JSON (archives/retention.py:
# 永久 never, 长期 → 30, 短期 → 10, certificate stubs 10 years from issue; null = keep forever).
ARCHIVES_RETENTION_YEARS = env.json("ARCHIVES_RETENTION_YEARS", default={})
# AUDIT_RETENTION_DAYS: the audit trail is kept at least this long (等保 level 3 asks ≥ 180 days).
# Nothing in the portal deletes audit records; the value is shown on the auditor's export page
# and checked by `manage.py verify_audit` (audit/services.py), which refuses a value below 180.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=180)
# accounts/middleware.py: the idle timeout above, and every HTTP 403 (a permission denial)
# written to the audit trail. Both need the session and the user, so they come last.
MIDDLEWARE = [
    *MIDDLEWARE,
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "accounts.middleware.PermissionDenialAuditMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    # django-axes: answers a locked-out sign-in (AXES_LOCKOUT_CALLABLE); it must come last.
    "axes.middleware.AxesMiddleware",
]

# Sign-in lockout (等保: 登录失败处理) by django-axes: LOGIN_FAILURE_LIMIT failures for one user
# name, or from one address with no successful sign-in between them, lock that user name or
# address out for LOGIN_LOCKOUT_MINUTES. A success from an address clears its count, so a
# street office behind one NAT address is not locked out by its own typos. Attempts are kept
# in the database (admin → 访问尝试), each lockout is also in the audit trail
# (accounts/signals.py); `manage.py axes_reset_username NAME` lifts one early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.MembershipModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # attempts and lockouts are in the audit trail; no log line per attempt
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# TRUSTED_PROXY_COUNT: behind N reverse proxies, the client's address is read from
# X-Forwarded-For (N from the right); with 0 (the default) only REMOTE_ADDR counts, so a client
# cannot choose its own address by sending the header.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# PASSWORD_CHANGE_REQUIRED_ENFORCED: accounts flagged `password_change_required` (the seeded
# demo logins; accounts an administrator creates with an initial password) must choose a new
# password before anything else. Off only in the demo (`make run`, settings.local).
PASSWORD_CHANGE_REQUIRED_ENFORCED = env.bool("PASSWORD_CHANGE_REQUIRED_ENFORCED", default=True)
