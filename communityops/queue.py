"""Queueing background work after the transaction commits, and saying so clearly when the
broker is down: a job whose task could not be queued is marked failed with a message the
person who started it can read, instead of waiting forever or turning the page into a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_DOWN_MESSAGE = gettext_lazy("后台任务服务（Redis）暂时不可用，任务未能排队，请稍后重试。")


def enqueue_on_commit(task, *args: Any, on_broker_down: Callable[[str], None] | None = None) -> None:
    """`task.delay(*args)` once the current transaction commits; if the broker cannot be
    reached, log it and call `on_broker_down(message)` (e.g. to mark the job failed)."""

    def send() -> None:
        try:
            task.apply_async(args=args, retry=False)
        except (OperationalError, ConnectionError, OSError) as exc:
            logger.error("could not queue %s: %s", task.name, exc.__class__.__name__)
            if on_broker_down is not None:
                on_broker_down(str(BROKER_DOWN_MESSAGE))  # in the language of the request

    transaction.on_commit(send)
