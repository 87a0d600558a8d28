"""Delegated tasks (下沉事项): the work-item catalog, 准入 requests, assignments and the work log."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import CommunityRecord, Department


class ListClass(models.TextChoices):
    STATUTORY = "statutory", _("依法履职")
    ASSISTING = "assisting", _("协助政府")
    NEGATIVE = "negative", _("负面清单")


class Nature(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("行政管理")
    SERVICE = "service", _("服务性")


class TaskItem(models.Model):
    """事项清单中的一项: a kind of work a department may (or, on the negative list, may not)
    hand to communities."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="task_items", verbose_name=_("责任部门")
    )
    list_class = models.CharField(_("清单类别"), max_length=16, choices=ListClass.choices)
    nature = models.CharField(_("性质"), max_length=16, choices=Nature.choices)
    legal_basis = models.TextField(_("法定依据"), blank=True)
    funds_per_year = models.DecimalField(
        _("配套经费(元/年)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    hours_per_occurrence = models.DecimalField(
        _("每次预计工时"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项清单")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TaskAssignment(CommunityRecord):
    """下沉任务: one task item handed to one community, with or without 准入 approval."""

    task_item = models.ForeignKey(
        TaskItem, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("事项")
    )
    assigned_on = models.DateField(_("下达日期"), db_index=True)
    approved = models.BooleanField(_("经过准入"), default=False)
    count = models.PositiveIntegerField(_("数量"), default=1)
    due_on = models.DateField(_("完成期限"), null=True, blank=True)

    scope_department = "task_item__department"

    class Meta:
        verbose_name = _("下沉任务")
        verbose_name_plural = _("下沉任务")
        ordering = ["-assigned_on", "-id"]
        indexes = [models.Index(fields=["community", "assigned_on"])]

    def __str__(self) -> str:
        return f"{self.task_item} → {self.community}"


class WorkCategory(models.TextChoices):
    TASK = "task", _("下沉事项")
    INSPECTION = "inspection", _("检查考核")
    LEDGER = "ledger", _("台账")
    REPORT = "report", _("报表")
    CERTIFICATE = "certificate", _("证明盖章")
    PLATFORM = "platform", _("信息平台")
    MEETING = "meeting", _("会议")
    TEMPORARY = "temporary", _("临时任务")
    OTHER = "other", _("其他")


class WorkLog(CommunityRecord):
    """工作日志: staff hours one community spent on pushed-down work on one day.

    It measures the burden placed on the community, never the person: there is no clock-in
    and no per-person ranking.
    """

    date = models.DateField(_("日期"), db_index=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_logs",
        verbose_name=_("派出部门"),
    )
    category = models.CharField(_("类别"), max_length=16, choices=WorkCategory.choices)
    task_item = models.ForeignKey(
        TaskItem, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("事项")
    )
    assignment = models.ForeignKey(
        TaskAssignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_logs",
        verbose_name=_("下沉任务"),
    )
    hours = models.DecimalField(_("工时"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    people = models.PositiveIntegerField(_("人数"), default=1)
    approved = models.BooleanField(_("经过准入"), default=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )

    scope_department = "department"

    class Meta:
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.community} {self.hours}h"
