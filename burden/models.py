"""Burden snapshots (负担统计快照) and the jobs that recompute them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BurdenSnapshot(models.Model):
    """负担统计快照: the burden report of one scope and year as last computed.

    Keyed by (scope, year): recomputing upserts the same row, so running twice gives the same rows.
    """

    scope = models.CharField(_("范围"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    data = models.JSONField(_("报告"), default=dict)
    #: The dashboards' heavy tables of the scope computed with the report (selectors.
    #: dashboard_tables): per-community breakdown, monthly trend, weekly inspections and, for a
    #: district or ``all``, the street and department rankings. Empty for snapshots made before.
    tables = models.JSONField(_("看板数据"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("负担统计快照")
        verbose_name_plural = _("负担统计快照")
        ordering = ["-year", "scope"]
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="burden_snapshot_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}"


class SnapshotJob(models.Model):
    """统计重算任务: an on-demand or nightly recompute of one or more snapshots, with progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("计算中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    scopes = models.JSONField(_("范围"), default=list)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("总数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    error = models.TextField(_("错误"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("统计重算任务")
        verbose_name_plural = _("统计重算任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_status_display()} {self.processed}/{self.total}"

    @property
    def percent(self) -> int:
        return int(self.processed * 100 / self.total) if self.total else (100 if self.status == "done" else 0)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
