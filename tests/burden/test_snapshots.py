"""Snapshots upsert by (scope, year); recompute jobs record progress; a real worker runs them."""

import time

import pytest
from django.core.exceptions import ValidationError

from burden import services
from burden.models import BurdenSnapshot, SnapshotJob
from burden.selectors import all_scopes

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_refresh_is_idempotent(burden_data):
    first = services.snapshot_refresh(scope="all", year=YEAR)
    rows = list(BurdenSnapshot.objects.values_list("scope", "year", "data"))
    second = services.snapshot_refresh(scope="all", year=YEAR)
    assert first.pk == second.pk
    assert list(BurdenSnapshot.objects.values_list("scope", "year", "data")) == rows
    assert second.data["tasks"]["items"] == 3


def test_refresh_all_twice_same_rows(burden_data):
    services.snapshots_refresh_all(year=YEAR)
    rows = sorted(BurdenSnapshot.objects.values_list("scope", "year", "data"), key=str)
    services.snapshots_refresh_all(year=YEAR)
    assert sorted(BurdenSnapshot.objects.values_list("scope", "year", "data"), key=str) == rows
    assert len(rows) == len(all_scopes()) == 1 + 1 + 2 + 3


def test_job_start_runs_eagerly(burden_data, django_capture_on_commit_callbacks):
    user = burden_data.users["street_supervisor"]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.snapshot_job_start(user=user, scopes=[f"street:{burden_data.street.code}"], year=YEAR)
    job.refresh_from_db()
    assert (job.status, job.processed, job.total, job.percent) == ("done", 1, 1, 100)
    assert BurdenSnapshot.objects.filter(scope=f"street:{burden_data.street.code}", year=YEAR).exists()


def test_job_start_refuses_other_scopes(burden_data):
    user = burden_data.users["street_supervisor"]
    with pytest.raises(ValidationError) as exc:
        services.snapshot_job_start(user=user, scopes=[f"street:{burden_data.other_street.code}"], year=YEAR)
    assert "scope" in exc.value.message_dict
    assert not SnapshotJob.objects.exists()


def test_recompute_view_and_progress(burden_data, client_for, django_capture_on_commit_callbacks):
    client = client_for(burden_data.users["street_supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/burden/recompute/", {"scope": f"street:{burden_data.street.code}", "year": YEAR}
        )
    assert response.status_code == 200
    job = SnapshotJob.objects.get()
    status = client.get(f"/burden/jobs/{job.pk}/")
    assert "1/1" in status.content.decode()
    assert (
        client_for(burden_data.users["other_street_supervisor"]).get(f"/burden/jobs/{job.pk}/").status_code
        == 404
    )
    bad = client_for(burden_data.users["street_supervisor"]).post(
        "/burden/recompute/", {"scope": "all", "year": YEAR}
    )
    assert bad.status_code == 400


def test_dashboard_reads_snapshot(burden_data, client_for):
    services.snapshot_refresh(scope=f"street:{burden_data.street.code}", year=YEAR)
    html = client_for(burden_data.users["street_supervisor"]).get(f"/burden/?year={YEAR}").content.decode()
    assert "统计快照时间" in html


def wait_finished(job, seconds=60):
    """Poll the job row until the worker finishes it (the worker is a separate process)."""
    deadline = time.monotonic() + seconds
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    return job


@pytest.mark.celery_worker
def test_real_worker_recomputes(burden_data, celery_worker):
    user = burden_data.users["district_admin"]
    scope = f"district:{burden_data.district.name}"
    job = wait_finished(services.snapshot_job_start(user=user, scopes=[scope], year=YEAR))
    assert job.status == "done" and job.processed == 1
    snapshot = BurdenSnapshot.objects.get(scope=scope, year=YEAR)
    again = wait_finished(services.snapshot_job_start(user=user, scopes=[scope], year=YEAR))
    assert again.status == "done"
    assert BurdenSnapshot.objects.filter(scope=scope, year=YEAR).count() == 1
    assert BurdenSnapshot.objects.get(scope=scope, year=YEAR).data == snapshot.data
