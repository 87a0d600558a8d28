"""The import job on a real Celery worker, and the job's run-once lock."""

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspections.models import Meeting
from workbook.models import ImportJob
from workbook.services import import_job_create, import_job_run
from workbook.tasks import import_job_run_task

from .test_views import meetings_sheets


@pytest.mark.celery_worker
def test_import_runs_on_a_real_worker(_media_root, celery_worker, world, make_xlsx):
    data = make_xlsx(meetings_sheets(world)).read_bytes()
    job = import_job_create(user=world.users["street_supervisor"], upload=SimpleUploadedFile("b.xlsx", data))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.2)
    assert job.status == "succeeded", (job.status, job.errors)
    assert job.counts["meetings"]["created"] == 2
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_a_job_runs_only_once(world, make_xlsx, django_capture_on_commit_callbacks):
    data = make_xlsx(meetings_sheets(world)).read_bytes()
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(user=world.users["district_admin"], upload=SimpleUploadedFile("b.xlsx", data))
    assert import_job_run(job_id=job.pk).status == "succeeded"
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    assert import_job_run(job_id=job.pk).status == "running"  # claimed elsewhere: left alone
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_a_job_left_running_by_a_dead_worker_is_taken_over(
    world, make_xlsx, django_capture_on_commit_callbacks
):
    """acks_late redelivers the task when its worker dies: once the job has made no progress for
    WORKBOOK_IMPORT_STALE_AFTER, the delivery takes it over and imports the file (all or nothing)."""
    data = make_xlsx(meetings_sheets(world)).read_bytes()
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(user=world.users["district_admin"], upload=SimpleUploadedFile("b.xlsx", data))
    long_ago = timezone.now() - timedelta(hours=3)
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", phase="writing", processed=50_000, started_at=long_ago, progress_at=long_ago
    )
    assert import_job_run_task(job.pk) == "succeeded"
    job.refresh_from_db()
    assert job.started_at > long_ago and job.progress_at > long_ago
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_a_running_job_is_stale_only_when_its_progress_stopped(
    world, make_xlsx, django_capture_on_commit_callbacks, settings
):
    settings.WORKBOOK_IMPORT_STALE_AFTER = timedelta(minutes=30)
    data = make_xlsx(meetings_sheets(world)).read_bytes()
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(user=world.users["district_admin"], upload=SimpleUploadedFile("b.xlsx", data))
    now = timezone.now()
    # started long ago but still making progress: alive, left alone
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=now - timedelta(hours=5), progress_at=now - timedelta(minutes=20)
    )
    assert import_job_run(job_id=job.pk).status == "running"
    assert Meeting.objects.count() == 0
    # claimed but no progress written yet: its start time is the heartbeat
    ImportJob.objects.filter(pk=job.pk).update(started_at=now - timedelta(minutes=20), progress_at=None)
    assert import_job_run(job_id=job.pk).status == "running"
    ImportJob.objects.filter(pk=job.pk).update(started_at=now - timedelta(minutes=40))
    assert import_job_run(job_id=job.pk).status == "succeeded"
    assert Meeting.objects.count() == 2


@pytest.mark.celery_worker
def test_a_delivery_that_finds_the_job_running_checks_again_later(
    _media_root, celery_worker, world, make_xlsx
):
    """The redelivery after a worker died comes at once (reject on worker lost), while the job
    still looks alive: the task does not drop it but retries after the stale timeout."""
    from celery.result import AsyncResult

    data = make_xlsx(meetings_sheets(world)).read_bytes()
    job = ImportJob.objects.create(
        original_name="b.xlsx",
        created_by=world.users["district_admin"],
        district=world.community.street.district,
        status="running",
        started_at=timezone.now(),
        progress_at=timezone.now(),
    )
    job.file.save("b.xlsx", SimpleUploadedFile("b.xlsx", data))
    result = import_job_run_task.delay(job.pk)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and AsyncResult(result.id).state != "RETRY":
        time.sleep(0.2)
    assert AsyncResult(result.id).state == "RETRY"
    job.refresh_from_db()
    assert job.status == "running" and Meeting.objects.count() == 0
    # The retry waits (unacknowledged) in the worker; stopped, the worker hands it back to the
    # queue: it is not lost. Clear it so no later worker runs it against another test's rows.
    from communityops.celery import app

    celery_worker.terminate()
    celery_worker.wait(timeout=20)
    assert app.control.purge() >= 1
