"""Delegated tasks (下沉事项): the work-item catalog, 准入 requests, assignments and the work log."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import Community, CommunityRecord, Department, Street
from organisation.scoping import Scope, ScopedQuerySet

from . import texts


# A text the system writes (tasks/texts.py) is stored three ways: its Chinese in the field itself
# (quoted by exports, the audit trail and the webhook), and beside it the template's key and
# parameters, from which pages render it in the reader's language. Empty key: shown as stored.
def _text_key() -> models.CharField:
    return models.CharField(_("文本模板"), max_length=32, blank=True, default="", editable=False)


def _text_params() -> models.JSONField:
    return models.JSONField(_("文本参数"), default=dict, blank=True, editable=False)


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
    active = models.BooleanField(_("在清单中"), default=True)
    note = models.TextField(_("说明"), blank=True)

    # A published catalog: every member may read it (no scope paths named).
    objects = ScopedQuerySet.as_manager()

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
    access_request = models.ForeignKey(
        "AccessRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("准入申请"),
    )
    # The period a recurring request's assignment belongs to ("once", "2026-11", "2026Q4",
    # "2026"): with the request and community it makes beat generation idempotent.
    period = models.CharField(_("周期"), max_length=16, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    refused = models.BooleanField(_("已拒绝"), default=False)
    refused_reason = models.TextField(_("拒绝理由"), blank=True)
    refused_reason_key = _text_key()
    refused_reason_params = _text_params()
    refused_at = models.DateTimeField(_("拒绝时间"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("拒绝人"),
    )

    scope_department = "task_item__department"

    class Meta:
        verbose_name = _("下沉任务")
        verbose_name_plural = _("下沉任务")
        ordering = ["-assigned_on", "-id"]
        indexes = [models.Index(fields=["community", "assigned_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["access_request", "community", "period"],
                condition=models.Q(access_request__isnull=False),
                name="assignment_unique_request_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_item} → {self.community}"

    @property
    def when_label(self) -> str:
        """What tells two assignments of the same item apart: its period, else its 下达日期."""
        if self.period:
            return self.period
        return _("%(date)s 下达") % {"date": self.assigned_on.isoformat()}

    @property
    def closed_by_revocation(self) -> bool:
        """Closed because its 准入 was revoked (not refused by the community)."""
        return self.refused and self.refused_reason_key == "revoked_reason"

    @property
    def display_refused_reason(self) -> str:
        """拒绝理由 in the reader's language (a community's own words as written)."""
        return texts.shown(self.refused_reason, self.refused_reason_key, self.refused_reason_params)


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

    # Indexes (the workbook import writes this table by the million, so each one is kept only
    # where a query needs it): `date` (district-wide date ranges), (community, date) (scoped
    # ranges; also serves the community FK, so that FK has no index of its own), department
    # (department scope, PROTECT), task_item and assignment (PROTECT / SET_NULL on deletion),
    # row_id (unique; its pattern index serves the demo's row_id__startswith). created_by has
    # none: it only serves SET_NULL when a user is deleted (accounts are deactivated instead).
    community = models.ForeignKey(Community, on_delete=models.PROTECT, verbose_name=_("社区"), db_index=False)
    date = models.DateField(_("日期"))
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
        db_index=False,
    )

    scope_department = "department"

    class Meta:
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")
        ordering = ["-date", "-id"]
        # (date, id) is the lists' keyset order (tasks/pagination.py): a district's newest page
        # reads 51 index entries instead of sorting its rows (0.2 ms vs 23 ms at 2 M rows), and
        # it serves every date-range filter the single `date` index it replaces served.
        indexes = [
            models.Index(fields=["community", "date"]),
            models.Index(fields=["date", "id"], name="tasks_worklog_date_id"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.community} {self.hours}h"


class CatalogVersion(models.Model):
    """清单版本: a published edition of the community work-item list with its validity dates.

    Publishing snapshots every listed item (CatalogEntry); a 准入 request approved under one
    version keeps it, whatever later versions say.
    """

    name = models.CharField(_("版本名称"), max_length=100)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("失效日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单版本")
        verbose_name_plural = _("清单版本")
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return _("%(name)s（%(date)s起）") % {"name": self.name, "date": f"{self.valid_from:%Y-%m-%d}"}


class CatalogEntry(models.Model):
    """清单版本条目: one item as it stood in a published version (a frozen copy)."""

    version = models.ForeignKey(
        CatalogVersion, on_delete=models.CASCADE, related_name="entries", verbose_name=_("清单版本")
    )
    task_item = models.ForeignKey(
        TaskItem, on_delete=models.PROTECT, related_name="catalog_entries", verbose_name=_("事项")
    )
    list_class = models.CharField(_("清单类别"), max_length=16, choices=ListClass.choices)
    nature = models.CharField(_("性质"), max_length=16, choices=Nature.choices)
    legal_basis = models.TextField(_("法定依据"), blank=True)
    funds_per_year = models.DecimalField(
        _("配套经费(元/年)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单版本条目")
        verbose_name_plural = _("清单版本条目")
        constraints = [models.UniqueConstraint(fields=["version", "task_item"], name="catalog_entry_unique")]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.task_item_id}"


class Frequency(models.TextChoices):
    ONCE = "once", _("一次性")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")


class TargetMode(models.TextChoices):
    ALL = "all", _("全部社区")
    STREET = "street", _("按街道")
    CHOSEN = "chosen", _("指定社区")


class AccessRequestQuerySet(ScopedQuerySet):
    def visibility_q(self, scope: Scope) -> models.Q:
        if scope.is_department:
            return models.Q(department=scope.department_id)
        submitted = ~models.Q(status=AccessRequest.Status.DRAFT)
        targets = AccessRequest.target_communities.through.objects.filter(accessrequest=models.OuterRef("pk"))
        if scope.street_id:
            return submitted & models.Q(models.Exists(targets.filter(community__street=scope.street_id)))
        if scope.district_id:
            # Only requests aimed at this district's communities (a request reaching into two
            # districts is seen by both; only a reviewer over all its targets decides it).
            return submitted & models.Q(
                models.Exists(targets.filter(community__street__district=scope.district_id))
            )
        return models.Q(pk__in=[])


class AccessRequest(models.Model):
    """准入申请: a department's application to hand one item of work to communities.

    Only an approved request lets work reach a community as approved (经过准入) work.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("准予准入")
        REJECTED = "rejected", _("不予准入")
        BLOCKED = "blocked", _("系统拦截")
        REVOKED = "revoked", _("已撤销")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="access_requests", verbose_name=_("申请部门")
    )
    task_item = models.ForeignKey(
        TaskItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests",
        verbose_name=_("清单事项"),
    )
    title = models.CharField(_("事项名称"), max_length=200)
    legal_basis = models.TextField(_("法定依据"), blank=True)
    list_class = models.CharField(_("清单类别"), max_length=16, choices=ListClass.choices)
    nature = models.CharField(_("性质"), max_length=16, choices=Nature.choices)
    target_mode = models.CharField(
        _("实施范围"), max_length=16, choices=TargetMode.choices, default=TargetMode.CHOSEN
    )
    target_streets = models.ManyToManyField(Street, blank=True, related_name="+", verbose_name=_("目标街道"))
    target_communities = models.ManyToManyField(
        Community, blank=True, related_name="access_requests", verbose_name=_("目标社区")
    )
    frequency = models.CharField(_("频次"), max_length=16, choices=Frequency.choices, default=Frequency.ONCE)
    deadline = models.DateField(_("完成期限"), null=True, blank=True)
    hours_per_community = models.DecimalField(
        _("每社区预计工时"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    funds_transferred = models.DecimalField(
        _("随事转移经费(元)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    authority_delegated = models.TextField(_("随责下放权限"), blank=True)
    ledgers = models.TextField(_("需建台账"), blank=True)
    report_forms = models.TextField(_("需报报表"), blank=True)
    certificates = models.TextField(_("需出具证明"), blank=True)
    inspections = models.TextField(_("检查考核"), blank=True)
    signboards = models.TextField(_("挂牌"), blank=True)
    demanded_fields = models.TextField(_("台账/报表字段"), blank=True)
    one_vote_veto = models.BooleanField(_("一票否决"), default=False)
    note = models.TextField(_("补充说明"), blank=True)

    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_street = models.ForeignKey(
        Street,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核街道"),
        help_text=_("目标社区全部属于一个街道时，由该街道审核。"),
    )
    catalog_version = models.ForeignKey(
        CatalogVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests",
        verbose_name=_("清单版本"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经办人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    review_due = models.DateField(_("审核期限"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    decision_reason = models.TextField(_("审核意见"), blank=True)
    decision_reason_key = _text_key()
    decision_reason_params = _text_params()

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("准入申请")
        verbose_name_plural = _("准入申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tasks:request_detail", args=[self.pk])

    @property
    def code(self) -> str:
        return f"ZR{self.created_at:%Y}-{self.pk:05d}" if self.pk and self.created_at else str(_("ZR-新"))

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return bool(
            self.status == self.Status.SUBMITTED
            and self.review_due
            and timezone.localdate() > self.review_due
        )

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def display_decision_reason(self) -> str:
        """审核意见 in the reader's language: a block reason translated, a reviewer's as written."""
        return texts.shown(self.decision_reason, self.decision_reason_key, self.decision_reason_params)


class Finding(models.Model):
    """自动审查发现: a problem the system found in a 准入 request when it was submitted."""

    class Kind(models.TextChoices):
        NEGATIVE_LIST = "negative_list", _("属于负面清单")
        UNFUNDED = "unfunded", _("行政事项未随事转费")
        ONE_VOTE_VETO = "one_vote_veto", _("设置一票否决")
        NO_LEGAL_BASIS = "no_legal_basis", _("缺少法定依据")
        DUPLICATE = "duplicate", _("与已准入事项重复")
        SHORT_NOTICE = "short_notice", _("提前申请不足30个工作日")
        DUPLICATE_FIELDS = "duplicate_fields", _("台账报表字段重复")

    class Severity(models.TextChoices):
        BLOCK = "block", _("拦截")
        WARN = "warn", _("提示")

    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="findings", verbose_name=_("准入申请")
    )
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    severity = models.CharField(_("程度"), max_length=8, choices=Severity.choices, default=Severity.WARN)
    message = models.TextField(_("说明"))
    message_key = _text_key()
    message_params = _text_params()
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("自动审查发现")
        verbose_name_plural = _("自动审查发现")
        ordering = ["severity", "id"]

    def __str__(self) -> str:
        return self.message

    @property
    def display_message(self) -> str:
        """The finding in the reader's language."""
        return texts.shown(self.message, self.message_key, self.message_params)

    def field_overlaps(self) -> list[dict]:
        """台账报表字段重复, one entry per field from the structured detail: the field, its
        standard name, how many ledgers/reports/platforms already collect it, and their names."""
        from django.utils.translation import gettext

        out = []
        for overlap in (self.detail or {}).get("overlaps") or []:
            sources = [str(s) for s in overlap.get("demanded_by") or []]
            counts: dict[str, int] = {}
            for source in sources:
                kind = source.split(" ", 1)[0]
                counts[kind] = counts.get(kind, 0) + 1
            field, canonical = overlap.get("field", ""), overlap.get("canonical", "")
            out.append(
                {
                    "field": field,
                    "canonical": canonical if canonical and canonical != field else "",
                    "total": len(sources),
                    "counts": " · ".join(f"{gettext(kind)} {n}" for kind, n in counts.items()),
                    "sources": sources,
                }
            )
        return out


# Source kinds the field dictionary (ledgers app) writes before each source's name.
SOURCE_KINDS = (_("台账"), _("报表"), _("平台"))


def attachment_path(instance: "Attachment", filename: str) -> str:
    from django.utils.crypto import get_random_string

    return f"tasks/requests/{instance.access_request_id}/{get_random_string(12)}-{filename}"


class Attachment(models.Model):
    """申请附件: a document attached to a 准入 request, served only to those who may see it."""

    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("准入申请")
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小(字节)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class RequestEvent(models.Model):
    """审核记录: one step in a request's life (submitted, approved, returned …) with its reason."""

    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("准入申请")
    )
    action = models.CharField(_("动作"), max_length=16)
    status = models.CharField(_("结果状态"), max_length=16, choices=AccessRequest.Status.choices)
    reason = models.TextField(_("理由"), blank=True)
    reason_key = _text_key()
    reason_params = _text_params()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.status}"

    @property
    def display_reason(self) -> str:
        """The step's reason in the reader's language (a block reason translated)."""
        return texts.shown(self.reason, self.reason_key, self.reason_params)

    @property
    def actor_label(self) -> str:
        """Who acted, shown as role and unit in the reader's language (not the account's stored
        display name, which is data in one language); the account name when it has no role."""
        if self.actor is None:
            return ""
        membership = getattr(self.actor, "membership", None)
        if membership is None:
            return str(self.actor)
        unit = membership.unit
        return f"{membership.get_role_display()} · {unit.name}" if unit else membership.get_role_display()


class NotificationQuerySet(ScopedQuerySet):
    def visibility_q(self, scope: Scope) -> models.Q:
        if scope.is_department:
            return models.Q(department=scope.department_id)
        if scope.community_id:
            return models.Q(community=scope.community_id)
        return models.Q(pk__in=[])


class Notification(models.Model):
    """站内通知: a message to a department (a decision on its request) or to a community
    (new assignments)."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("部门")
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("社区")
    )
    access_request = models.ForeignKey(
        AccessRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("准入申请"),
    )
    title = models.CharField(_("标题"), max_length=200)
    title_key = _text_key()
    title_params = _text_params()
    body = models.TextField(_("内容"), blank=True)
    body_key = _text_key()
    body_params = _text_params()
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """标题 in the reader's language."""
        return texts.shown(self.title, self.title_key, self.title_params)

    @property
    def display_body(self) -> str:
        """内容 in the reader's language (a reviewer's reason as written)."""
        return texts.shown(self.body, self.body_key, self.body_params)
