"""档案管理: the 销毁清册 (a batch of records proposed for destruction) and the 档案销毁 register
(one row per destroyed record, kept for good: what was destroyed, when, how, on whose say)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Community
from organisation.scoping import Scope, ScopedQuerySet


class RecordKind(models.TextChoices):
    LEDGER_BOOK = "ledger_book", _("台账")
    CERTIFICATE = "certificate", _("证明存根")


class DisposalMethod(models.TextChoices):
    SHRED = "shred", _("粉碎")
    PULP = "pulp", _("化浆")
    INCINERATE = "incinerate", _("焚毁")
    ERASE = "erase", _("电子数据删除")


class BatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    EXECUTED = "executed", _("已销毁")


class DisposalQuerySet(ScopedQuerySet):
    def visibility_q(self, scope: Scope) -> Q:
        if scope.is_department:
            return Q(pk__in=[])  # the archives of a community are its own, not a department's
        return super().visibility_q(scope)


class DisposalBatch(models.Model):
    """销毁清册: the records of one community (one 全宗) proposed together for destruction.

    Proposed by the community head or the street supervisor, approved by the street supervisor
    or the district office (监销人, never the proposer), then executed: all or nothing.
    """

    number = models.CharField(_("清册编号"), max_length=40, unique=True)
    community = models.ForeignKey(Community, on_delete=models.PROTECT, verbose_name=_("社区"))
    status = models.CharField(
        _("状态"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PROPOSED, db_index=True
    )
    method = models.CharField(_("销毁方式"), max_length=16, choices=DisposalMethod.choices)
    reason = models.TextField(_("销毁理由"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("拟销毁人")
    )
    proposed_at = models.DateTimeField(_("拟定时间"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("监销人"),
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True, default="")
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("执行人"),
    )
    executed_on = models.DateField(_("销毁日期"), null=True, blank=True)

    objects = DisposalQuerySet.as_manager()
    scope_community = "community"

    class Meta:
        verbose_name = _("销毁清册")
        verbose_name_plural = _("销毁清册")
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.community}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("archives:batch_detail", args=[self.pk])


class DisposalRecord(models.Model):
    """销毁登记: one record (a ledger book or a certificate stub) in a 销毁清册.

    The row is what remains of the record once destroyed: its 档号/题名, year, retention and
    the reference to the statistical row, which stays (the burden report of past years does not
    change). A record sits in at most one open or executed batch; a rejected batch frees it.
    """

    batch = models.ForeignKey(
        DisposalBatch, on_delete=models.PROTECT, related_name="items", verbose_name=_("销毁清册")
    )
    community = models.ForeignKey(Community, on_delete=models.PROTECT, verbose_name=_("社区"))
    kind = models.CharField(_("类别"), max_length=16, choices=RecordKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("记录类型"))
    object_id = models.PositiveBigIntegerField(_("记录"))
    row_id = models.CharField(_("行键"), max_length=64)
    reference = models.CharField(_("档号"), max_length=64, blank=True, default="")
    title = models.CharField(_("题名"), max_length=300)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    retention = models.CharField(_("保管期限"), max_length=32)
    due_from = models.DateField(_("可销毁日期"))
    open = models.BooleanField(_("在办或已销毁"), default=True, editable=False)
    destroyed_on = models.DateField(_("销毁日期"), null=True, blank=True)
    entries_destroyed = models.PositiveIntegerField(_("销毁电子记录数"), default=0)

    objects = DisposalQuerySet.as_manager()
    scope_community = "community"

    class Meta:
        verbose_name = _("销毁登记")
        verbose_name_plural = _("档案销毁登记")
        ordering = ["-batch__proposed_at", "kind", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], condition=Q(open=True), name="disposal_record_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference or self.title} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return self.batch.get_absolute_url()
