"""A decision whose notice would go to the webhook is kept, and answered, when Redis is down:
the push is queued through communityops.queue.enqueue_on_commit, which logs a broker it
cannot reach instead of failing the request after the decision was committed."""

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
