"""Writes of the workbook app: import jobs (批量导入) and the import/export entry points."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from communityops.queue import enqueue_on_commit
from organisation.scoping import Scope, scope_for

from .cells import CONTROL_CHARACTERS
from .exporter import parse_scope, workbook_export, workbook_template
from .importer import ImportResult, WorkbookImporter, progress_writer
from .models import ImportJob
from .reader import NotAWorkbook, sniff_xlsx

IMPORT_ROLES = ("district_admin", "street_supervisor")

logger = logging.getLogger(__name__)

__all__ = [
    "IMPORT_ROLES",
    "import_job_create",
    "import_job_run",
    "parse_scope",
    "workbook_export",
    "workbook_import",
    "workbook_template",
]


def workbook_import(*, path: str | Path, scope: Scope, actor=None, progress=None) -> ImportResult:
    """导入工作簿: validate the whole workbook, then write it in one transaction (or nothing).

    `scope` limits which streets and communities rows may touch (the command passes an
    unrestricted scope). Returns the ImportResult; `imported` is False when any error was found.
    """
    result = WorkbookImporter(str(path), scope=scope, progress=progress).run()
    if result.imported:
        audit_record(
            actor=actor,
            action="workbook.import",
            after={"file": Path(path).name, "counts": result.counts, "warnings": len(result.warnings)},
        )
    return result


def import_job_create(*, user, upload: UploadedFile) -> ImportJob:
    """上传工作簿: store the file under MEDIA_ROOT and queue the import (after commit)."""
    scope = scope_for(user)
    if not (scope.everything or scope.role in IMPORT_ROLES):
        raise ValidationError({"file": _("只有区减负办和街道可以批量导入。")})
    if upload is None:
        raise ValidationError({"file": _("请选择要导入的 Excel 文件。")})
    if upload.size > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024) or 1
        raise ValidationError({"file": _("文件过大（上限 %(limit)s MB）。") % {"limit": limit}})
    if upload.size == 0:
        raise ValidationError({"file": _("文件为空。")})
    if not upload.name.lower().endswith(".xlsx"):
        raise ValidationError({"file": _("只接受 Excel 工作簿（.xlsx）文件。")})
    try:
        sniff_xlsx(upload)  # by content: a renamed text file or a plain zip is refused at once
    except NotAWorkbook as exc:
        raise ValidationError({"file": str(exc)}) from exc
    job = ImportJob(
        original_name=upload.name[:255],
        created_by=user,
        district_id=scope.district_id,
        street_id=scope.street_id,
    )
    if scope.street_id:
        from organisation.models import Street

        job.district_id = (
            Street.objects.filter(pk=scope.street_id).values_list("district_id", flat=True).first()
        )
    job.file.save(Path(upload.name).name, upload, save=False)
    job.save()
    audit_record(actor=user, action="workbook.upload", target=job)
    from .tasks import import_job_run_task

    # The job's reasons and warnings are stored as text, in the uploader's language (the one active
    # now): the task renders them under translation.override of it.
    enqueue_on_commit(
        import_job_run_task,
        job.pk,
        translation.get_language(),
        on_broker_down=lambda message: _job_fail(job.pk, message),
    )
    return job


def _job_fail(job_id: int, reason: str) -> None:
    """Mark an import job failed with one file-level error that says why."""
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED,
        finished_at=timezone.now(),
        errors=[{"sheet": "", "row": 0, "column": "", "value": "", "reason": reason}],
        error_total=1,
    )


def _job_scope(job: ImportJob) -> Scope:
    if job.street_id:
        return Scope(role="street_supervisor", street_id=job.street_id, district_id=None)
    if job.district_id:
        return Scope(role="district_admin", district_id=job.district_id)
    return Scope(role="district_admin", everything=True)


def import_stale_after() -> timedelta:
    """How long a running import may go without progress before another delivery takes it over.

    Setting WORKBOOK_IMPORT_STALE_AFTER (a timedelta or seconds; default 30 minutes). A running
    import writes its progress every 50,000 rows, a few seconds apart; 30 minutes without any
    means its worker died. The task is acks_late, so Celery delivers it again then; the import
    writes in one transaction (all or nothing), so running it again is safe.
    """
    value = getattr(settings, "WORKBOOK_IMPORT_STALE_AFTER", timedelta(minutes=30))
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def import_job_run(*, job_id: int) -> ImportJob:
    """执行导入任务: runs once; a second call while it runs (or after) does nothing, unless the
    running job is stale (no progress for `import_stale_after()`: its worker died): then this
    call takes it over and imports the file again."""
    now = timezone.now()
    cutoff = now - import_stale_after()
    stale = Q(progress_at__lt=cutoff) | Q(progress_at__isnull=True, started_at__lt=cutoff)
    claimable = Q(status=ImportJob.Status.PENDING) | (Q(status=ImportJob.Status.RUNNING) & stale)
    claimed = ImportJob.objects.filter(claimable, pk=job_id).update(
        status=ImportJob.Status.RUNNING, started_at=now, progress_at=now, phase="reading", processed=0
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        result = workbook_import(
            path=job.file.path, scope=_job_scope(job), actor=job.created_by, progress=progress_writer(job.pk)
        )
    except Exception as exc:
        _job_fail(job_id, _("导入出错：%(error)s") % {"error": exc.__class__.__name__})
        raise
    job.status = ImportJob.Status.SUCCEEDED if result.imported else ImportJob.Status.FAILED
    job.phase = "done"
    job.counts = result.counts
    job.warnings = [_readable(w) for w in result.warnings[:1000]]
    job.errors = [{k: _readable(v) for k, v in e.as_dict().items()} for e in result.errors]
    job.error_total = result.error_total
    job.processed = job.total = max(job.total, job.processed)
    job.finished_at = timezone.now()
    try:
        with transaction.atomic():
            job.save()
    except Exception as exc:
        logger.exception("import job %s: saving the result failed", job_id)
        if result.imported:
            reason = _("数据已导入，但导入结果无法保存（%(error)s）；再次导入同一文件是安全的。")
        else:
            reason = _("未导入任何数据；导入结果无法保存（%(error)s）。")
        _job_fail(job_id, reason % {"error": exc.__class__.__name__})
        job.refresh_from_db()
    return job


def _readable(value):
    """A cell's text quoted in an error or warning, with NUL and other control characters shown as
    U+FFFD: PostgreSQL cannot store NUL in JSON, and the others are invisible on the page."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("\ufffd", value)
    return value
