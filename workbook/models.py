"""Import jobs of the burden workbook (批量导入任务)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.models import District, Street
from organisation.scoping import Scope, ScopedQuerySet


class ImportJobQuerySet(ScopedQuerySet):
    def visibility_q(self, scope: Scope) -> Q:
        if scope.is_street:
            return Q(street=scope.street_id)
        if scope.role == "district_admin":
            return Q(district=scope.district_id, street__isnull=True) | Q(street__district=scope.district_id)
        return Q(pk__in=[])


class ImportJob(models.Model):
    """批量导入任务: one uploaded workbook, its progress and its outcome.

    The job runs once: `status` moves pending → running by a compare-and-set update, so two
    workers never import the same file at the same time. A running job whose progress stopped for
    WORKBOOK_IMPORT_STALE_AFTER (its worker died) is taken over by the redelivered task.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("导入中")
        SUCCEEDED = "succeeded", _("已导入")
        FAILED = "failed", _("未导入")

    file = models.FileField(_("文件"), upload_to="workbook/imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    phase = models.CharField(_("阶段"), max_length=32, blank=True)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    counts = models.JSONField(_("各工作表行数"), default=dict, blank=True)
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    error_total = models.PositiveIntegerField(_("错误总数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("区")
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("街道")
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    # The running import's heartbeat: set when it is claimed and at every progress update. A job
    # still "running" with no progress for WORKBOOK_IMPORT_STALE_AFTER lost its worker.
    progress_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("批量导入任务")
        verbose_name_plural = _("批量导入任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.total:
            return 0
        return min(99, int(self.processed * 100 / self.total))
