"""Celery tasks of the tasks app: thin wrappers that take IDs and call a service."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_webhook_task(notification_id: int) -> int:
    """Post one notification to the outgoing webhook (DingTalk / WeCom)."""
    return services.notification_webhook_post(notification_id=notification_id)


@shared_task
def generate_recurring_assignments_task() -> int:
    """Beat: create this period's assignments of approved recurring requests (idempotent)."""
    return services.assignment_generate_recurring()
