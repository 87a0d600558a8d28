"""Certificates and stamps (证明盖章): the A/B/C catalog and what the counter handled."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import CommunityRecord


class CertificateClass(models.TextChoices):
    A = "A", _("应由社区出具")
    B = "B", _("凭依据可出具")
    C = "C", _("不应由社区出具")


class Frequency(models.TextChoices):
    FREQUENT = "frequent", _("经常")
    GENERAL = "general", _("一般")
    OCCASIONAL = "occasional", _("偶尔")


class CertificateKind(models.Model):
    """证明事项清单中的一种证明: who asks residents for it and whether a community may issue it."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    requested_by = models.CharField(_("要求出具单位"), max_length=200)
    cert_class = models.CharField(_("类别"), max_length=1, choices=CertificateClass.choices)
    frequency = models.CharField(_("频度"), max_length=16, choices=Frequency.choices)
    responsible_authority = models.CharField(_("应出具机关"), max_length=200, blank=True)

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


class Outcome(models.TextChoices):
    ISSUED = "issued", _("出具")
    REFUSED = "refused", _("不予出具")
    REDIRECTED = "redirected", _("告知转办")
    PLEDGED = "pledged", _("告知承诺")


class CertificateRecord(CommunityRecord):
    """证明出具: what the counter did with requests for one kind on one date."""

    kind = models.ForeignKey(
        CertificateKind, on_delete=models.PROTECT, related_name="records", verbose_name=_("证明事项")
    )
    date = models.DateField(_("日期"), db_index=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices)
    count = models.PositiveIntegerField(_("数量"), default=1)

    class Meta:
        verbose_name = _("证明出具记录")
        verbose_name_plural = _("证明出具记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self) -> str:
        return f"{self.community} {self.kind} {self.date} {self.get_outcome_display()}"
