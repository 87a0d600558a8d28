"""Celery tasks of the workbook app: thin, take IDs, call a service."""

from celery import shared_task
from django.utils import translation


@shared_task(acks_late=True)
def import_job_run_task(job_id: int, language: str | None = None) -> str:
    """Runs one import job (the job's compare-and-set status makes a second delivery a no-op,
    except when the job it finds running is stale: a redelivery after its worker died takes over).

    `language` is the uploader's UI language: the row-level reasons and warnings the job stores
    are written in it (none: the default language, Chinese)."""
    from .services import import_job_run

    if language:
        with translation.override(language):
            return import_job_run(job_id=job_id).status
    return import_job_run(job_id=job_id).status
