"""The import job on a real Celery worker, and the job's run-once lock."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.models import Meeting
from workbook.models import ImportJob
from workbook.services import import_job_create, import_job_run

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
    """acks_late redelivers the task when its worker dies: the redelivery takes over the stale job."""
    from datetime import timedelta

    from django.utils import timezone

    from workbook.tasks import import_job_run_task

    data = make_xlsx(meetings_sheets(world)).read_bytes()
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(user=world.users["district_admin"], upload=SimpleUploadedFile("b.xlsx", data))
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", phase="reading", started_at=timezone.now() - timedelta(hours=3)
    )
    assert import_job_run_task(job.pk) == "succeeded"
    job.refresh_from_db()
    assert job.finished_at is not None and job.started_at > timezone.now() - timedelta(hours=1)
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_a_recently_started_job_is_not_taken_over(
    world, make_xlsx, django_capture_on_commit_callbacks, settings
):
    from datetime import timedelta

    from django.utils import timezone

    settings.WORKBOOK_IMPORT_STALE_AFTER = timedelta(minutes=30)
    data = make_xlsx(meetings_sheets(world)).read_bytes()
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(user=world.users["district_admin"], upload=SimpleUploadedFile("b.xlsx", data))
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - timedelta(minutes=20)
    )
    assert import_job_run(job_id=job.pk).status == "running"
    assert Meeting.objects.count() == 0
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(minutes=40))
    assert import_job_run(job_id=job.pk).status == "succeeded"
    assert Meeting.objects.count() == 2
