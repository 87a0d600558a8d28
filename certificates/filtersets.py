import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedFilterSet
from organisation.models import Community

from .models import (
    CertificateClass,
    CertificateKind,
    CertificateRecord,
    Frequency,
    Outcome,
    SealDocument,
    SealUse,
)


def yes_no_select():
    return forms.Select(choices=[("", "---------"), ("true", _("是")), ("false", _("否"))])


class CertificateKindFilterSet(ScopedFilterSet):
    """证明事项清单: shared by the catalog page and /api/v1/certificate-kinds/."""

    q = django_filters.CharFilter(label=_("名称、编码或单位"), method="search")
    cert_class = django_filters.ChoiceFilter(label=_("类别"), choices=CertificateClass.choices)
    frequency = django_filters.ChoiceFilter(label=_("频度"), choices=Frequency.choices)
    pledge_allowed = django_filters.BooleanFilter(label=_("可实行告知承诺"), widget=yes_no_select())

    class Meta:
        model = CertificateKind
        fields = ["cert_class", "frequency", "pledge_allowed"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(requested_by__icontains=value)
        )


class CertificateRecordFilterSet(ScopedFilterSet):
    """证明出具记录: shared by the records page and /api/v1/certificate-records/."""

    q = django_filters.CharFilter(label=_("编号或申请人"), method="search")
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    kind = django_filters.ModelChoiceFilter(label=_("证明事项"), queryset=CertificateKind.objects.all())
    cert_class = django_filters.ChoiceFilter(
        label=_("类别"), field_name="kind__cert_class", choices=CertificateClass.choices
    )
    outcome = django_filters.ChoiceFilter(label=_("结果"), choices=Outcome.choices)
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")
    revoked = django_filters.BooleanFilter(
        label=_("已作废"),
        field_name="revoked_at",
        lookup_expr="isnull",
        exclude=True,
        widget=yes_no_select(),
    )

    class Meta:
        model = CertificateRecord
        fields = ["community", "kind", "outcome"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(serial__icontains=value) | Q(applicant_name__icontains=value))


class SealUseFilterSet(ScopedFilterSet):
    """用印登记: shared by the register page and /api/v1/seal-uses/."""

    date = django_filters.DateFilter(label=_("日期"))
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    document = django_filters.ChoiceFilter(label=_("用印材料"), choices=SealDocument.choices)

    class Meta:
        model = SealUse
        fields = ["date", "community", "document"]
