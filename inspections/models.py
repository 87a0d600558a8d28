"""Inspections and the other registers of pushed-down burden: meetings, temporary tasks and
apportionments, signboards and bodies, information platforms, responsibility pledges,
emergency information reports and the yearly 民主评议 of departments."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisation.models import CommunityRecord, Department, Street
from organisation.scoping import Scope, ScopedQuerySet


def _hours(label):
    return models.DecimalField(
        label, max_digits=10, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )


class TopicFamily(models.TextChoices):
    """检查事项大类: inspections of one family in one week can be merged into one joint visit."""

    PARTY = "party", _("基层党建")
    INTEGRITY = "integrity", _("廉政文化")
    GOVERNANCE = "governance", _("综合治理")
    SANITATION = "sanitation", _("爱国卫生")
    ENVIRONMENT = "environment", _("环境保护")
    FAMILY_PLANNING = "family_planning", _("计划生育")
    EMPLOYMENT = "employment", _("就业社保")
    SCIENCE = "science", _("科普")
    DRUGS = "drugs", _("禁毒")
    SAFETY = "safety", _("安全生产与防灾减灾")
    CIVILITY = "civility", _("文明创建")
    OTHER = "other", _("其他")


class InspectionTopic(models.Model):
    """检查事项目录: a catalog row; an inspection's free-text topic matches it by name."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200, unique=True)
    family = models.CharField(
        _("大类"), max_length=20, choices=TopicFamily.choices, default=TopicFamily.OTHER
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_topics",
        verbose_name=_("主管部门"),
    )

    objects = ScopedQuerySet.as_manager()  # a published catalog: every member reads it

    class Meta:
        verbose_name = _("检查事项")
        verbose_name_plural = _("检查事项目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:topic_edit", args=[self.pk])


class InspectionMergeQuerySet(ScopedQuerySet):
    def visibility_q(self, scope: Scope) -> Q:
        if scope.is_department:
            return Q(pk__in=Inspection.objects.filter(department=scope.department_id).values("merge"))
        if scope.community_id:
            return Q(pk__in=Inspection.objects.filter(community=scope.community_id).values("merge"))
        if scope.street_id:
            return Q(street=scope.street_id)
        if scope.district_id:
            return Q(street__district=scope.district_id)
        return Q(pk__in=[])


class InspectionMerge(models.Model):
    """合并检查: several inspections of one street, week and topic family made one joint visit."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="inspection_merges", verbose_name=_("街道")
    )
    date = models.DateField(_("联合检查日期"), db_index=True)
    family = models.CharField(_("大类"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("操作人")
    )
    created_at = models.DateTimeField(_("合并时间"), auto_now_add=True)

    objects = InspectionMergeQuerySet.as_manager()

    class Meta:
        verbose_name = _("合并检查")
        verbose_name_plural = _("合并检查")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.street} {self.family}"


class InspectionQuerySet(ScopedQuerySet):
    def held(self) -> "InspectionQuerySet":
        """Inspections that took place: the burden counts these, not plans or cancellations."""
        return self.filter(status=Inspection.Status.DONE)


class Inspection(CommunityRecord):
    """检查考核: an inspection, evaluation, ranking, campaign or supervision visit."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("检查")
        EVALUATION = "evaluation", _("考核")
        RANKING = "ranking", _("评比")
        CAMPAIGN = "campaign", _("创建达标")
        SUPERVISION = "supervision", _("督查")

    class Status(models.TextChoices):
        PLANNED = "planned", _("待检查")
        DONE = "done", _("已检查")
        CANCELLED = "cancelled", _("已取消")

    class Result(models.TextChoices):
        PASSED = "passed", _("通过")
        RECTIFY = "rectify", _("限期整改")
        FAILED = "failed", _("未通过")
        VETOED = "vetoed", _("被一票否决")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("部门")
    )
    topic = models.CharField(_("检查事项"), max_length=200)
    kind = models.CharField(_("形式"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("日期"), db_index=True)
    prep_hours = _hours(_("准备工时"))
    veto = models.BooleanField(_("一票否决"), default=False)
    count = models.PositiveIntegerField(_("次数"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DONE)

    objects = InspectionQuerySet.as_manager()

    demands_ledgers = models.BooleanField(_("要求台账"), default=False)
    demands_photos = models.BooleanField(_("要求照片"), default=False)
    demands_trail = models.BooleanField(_("要求留痕材料"), default=False)
    result = models.CharField(_("结果"), max_length=16, choices=Result.choices, blank=True)
    result_note = models.CharField(_("结果说明"), max_length=500, blank=True)
    merge = models.ForeignKey(
        InspectionMerge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("合并检查"),
    )

    scope_department = "department"

    class Meta:
        verbose_name = _("检查考核")
        verbose_name_plural = _("检查考核")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.department} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_edit", args=[self.pk])


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

    def get_absolute_url(self) -> str:
        return reverse("inspections:meeting_edit", args=[self.pk])


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

    def get_absolute_url(self) -> str:
        return reverse("inspections:temporary_task_edit", args=[self.pk])


class Signboard(CommunityRecord):
    """挂牌、机构: a board on the wall, or a body (leading group, office) that exists on paper.

    Counted as of a date: hung (or set up) on or before it and not yet removed.
    """

    @staticmethod
    def standing_q(as_of) -> Q:
        """The boards and bodies standing on `as_of`: hung on or before it (or undated), not
        removed by then. The burden report and the workbook export count these."""
        return (Q(hung_on__isnull=True) | Q(hung_on__lte=as_of)) & (
            Q(removed_on__isnull=True) | Q(removed_on__gt=as_of)
        )

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

    def get_absolute_url(self) -> str:
        return reverse("inspections:signboard_edit", args=[self.pk])


class Platform(models.Model):
    """信息平台 (including apps and work chat groups) that demands data from communities."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("信息平台")
        APP = "app", _("政务App")
        CHAT_GROUP = "chat_group", _("工作群")

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="platforms", verbose_name=_("主管部门")
    )
    fields = models.JSONField(_("字段"), default=list, blank=True, help_text=_("要求录入的字段名称"))
    level = models.CharField(_("层级"), max_length=16, choices=Department.Level.choices, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.PLATFORM)

    objects = ScopedQuerySet.as_manager()  # a published catalog: every member reads it

    class Meta:
        verbose_name = _("信息平台")
        verbose_name_plural = _("信息平台")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:platform_edit", args=[self.pk])


class PlatformUsage(CommunityRecord):
    """平台使用: the hours one community spent on one platform in one year."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="usages", verbose_name=_("平台")
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    hours = _hours(_("工时"))
    hours_per_month = models.DecimalField(
        _("每月工时"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    scope_department = "platform__department"

    class Meta:
        verbose_name = _("平台使用")
        verbose_name_plural = _("平台使用")
        ordering = ["-year", "platform__code"]

    def __str__(self) -> str:
        return f"{self.community} {self.platform} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:platform_usage_edit", args=[self.pk])


class ResponsibilityPledge(CommunityRecord):
    """责任书: a pledge the committee signs as "first responsible person", often with a veto clause."""

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("要求签订部门")
    )
    matter = models.CharField(_("责任事项"), max_length=200)
    family = models.CharField(
        _("大类"), max_length=20, choices=TopicFamily.choices, default=TopicFamily.OTHER
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    signed_on = models.DateField(_("签订日期"))
    veto = models.BooleanField(_("含一票否决"), default=False)
    veto_clauses = models.TextField(_("否决条款"), blank=True)

    scope_department = "department"

    class Meta:
        verbose_name = _("责任书")
        verbose_name_plural = _("责任书")
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.year} {self.matter}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:pledge_edit", args=[self.pk])


class EmergencyReport(CommunityRecord):
    """信息报送: an emergency reported (or not) by the community; due within one hour."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("已报送")
        MISSING = "missing", _("漏报")
        CONCEALED = "concealed", _("瞒报")

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emergency_reports",
        verbose_name=_("接报部门"),
    )
    title = models.CharField(_("事件"), max_length=200)
    incident_at = models.DateTimeField(_("事发时间"), db_index=True)
    reported_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    status = models.CharField(_("报送情况"), max_length=16, choices=Status.choices, default=Status.REPORTED)
    late = models.BooleanField(_("迟报(超过1小时)"), default=False, editable=False)
    note = models.CharField(_("备注"), max_length=500, blank=True)

    scope_department = "department"

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-incident_at", "-id"]

    def __str__(self) -> str:
        return f"{self.incident_at:%Y-%m-%d %H:%M} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:emergency_report_edit", args=[self.pk])


class DepartmentRating(CommunityRecord):
    """民主评议: once a year a community rates a department that sent it work."""

    class Scale(models.TextChoices):
        FIVE = "five", _("五分制(1–5)")
        HUNDRED = "hundred", _("百分制(0–100)")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("被评议部门")
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    scale = models.CharField(_("计分方式"), max_length=8, choices=Scale.choices, default=Scale.HUNDRED)
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=1)
    # The score on the 100-point scale, so departments rated on either scale aggregate together.
    score_100 = models.DecimalField(_("百分制得分"), max_digits=5, decimal_places=1, editable=False)
    comment = models.TextField(_("评议意见"), blank=True)

    scope_department = "department"

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        ordering = ["-year", "department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "department", "year"], name="rating_once_a_year_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:rating_edit", args=[self.pk])
