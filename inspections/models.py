"""Inspections and the other registers of pushed-down burden: meetings, temporary tasks and
apportionments, signboards and bodies, information platforms."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import CommunityRecord, Department


def _hours(label):
    return models.DecimalField(
        label, max_digits=10, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )


class Inspection(CommunityRecord):
    """检查考核: an inspection, evaluation, ranking, campaign or supervision visit."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("检查")
        EVALUATION = "evaluation", _("考核")
        RANKING = "ranking", _("评比")
        CAMPAIGN = "campaign", _("创建达标")
        SUPERVISION = "supervision", _("督查")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("部门")
    )
    topic = models.CharField(_("检查事项"), max_length=200)
    kind = models.CharField(_("形式"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("日期"), db_index=True)
    prep_hours = _hours(_("准备工时"))
    veto = models.BooleanField(_("一票否决"), default=False)
    count = models.PositiveIntegerField(_("次数"), default=1)

    scope_department = "department"

    class Meta:
        verbose_name = _("检查考核")
        verbose_name_plural = _("检查考核")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.department} {self.topic}"


class Meeting(CommunityRecord):
    """会议: a meeting community staff were called to."""

    class Purpose(models.TextChoices):
        BRIEFING = "briefing", _("传达部署")
        TRAINING = "training", _("培训")
        SEAT_FILLING = "seat_filling", _("凑人数")
        OTHER = "other", _("其他")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("召集部门")
    )
    date = models.DateField(_("日期"), db_index=True)
    hours = _hours(_("时长(小时)"))
    attendees = models.PositiveIntegerField(_("参会人数"), null=True, blank=True)
    purpose = models.CharField(_("目的"), max_length=16, choices=Purpose.choices, default=Purpose.OTHER)
    count = models.PositiveIntegerField(_("次数"), default=1)

    scope_department = "department"

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.department}"


class TemporaryTask(CommunityRecord):
    """临时任务、摊派: urgent tasks and apportioned quotas."""

    class Kind(models.TextChoices):
        DEMOLITION = "demolition", _("拆迁")
        DONATION = "donation", _("慈善捐赠")
        BLOOD = "blood", _("无偿献血")
        SUBSCRIPTION = "subscription", _("报刊征订")
        TAX = "tax", _("协税")
        INVESTMENT = "investment", _("招商引资")
        STABILITY = "stability", _("维稳")
        OTHER = "other", _("其他")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="temporary_tasks", verbose_name=_("部门")
    )
    date = models.DateField(_("日期"), db_index=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    hours = _hours(_("工时"))
    count = models.PositiveIntegerField(_("次数"), default=1)

    scope_department = "department"

    class Meta:
        verbose_name = _("临时任务")
        verbose_name_plural = _("临时任务")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Signboard(CommunityRecord):
    """挂牌、机构: a board on the wall, or a body (leading group, office) that exists on paper.

    Counted as of a date: hung (or set up) on or before it and not yet removed.
    """

    class Kind(models.TextChoices):
        BOARD = "board", _("牌子")
        BODY = "body", _("机构或领导小组")

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signboards",
        verbose_name=_("部门"),
    )
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.BOARD)
    count = models.PositiveIntegerField(_("数量"), default=1)
    hung_on = models.DateField(_("挂牌/设立日期"), null=True, blank=True)
    removed_on = models.DateField(_("摘牌/撤销日期"), null=True, blank=True)

    scope_department = "department"

    class Meta:
        verbose_name = _("挂牌")
        verbose_name_plural = _("挂牌和机构")
        ordering = ["community", "name"]

    def __str__(self) -> str:
        return self.name


class Platform(models.Model):
    """信息平台 (including apps and work chat groups) that demands data from communities."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="platforms", verbose_name=_("主管部门")
    )
    fields = models.JSONField(_("字段"), default=list, blank=True, help_text=_("要求录入的字段名称"))

    class Meta:
        verbose_name = _("信息平台")
        verbose_name_plural = _("信息平台")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlatformUsage(CommunityRecord):
    """平台使用: the hours one community spent on one platform in one year."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="usages", verbose_name=_("平台")
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    hours = _hours(_("工时"))

    scope_department = "platform__department"

    class Meta:
        verbose_name = _("平台使用")
        verbose_name_plural = _("平台使用")
        ordering = ["-year", "platform__code"]

    def __str__(self) -> str:
        return f"{self.community} {self.platform} {self.year}"
