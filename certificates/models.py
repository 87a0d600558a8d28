"""Certificates and stamps (证明盖章): the A/B/C catalog, what the counter handled, the serial
counters and the seal register (用印登记)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import Community, CommunityRecord
from organisation.scoping import ScopedQuerySet


class CertificateClass(models.TextChoices):
    A = "A", _("应由社区出具")
    B = "B", _("凭依据可出具")
    C = "C", _("不应由社区出具")


class Frequency(models.TextChoices):
    FREQUENT = "frequent", _("经常")
    GENERAL = "general", _("一般")
    OCCASIONAL = "occasional", _("偶尔")


class CertificateKind(models.Model):
    """证明事项清单中的一种证明: who asks residents for it and whether a community may issue it.

    A published catalog: every member reads it; the district office (区减负办) edits it.
    """

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    requested_by = models.CharField(_("要求出具单位"), max_length=200)
    cert_class = models.CharField(_("类别"), max_length=1, choices=CertificateClass.choices)
    frequency = models.CharField(_("频度"), max_length=16, choices=Frequency.choices)
    responsible_authority = models.CharField(_("应出具机关"), max_length=200, blank=True)
    required_evidence = models.TextField(
        _("所需依据材料"), blank=True, default="", help_text=_("每行一项；凭依据可出具（B 类）的证明必填")
    )
    policy_basis = models.CharField(_("政策依据"), max_length=300, blank=True, default="")
    pledge_allowed = models.BooleanField(_("可实行告知承诺"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("证明事项")
        verbose_name_plural = _("证明事项清单")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="class_c_names_authority",
                condition=~models.Q(cert_class="C") | ~models.Q(responsible_authority=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("certificates:kind_detail", args=[self.pk])

    @property
    def evidence_items(self) -> list[str]:
        """The required evidence, one item per line (blank lines dropped)."""
        return [line.strip() for line in self.required_evidence.splitlines() if line.strip()]


class Outcome(models.TextChoices):
    ISSUED = "issued", _("出具")
    REFUSED = "refused", _("不予出具")
    REDIRECTED = "redirected", _("告知转办")
    PLEDGED = "pledged", _("告知承诺")


class CertificateRecord(CommunityRecord):
    """证明出具: what the counter did with requests for one kind on one date.

    Rows imported from the workbook carry only the contract columns (community, kind, date,
    outcome, count); rows from the counter are one request each (count 1) with the applicant,
    the serial and the verification code. The applicant's ID number is stored encrypted
    (`applicant_id_number` holds the Fernet token, see audit.personal_data), searched by its
    keyed hash (`applicant_id_hash`) and shown masked (`applicant_id_masked`); only
    `services.certificate_applicant_id_reveal` decrypts it, audited.
    """

    kind = models.ForeignKey(
        CertificateKind, on_delete=models.PROTECT, related_name="records", verbose_name=_("证明事项")
    )
    date = models.DateField(_("日期"), db_index=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices)
    count = models.PositiveIntegerField(_("数量"), default=1)

    serial = models.CharField(_("证明编号"), max_length=40, unique=True, null=True, blank=True)
    applicant_name = models.CharField(_("申请人"), max_length=100, blank=True, default="")
    applicant_id_number = models.CharField(
        _("公民身份号码（密文）"), max_length=255, blank=True, default="", editable=False
    )
    applicant_id_hash = models.CharField(
        _("公民身份号码（检索摘要）"), max_length=64, blank=True, default="", db_index=True, editable=False
    )
    applicant_id_masked = models.CharField(_("公民身份号码（脱敏）"), max_length=18, blank=True, default="")
    evidence_seen = models.JSONField(_("已查验依据"), default=list, blank=True)
    content = models.TextField(_("证明内容"), blank=True, default="")
    refusal_reason = models.TextField(_("不予出具理由"), blank=True, default="")
    verification_code = models.CharField(_("核验码"), max_length=32, unique=True, null=True, blank=True)
    issued_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经办人"),
    )
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("作废理由"), blank=True, default="")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作废人"),
    )

    class Meta:
        verbose_name = _("证明出具记录")
        verbose_name_plural = _("证明出具记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self) -> str:
        return f"{self.serial or self.community} {self.kind} {self.date} {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("certificates:record_detail", args=[self.pk])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def status_label(self) -> str:
        if self.outcome != Outcome.ISSUED or not self.serial:
            return ""  # notices, and workbook rows that only count certificates
        return str(_("已作废")) if self.is_revoked else str(_("有效"))


class SerialCounter(models.Model):
    """证明编号计数器: one row per community and year, locked while a serial is taken.

    Taking the next number and writing the certificate happen in one transaction, so a failed
    issuance rolls the counter back: the serials stay gap-free.
    """

    community = models.ForeignKey(Community, on_delete=models.PROTECT, verbose_name=_("社区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    last_number = models.PositiveIntegerField(_("已用编号"), default=0)

    class Meta:
        verbose_name = _("证明编号计数器")
        verbose_name_plural = _("证明编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="serial_counter_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}: {self.last_number}"


class SealDocument(models.TextChoices):
    CERTIFICATE = "certificate", _("证明")
    REDIRECT_NOTICE = "redirect_notice", _("告知书")
    REFUSAL_NOTICE = "refusal_notice", _("不予出具告知书")
    PLEDGE = "pledge", _("告知承诺书")
    OTHER = "other", _("其他材料")


class SealUseQuerySet(ScopedQuerySet):
    def update(self, **kwargs):  # the register is append-only
        raise ValidationError(_("用印登记只可追加，不可修改。"))

    def delete(self):
        raise ValidationError(_("用印登记只可追加，不可删除。"))


class SealUse(models.Model):
    """用印登记: one use of the community's seal, tied to its audit record. Append-only."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, verbose_name=_("社区"))
    used_at = models.DateTimeField(_("用印时间"), db_index=True)
    date = models.DateField(_("日期"), db_index=True)
    document = models.CharField(_("用印材料"), max_length=20, choices=SealDocument.choices)
    title = models.CharField(_("材料名称"), max_length=200)
    requested_by = models.CharField(_("要求出具单位"), max_length=200, blank=True, default="")
    serial = models.CharField(_("编号"), max_length=40, blank=True, default="")
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    record = models.ForeignKey(
        CertificateRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seal_uses",
        verbose_name=_("证明出具记录"),
    )
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    audit = models.OneToOneField(
        "audit.AuditRecord", on_delete=models.PROTECT, related_name="+", verbose_name=_("审计记录")
    )
    note = models.CharField(_("备注"), max_length=300, blank=True, default="")

    objects = SealUseQuerySet.as_manager()
    scope_community = "community"

    class Meta:
        verbose_name = _("用印登记")
        verbose_name_plural = _("用印登记")
        ordering = ["-used_at", "-id"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.community} {self.title} {self.serial}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("用印登记只可追加，不可修改。"))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.record.get_absolute_url() if self.record_id else ""

    def delete(self, *args, **kwargs):
        raise ValidationError(_("用印登记只可追加，不可删除。"))
