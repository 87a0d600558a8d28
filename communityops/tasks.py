from celery import shared_task

from .observability import request_id_var


@shared_task
def worker_diagnose() -> dict:
    """A round trip through the broker: proves a worker answers (`/healthz?worker=1`) and
    shows the request id it received from the caller."""
    import socket

    return {"host": socket.gethostname(), "request_id": request_id_var.get()}
