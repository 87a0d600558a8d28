"""The Celery app. Tasks take IDs and call a service; see each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communityops.settings.local")

app = Celery("communityops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Project-level tasks (not in an app) load explicitly.
app.conf.imports = ("communityops.tasks",)

# Request ids and task metrics (signal handlers) load with the app in every process.
import communityops.observability  # noqa: E402, F401
