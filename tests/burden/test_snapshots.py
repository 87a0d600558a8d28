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


def test_jobs_of_another_district_are_not_shown(burden_data, client_for):
    """A district admin sees their own jobs and jobs whose scopes all lie in their district; not
    another district's jobs, nor the nightly run over every scope."""
    from burden.selectors import job_get
    from tests.factories import CommunityFactory, DistrictFactory, StreetFactory, member

    far = DistrictFactory(name="外区")
    far_street = StreetFactory(district=far)
    CommunityFactory(street=far_street)
    far_admin = member("district_admin", far)
    admin = burden_data.users["district_admin"]
    theirs = SnapshotJob.objects.create(
        scopes=[f"street:{far_street.code}"], year=YEAR, requested_by=far_admin
    )
    whole = SnapshotJob.objects.create(scopes=["district:外区"], year=YEAR, requested_by=far_admin)
    mixed = SnapshotJob.objects.create(
        scopes=[f"street:{burden_data.street.code}", f"street:{far_street.code}"], year=YEAR
    )
    nightly = SnapshotJob.objects.create(scopes=all_scopes(), year=YEAR)
    ours = SnapshotJob.objects.create(scopes=[f"street:{burden_data.street.code}"], year=YEAR)
    own = SnapshotJob.objects.create(scopes=["district:外区"], year=YEAR, requested_by=admin)
    empty = SnapshotJob.objects.create(scopes=[], year=YEAR)
    for job in (theirs, whole, mixed, nightly, empty):
        assert job_get(user=admin, job_id=job.pk) is None, job.scopes
        assert client_for(admin).get(f"/burden/jobs/{job.pk}/").status_code == 404
    assert job_get(user=admin, job_id=ours.pk) == ours
    assert job_get(user=admin, job_id=own.pk) == own  # requested by them: always theirs to watch
    assert job_get(user=far_admin, job_id=theirs.pk) == theirs
    assert job_get(user=far_admin, job_id=whole.pk) == whole
    assert job_get(user=far_admin, job_id=ours.pk) is None
    assert client_for(admin).get(f"/burden/jobs/{ours.pk}/").status_code == 200
