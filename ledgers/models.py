"""Ledgers (台账) and statistical report forms (统计报表)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import CommunityRecord, Department


class Retention(models.TextChoices):
    PERMANENT = "permanent", _("永久")
    LONG = "long", _("长期")
    SHORT = "short", _("短期")


class LedgerType(models.Model):
    """台账目录中的一类台账: what a department demands a community keep."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="ledger_types", verbose_name=_("责任部门")
    )
    retention = models.CharField(_("保管期限"), max_length=16, choices=Retention.choices, blank=True)
    fields = models.JSONField(_("字段"), default=list, blank=True, help_text=_("字段名称，按顺序"))

    class Meta:
        verbose_name = _("台账类型")
        verbose_name_plural = _("台账目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LedgerBook(CommunityRecord):
    """The books of one ledger type one community keeps in one year."""

    ledger_type = models.ForeignKey(
        LedgerType, on_delete=models.PROTECT, related_name="books", verbose_name=_("台账类型")
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    books = models.PositiveIntegerField(_("本数"), default=1)

    scope_department = "ledger_type__department"

    class Meta:
        verbose_name = _("台账")
        verbose_name_plural = _("台账")
        ordering = ["-year", "ledger_type__code"]

    def __str__(self) -> str:
        return f"{self.community} {self.ledger_type} {self.year}"


class ReportFrequency(models.TextChoices):
    MONTHLY = "monthly", _("月")
    QUARTERLY = "quarterly", _("季")
    YEARLY = "yearly", _("年")
    ADHOC = "adhoc", _("不定期")


class ReportForm(models.Model):
    """报表目录中的一张报表."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="report_forms", verbose_name=_("责任部门")
    )
    frequency = models.CharField(_("频次"), max_length=16, choices=ReportFrequency.choices, blank=True)
    fields = models.JSONField(_("字段"), default=list, blank=True, help_text=_("字段名称，按顺序"))

    class Meta:
        verbose_name = _("报表")
        verbose_name_plural = _("报表目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReportSubmission(CommunityRecord):
    """报表报送: copies of one report form one community filed on one date."""

    report_form = models.ForeignKey(
        ReportForm, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("报表")
    )
    date = models.DateField(_("报送日期"), db_index=True)
    count = models.PositiveIntegerField(_("份数"), default=1, validators=[MinValueValidator(0)])

    scope_department = "report_form__department"

    class Meta:
        verbose_name = _("报表报送")
        verbose_name_plural = _("报表报送")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.community} {self.report_form} {self.date}"
