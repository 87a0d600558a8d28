"""Celery tasks of the workbook app: thin, take IDs, call a service."""

from celery import shared_task


@shared_task(acks_late=True)
def import_job_run_task(job_id: int) -> str:
    """Runs one import job (the job's compare-and-set status makes a second delivery a no-op)."""
    from .services import import_job_run

    return import_job_run(job_id=job_id).status
