"""Request ids, JSON logs that carry them into Celery tasks, and the protected metrics endpoint."""

import json
import logging

import pytest

from communityops.observability import request_id_var
from communityops.tasks import worker_diagnose

pytestmark = pytest.mark.django_db


def test_response_carries_the_request_id(client):
    response = client.get("/login/", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-ID"] == "abc123"
    assert len(client.get("/login/")["X-Request-ID"]) == 32


def test_log_lines_are_json_with_the_request_id(settings):
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    handler = logging.getLogger().handlers[0]
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    token = request_id_var.set("req-42")
    try:
        for f in handler.filters:
            f.filter(record)
        line = json.loads(handler.format(record))
    finally:
        request_id_var.reset(token)
    assert line["message"] == "hello world"
    assert line["request_id"] == "req-42"


def test_request_id_follows_into_a_task(transactional_db, celery_worker):
    token = request_id_var.set("req-into-task")
    try:
        assert worker_diagnose.delay().get(timeout=30)["request_id"] == "req-into-task"
    finally:
        request_id_var.reset(token)


def test_metrics_need_a_token(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_metrics_report_requests_and_tasks(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    client.get("/login/")
    worker_diagnose.delay()  # eager here: runs in this process
    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
    assert 'communityops_http_requests_total{method="GET",status="200",view="accounts:login"}' in body
    assert (
        'communityops_celery_tasks_total{state="SUCCESS",task="communityops.tasks.worker_diagnose"}' in body
    )
    assert "communityops_celery_queue_depth" in body
