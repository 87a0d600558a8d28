from celery import shared_task

from .services import audit_chain_verify


@shared_task
def audit_chain_verify_task() -> int:
    """Nightly check of the audit chain; returns the number of problems found."""
    return len(audit_chain_verify())
