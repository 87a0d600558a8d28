"""The outgoing webhook (外发通知): a decision is kept and answered when Redis is down (the push
is queued through communityops.queue.enqueue_on_commit, which logs a broker it cannot reach),
and a refusal DingTalk or WeCom give inside an HTTP 200 (a non-zero errcode) fails the job."""

import pytest

from communityops.celery import app
from tasks import services
from tasks.models import AccessRequest

from .factories import AccessRequestFactory


@pytest.fixture
def dead_broker():
    saved = (app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:1/0"
    app._pool = app.amqp._producer_pool = None
    yield
    app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool = saved


@pytest.mark.django_db
def test_a_decision_with_the_webhook_set_survives_a_broker_down(
    world, settings, dead_broker, django_capture_on_commit_callbacks, caplog
):
    settings.TASKS_WEBHOOK_URL = "http://127.0.0.1:9/hook"
    req = AccessRequestFactory(department=world.department, communities=[world.community])
    req = services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        services.access_request_decide(
            request_id=req.pk, by=world.users["district_admin"], action="return", reason="补依据"
        )
    assert AccessRequest.objects.get(pk=req.pk).status == AccessRequest.Status.RETURNED
    assert "could not queue" in caplog.text


def _answering(body: bytes):
    """A one-request HTTP server answering 200 with `body`: (url, thread, server)."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}/hook", thread, server


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "refused"),
    [
        (b'{"errcode": 310000, "errmsg": "sign not match"}', True),  # DingTalk's refusal, HTTP 200
        (b'{"errcode": 0, "errmsg": "ok"}', False),
        (b"ok", False),  # not JSON: the HTTP status decides
    ],
)
def test_a_webhook_refusal_in_an_http_200_is_a_failure(world, settings, body, refused):
    from tasks.models import Notification

    url, thread, server = _answering(body)
    settings.TASKS_WEBHOOK_URL = url
    notice = Notification.objects.create(
        department=world.department, title="准入申请 ZR-1：不予准入", body=""
    )
    try:
        if refused:
            with pytest.raises(services.WebhookRejected, match="310000"):
                services.notification_webhook_post(notification_id=notice.pk)
        else:
            assert services.notification_webhook_post(notification_id=notice.pk) == 200
    finally:
        thread.join(timeout=10)
        server.server_close()
