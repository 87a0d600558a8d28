"""Celery tasks of the workbook app: thin, take IDs, call a service."""

from celery import shared_task
from django.utils import translation


@shared_task(bind=True, acks_late=True, max_retries=6)
def import_job_run_task(self, job_id: int, language: str | None = None) -> str:
    """Runs one import job (the job's compare-and-set status makes a second delivery a no-op).

    A delivery that finds the job running elsewhere may be the redelivery after that worker died
    (acks_late, reject on worker lost: it comes at once): it checks again after the stale timeout,
    when a dead worker's job can be taken over and a live one's is finished.

    `language` is the uploader's UI language: the row-level reasons and warnings the job stores
    are written in it (none: the default language, Chinese)."""
    from .models import ImportJob
    from .services import import_job_run, import_stale_after

    if language:
        with translation.override(language):
            job = import_job_run(job_id=job_id)
    else:
        job = import_job_run(job_id=job_id)
    if job.status == ImportJob.Status.RUNNING and not (self.request.called_directly or self.request.is_eager):
        raise self.retry(countdown=int(import_stale_after().total_seconds()) + 60)
    return job.status
