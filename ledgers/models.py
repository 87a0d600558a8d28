"""Ledgers (台账), statistical report forms (统计报表) and the 一表通 field dictionary."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisation.models import CommunityRecord, Department
from organisation.scoping import ScopedQuerySet


class Retention(models.TextChoices):
    PERMANENT = "permanent", _("永久")
    LONG = "long", _("长期")
    SHORT = "short", _("短期")


class ArchiveClass(models.TextChoices):
    """档案类别 (the class code in the archive number 档号)."""

    DOCUMENT = "WS", _("文书类")
    BUSINESS = "YW", _("业务类")
    ACCOUNTING = "KJ", _("会计类")
    AUDIOVISUAL = "SX", _("声像类")


class CatalogStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    CANCELLED = "cancelled", _("已取消")


class FieldType(models.TextChoices):
    TEXT = "text", _("文本")
    INTEGER = "integer", _("整数")
    DECIMAL = "decimal", _("小数")
    DATE = "date", _("日期")
    CHOICE = "choice", _("选项")
    ID_NUMBER = "id_number", _("身份证号")
    PHONE = "phone", _("电话")


class LedgerType(models.Model):
    """台账目录中的一类台账: what a department demands a community keep."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="ledger_types", verbose_name=_("责任部门")
    )
    retention = models.CharField(_("保管期限"), max_length=16, choices=Retention.choices, blank=True)
    fields = models.JSONField(_("字段"), default=list, blank=True, help_text=_("字段名称，按顺序"))
    archive_class = models.CharField(
        _("档案类别"), max_length=8, choices=ArchiveClass.choices, default=ArchiveClass.BUSINESS
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CatalogStatus.choices, default=CatalogStatus.ACTIVE, db_index=True
    )
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消理由"), max_length=500, blank=True, default="")

    objects = ScopedQuerySet.as_manager()  # a published catalog: every member reads it

    class Meta:
        verbose_name = _("台账类型")
        verbose_name_plural = _("台账目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ledgers:ledger_type_edit", args=[self.pk])


class LedgerBook(CommunityRecord):
    """The books of one ledger type one community keeps in one year."""

    ledger_type = models.ForeignKey(
        LedgerType, on_delete=models.PROTECT, related_name="books", verbose_name=_("台账类型")
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    books = models.PositiveIntegerField(_("本数"), default=1)
    archive_number = models.CharField(_("档号"), max_length=64, null=True, blank=True, unique=True)

    scope_department = "ledger_type__department"

    class Meta:
        verbose_name = _("台账")
        verbose_name_plural = _("台账")
        ordering = ["-year", "ledger_type__code"]

    def __str__(self) -> str:
        return f"{self.community} {self.ledger_type} {self.year}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ledgers:entry_list") + f"?book={self.pk}"


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
    status = models.CharField(
        _("状态"), max_length=16, choices=CatalogStatus.choices, default=CatalogStatus.ACTIVE, db_index=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("报表")
        verbose_name_plural = _("报表目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ledgers:report_form_edit", args=[self.pk])


class FieldDefinition(models.Model):
    """字段定义: the type of one named field of a ledger type or a report form.

    The owner's `fields` list stays the source of names and order (the workbook import only
    knows names); a name without a definition is a text field that is not required.
    """

    ledger_type = models.ForeignKey(
        LedgerType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="definitions",
        verbose_name=_("台账类型"),
    )
    report_form = models.ForeignKey(
        ReportForm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="definitions",
        verbose_name=_("报表"),
    )
    name = models.CharField(_("字段名称"), max_length=100)
    field_type = models.CharField(_("类型"), max_length=16, choices=FieldType.choices, default=FieldType.TEXT)
    required = models.BooleanField(_("必填"), default=False)
    choices = models.JSONField(_("选项"), default=list, blank=True)

    class Meta:
        verbose_name = _("字段定义")
        verbose_name_plural = _("字段定义")
        constraints = [
            models.CheckConstraint(
                name="fielddef_one_owner",
                condition=Q(ledger_type__isnull=False, report_form__isnull=True)
                | Q(ledger_type__isnull=True, report_form__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["ledger_type", "name"],
                name="fielddef_ledger_unique",
                condition=Q(ledger_type__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["report_form", "name"],
                name="fielddef_report_unique",
                condition=Q(report_form__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LedgerEntry(CommunityRecord):
    """电子台账记录: one row of a community's electronic ledger, values keyed by field name.

    ID-number and phone fields (敏感个人信息) hold only their masked form in `values`; the value
    itself is encrypted in `sealed_values` and searched by its keyed hash in `value_hashes`
    (see ledgers/validation.py `personal_values_seal` and audit.personal_data).
    """

    book = models.ForeignKey(
        LedgerBook, on_delete=models.CASCADE, related_name="entries", verbose_name=_("台账")
    )
    entry_date = models.DateField(_("登记日期"), null=True, blank=True, db_index=True)
    values = models.JSONField(_("内容"), default=dict, blank=True)
    sealed_values = models.JSONField(_("个人信息（密文）"), default=dict, blank=True, editable=False)
    value_hashes = models.JSONField(_("个人信息（检索摘要）"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("录入人")
    )

    objects = ScopedQuerySet.as_manager()
    scope_department = "book__ledger_type__department"

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering = ["book", "id"]

    def __str__(self) -> str:
        return f"{self.book} #{self.pk}"


class ReportRegistration(models.Model):
    """报表年度备案: a report form entered in one year's catalog; only these go to communities."""

    report_form = models.ForeignKey(
        ReportForm, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("报表")
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    document_number = models.CharField(_("备案文号"), max_length=100, blank=True, default="")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("备案人")
    )
    registered_at = models.DateTimeField(_("备案时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("报表备案")
        verbose_name_plural = _("报表年度目录")
        ordering = ["-year", "report_form__code"]
        constraints = [
            models.UniqueConstraint(fields=["report_form", "year"], name="report_registration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.report_form}"


class SubmissionStatus(models.TextChoices):
    DUE = "due", _("待报送")
    SUBMITTED = "submitted", _("已报送")
    LATE = "late", _("逾期报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")


class ApprovalLevel(models.TextChoices):
    COMMUNITY = "community", _("社区")
    STREET = "street", _("街道")
    DISTRICT = "district", _("区")


class ReportSubmission(CommunityRecord):
    """报表报送: copies of one report form one community filed on one date.

    Rows from the workbook carry only the contract columns: they count as submitted copies
    awaiting review at the street (the defaults below). As with ledger entries, ID-number and
    phone fields of the 填报内容 (敏感个人信息) hold only their masked form in `values`, the value
    encrypted in `sealed_values` and its keyed hash in `value_hashes`.
    """

    report_form = models.ForeignKey(
        ReportForm, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("报表")
    )
    date = models.DateField(_("报送日期"), db_index=True)
    count = models.PositiveIntegerField(_("份数"), default=1, validators=[MinValueValidator(0)])
    period = models.CharField(_("报告期"), max_length=16, blank=True, default="")
    due_date = models.DateField(_("截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
        db_index=True,
    )
    level = models.CharField(
        _("审核层级"),
        max_length=16,
        choices=ApprovalLevel.choices,
        default=ApprovalLevel.STREET,
        db_index=True,
    )
    values = models.JSONField(_("填报内容"), default=dict, blank=True)
    sealed_values = models.JSONField(_("个人信息（密文）"), default=dict, blank=True, editable=False)
    value_hashes = models.JSONField(_("个人信息（检索摘要）"), default=dict, blank=True, editable=False)
    prefilled = models.JSONField(_("自动填入字段"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    return_reason = models.CharField(_("退回理由"), max_length=500, blank=True, default="")

    scope_department = "report_form__department"

    class Meta:
        verbose_name = _("报表报送")
        verbose_name_plural = _("报表报送")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.community} {self.report_form} {self.date}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ledgers:submission_fill", args=[self.pk])


class CanonicalField(models.Model):
    """一表通字段字典中的标准字段 (canonical field): one piece of data, collected once."""

    class ProfileSource(models.TextChoices):
        NONE = "", _("无")
        NAME = "name", _("社区名称")
        CODE = "code", _("社区编码")
        HOUSEHOLDS = "households", _("户数")
        RESIDENTS = "residents", _("人口")
        STAFF = "staff", _("工作人员数")
        SOCIAL_WORKERS = "social_workers", _("社工数")
        ANNUAL_FUNDS = "annual_funds", _("年度工作经费(元)")

    name = models.CharField(_("标准名称"), max_length=100, unique=True)
    field_type = models.CharField(_("类型"), max_length=16, choices=FieldType.choices, default=FieldType.TEXT)
    synonyms = models.JSONField(_("同义词"), default=list, blank=True)
    profile_source = models.CharField(
        _("社区概况来源"), max_length=32, choices=ProfileSource.choices, blank=True, default=""
    )
    minutes_per_entry = models.DecimalField(
        _("每次录入分钟"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("标准字段")
        verbose_name_plural = _("字段字典")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ledgers:canonical_edit", args=[self.pk])


class SourceKind(models.TextChoices):
    """来源类别: what demands a field (the word before a source's code and name)."""

    LEDGER = "ledger", pgettext_lazy("field source", "台账")
    REPORT = "report", pgettext_lazy("field source", "报表")
    PLATFORM = "platform", pgettext_lazy("field source", "平台")


class FieldMapping(models.Model):
    """字段对照: one field of a ledger type, report form or information platform mapped onto a
    canonical field; suggested automatically, confirmed by the district."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("系统建议")
        CONFIRMED = "confirmed", _("已确认")

    source_kind = models.CharField(_("来源类别"), max_length=16, choices=SourceKind.choices)
    source_id = models.PositiveIntegerField(_("来源"))
    source_label = models.CharField(_("来源名称"), max_length=300, blank=True, default="")
    field_name = models.CharField(_("字段名称"), max_length=100)
    canonical = models.ForeignKey(
        CanonicalField,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mappings",
        verbose_name=_("标准字段"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUGGESTED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("确认人")
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("字段对照")
        verbose_name_plural = _("字段对照")
        ordering = ["source_kind", "source_label", "field_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "field_name"], name="field_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_label} · {self.field_name}"
