"""Faults: a worker killed in the middle of a snapshot job, Redis down, PostgreSQL restarted,
and certificates issued concurrently from several processes."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from burden.calculations import burden_report
from burden.models import BurdenSnapshot, SnapshotJob
from burden.selectors import all_scopes
from burden.services import snapshot_job_start
from communityops.celery import app
from communityops.queue import BROKER_DOWN_MESSAGE

ROOT = Path(__file__).resolve().parents[2]
DEAD_BROKER = "redis://127.0.0.1:1/0"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the live test server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except (urllib.error.URLError, ConnectionError) as exc:
        return 0, str(exc)


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.celery_worker
def test_a_worker_killed_mid_snapshot_leaves_a_job_that_the_retry_finishes_identically(worker_factory):
    call_command("seed_demo", "--year", "2025", verbosity=0)
    scopes = all_scopes()
    first = worker_factory()
    # Every scope three times over: long enough to be caught half-way.
    job = snapshot_job_start(user=None, scopes=scopes * 3, year=2025)
    _wait(lambda: SnapshotJob.objects.filter(pk=job.pk, processed__gte=2).exists(), 120, "the job to start")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == SnapshotJob.Status.RUNNING and job.processed < job.total, "killed too late"

    # Acknowledged late: a new worker gets the unacknowledged task again once it is overdue.
    worker_factory(CELERY_VISIBILITY_TIMEOUT="2")
    _wait(
        lambda: SnapshotJob.objects.filter(pk=job.pk, status=SnapshotJob.Status.DONE).exists(),
        180,
        "the retry",
    )
    for scope in scopes:
        snapshot = BurdenSnapshot.objects.get(scope=scope, year=2025)
        assert snapshot.data == burden_report(scope=scope, year=2025), scope
    assert BurdenSnapshot.objects.filter(year=2025).count() == len(scopes)  # upserts, no duplicates


@pytest.fixture
def dead_broker():
    """The app pointed at a broker nobody listens on, with fresh connection pools; the live
    broker's pools (which earlier tests filled and others still hold) are put back after."""
    saved = (app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app.conf.task_always_eager, app.conf.broker_url = False, DEAD_BROKER
    app._pool = app.amqp._producer_pool = None
    yield
    app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool = saved


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_pages_serve_and_long_jobs_say_so(world, client_for, settings, tmp_path, dead_broker):
    settings.MEDIA_ROOT = str(tmp_path)
    client = client_for(world.users["district_admin"])
    for path in ("/burden/", "/tasks/requests/", "/inspections/inspections/", "/certificates/catalog/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/healthz").status_code == 503

    job = snapshot_job_start(
        user=world.users["district_admin"], scopes=[f"district:{world.district.name}"], year=2025
    )
    job.refresh_from_db()
    assert job.status == SnapshotJob.Status.FAILED
    assert job.error == str(BROKER_DOWN_MESSAGE)

    from workbook.models import ImportJob

    with open(ROOT / "tests" / "quality" / "data" / "tiny.xlsx", "rb") as upload:
        response = client.post("/workbook/", {"file": upload}, follow=True)
    assert response.status_code == 200
    import_job = ImportJob.objects.get()
    assert import_job.status == ImportJob.Status.FAILED
    assert str(BROKER_DOWN_MESSAGE) in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_application_recovers_after_postgresql_restarts(world, live_server):
    pg_ctl, pgdata = os.environ.get("PG_CTL"), os.environ.get("PGDATA_DIR")
    assert pg_ctl and pgdata, "make test exports PG_CTL and PGDATA_DIR for the throwaway server"
    assert _get(f"{live_server.url}/healthz")[0] == 200
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    connection.close()
    # The restarted server must not inherit our pipes (it would keep them open): log to its folder.
    restart = [*as_postgres, pg_ctl, "-D", pgdata, "-l", f"{pgdata}/log", "-m", "fast", "-w", "restart"]
    subprocess.run(restart, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    # No manual action: the next requests open fresh connections.
    statuses = [_get(f"{live_server.url}/healthz")[0] for _ in range(5)]
    assert statuses[-1] == 200 and statuses.count(200) >= 4, statuses
    status, page = _get(f"{live_server.url}/login/")
    assert status == 200 and "社区减负服务平台" in page


ISSUER = """
import django, os, sys
django.setup()
from certificates.services import certificate_issue
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(pk=int(sys.argv[1]))
for n in range(int(sys.argv[3])):
    certificate_issue(by=user, kind_id=int(sys.argv[2]), applicant_name="张三", applicant_id_number="11010519491231002X")
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuance_from_several_processes_gives_gap_free_serials(world, tmp_path):
    from certificates.models import CertificateKind, CertificateRecord
    from tests.conftest import _database_url

    kind = CertificateKind.objects.create(
        code="A99", name="居住证明", requested_by="派出所", cert_class="A", frequency="frequent"
    )
    script = tmp_path / "issue.py"
    script.write_text(ISSUER)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "communityops.settings.test",
           "DATABASE_URL": _database_url(connection.settings_dict), "PYTHONPATH": str(ROOT)}  # fmt: skip
    staff = world.users["community_staff"]
    procs = [
        subprocess.Popen([sys.executable, str(script), str(staff.pk), str(kind.pk), "6"], cwd=ROOT, env=env)  # noqa: S603
        for _ in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    year = timezone.localdate().year
    serials = sorted(CertificateRecord.objects.filter(kind=kind).values_list("serial", flat=True))
    assert serials == [f"{year}-{world.community.code}-{n:06d}" for n in range(1, 25)]
