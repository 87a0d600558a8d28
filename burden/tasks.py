"""Celery tasks: thin, take IDs, call a service.

Nightly schedule (settings): ``CELERY_BEAT_SCHEDULE["burden-snapshots-nightly"] =
{"task": "burden.tasks.snapshots_refresh_all_task", "schedule": crontab(hour=2, minute=30)}``.
"""

from celery import shared_task

from . import services


@shared_task(name="burden.tasks.snapshot_job_run_task")
def snapshot_job_run_task(job_id: int) -> int:
    """Run one on-demand recompute job (progress is on the SnapshotJob row)."""
    return services.snapshot_job_run(job_id=job_id).processed


@shared_task(name="burden.tasks.snapshots_refresh_all_task")
def snapshots_refresh_all_task(year: int | None = None) -> int:
    """Nightly: refresh the snapshots of every community, street, district and `all`."""
    return services.snapshots_refresh_all(year=year).processed
