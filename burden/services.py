"""Writes of the burden app: snapshots (负担统计快照) and the recompute jobs behind them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from audit.services import audit_record
from communityops.queue import enqueue_on_commit

from .calculations import burden_report, parse_scope
from .models import BurdenSnapshot, SnapshotJob
from .selectors import all_scopes, dashboard_tables, scope_allowed


@transaction.atomic
def snapshot_refresh(*, scope: str, year: int) -> BurdenSnapshot:
    """Recompute the 负担统计快照 of (scope, year) and upsert it by that key (idempotent),
    with the dashboards' tables of the scope (so a dashboard reads them instead of the records)."""
    data = burden_report(scope=scope, year=year)
    tables = dashboard_tables(scope=data["scope"], year=data["year"])
    snapshot, _ = BurdenSnapshot.objects.select_for_update().update_or_create(
        scope=data["scope"], year=data["year"], defaults={"data": data, "tables": tables}
    )
    return snapshot


def snapshot_job_start(*, user, scopes: list[str], year: int) -> SnapshotJob:
    """Queue a 统计重算 of `scopes` for `year`; the user may only ask for scopes inside its own."""
    if not scopes:
        raise ValidationError({"scope": gettext("请选择要重算的范围。")})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": gettext("年度不正确。")})
    canonical = []
    for scope in scopes:
        parsed = parse_scope(scope)
        if user is not None and not scope_allowed(user=user, scope=parsed.text):
            raise ValidationError({"scope": gettext("无权重算范围“%(scope)s”。") % {"scope": scope}})
        canonical.append(parsed.text)
    with transaction.atomic():
        job = SnapshotJob.objects.create(
            scopes=canonical,
            year=year,
            total=len(canonical),
            requested_by=user if getattr(user, "pk", None) else None,
        )
        audit_record(
            actor=user,
            action="burden.snapshot_job.start",
            target=job,
            after={"scopes": canonical, "year": year},
        )
        from .tasks import snapshot_job_run_task

        enqueue_on_commit(
            snapshot_job_run_task, job.pk, on_broker_down=lambda message: _job_fail(job.pk, message)
        )
    return job


def _job_fail(job_id: int, message: str) -> None:
    SnapshotJob.objects.filter(pk=job_id).update(
        status=SnapshotJob.Status.FAILED, error=message, finished_at=timezone.now()
    )


def snapshot_job_run(*, job_id: int) -> SnapshotJob:
    """Run a recompute job: refresh each snapshot in turn, recording progress on the job row.

    Safe to run twice: a finished job is left alone, and each snapshot is an upsert by key.
    """
    with transaction.atomic():
        job = SnapshotJob.objects.select_for_update().get(pk=job_id)
        if job.finished:
            return job
        job.status, job.processed = SnapshotJob.Status.RUNNING, 0
        job.save(update_fields=["status", "processed"])
    try:
        for scope in job.scopes:
            snapshot_refresh(scope=scope, year=job.year)
            SnapshotJob.objects.filter(pk=job.pk).update(processed=F("processed") + 1)
    except Exception as exc:
        _job_fail(job.pk, str(exc)[:2000])
        raise
    SnapshotJob.objects.filter(pk=job.pk).update(status=SnapshotJob.Status.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def snapshots_refresh_all(*, year: int | None = None) -> SnapshotJob:
    """The nightly run: every community, street, district and `all`, for the year (default: now)."""
    year = year or timezone.localdate().year
    scopes = all_scopes()
    job = SnapshotJob.objects.create(scopes=scopes, year=year, total=len(scopes))
    return snapshot_job_run(job_id=job.pk)
