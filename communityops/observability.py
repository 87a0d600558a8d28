"""Request ids, structured logs and Prometheus metrics.

A request id (from the X-Request-ID header or a new one) follows the request into its log
lines and into every Celery task it queues, whose log lines carry it too. Metrics: requests
and latencies by view, Celery task durations and outcomes, queue depth, and job outcomes,
served at /metrics to holders of METRICS_TOKEN (or signed-in superusers).
"""

from __future__ import annotations

import contextvars
import hmac
import logging
import time
import uuid

from celery import signals
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

REQUESTS = Counter("communityops_http_requests_total", "HTTP requests", ["method", "view", "status"])
LATENCY = Histogram("communityops_http_request_seconds", "HTTP request latency", ["view"])
TASKS = Counter("communityops_celery_tasks_total", "Celery tasks run", ["task", "state"])
TASK_SECONDS = Histogram("communityops_celery_task_seconds", "Celery task duration", ["task"])
QUEUE_DEPTH = Gauge("communityops_celery_queue_depth", "Messages waiting in the Celery queue")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestIdMiddleware:
    """Assigns the request id, times the request and counts it by resolved view name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "unresolved"
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        response["X-Request-ID"] = request_id
        return response


@signals.before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    if headers is not None and request_id_var.get() != "-":
        headers.setdefault("request_id", request_id_var.get())


_task_started: dict[str, float] = {}


@signals.task_prerun.connect
def _task_prerun(task_id=None, task=None, **kwargs):
    request_id = (
        getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
        if task
        else None
    )
    task.request._communityops_token = request_id_var.set(request_id or f"task-{task_id}")
    _task_started[task_id] = time.perf_counter()


@signals.task_postrun.connect
def _task_postrun(task_id=None, task=None, state=None, **kwargs):
    started = _task_started.pop(task_id, None)
    if started is not None:
        TASK_SECONDS.labels(task.name).observe(time.perf_counter() - started)
    TASKS.labels(task.name, state or "UNKNOWN").inc()
    token = getattr(task.request, "_communityops_token", None)
    if token is not None:
        request_id_var.reset(token)


def _queue_depth() -> int | None:
    from communityops.celery import app

    if app.conf.task_always_eager:
        return 0
    try:
        with app.connection_for_read() as conn:
            return conn.default_channel.client.llen(app.conf.task_default_queue)
    except Exception:  # noqa: BLE001 - a broker that is down reports no depth
        return None


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition, for the monitoring system (token) or a superuser."""
    token = getattr(settings, "METRICS_TOKEN", "")
    supplied = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    allowed = (token and hmac.compare_digest(supplied, token)) or (
        request.user.is_authenticated and request.user.is_superuser
    )
    if not allowed:
        return HttpResponse("metrics require a token", status=401, content_type="text/plain")
    depth = _queue_depth()
    if depth is not None:
        QUEUE_DEPTH.set(depth)
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)
