"""One FilterSet per list, shared by the page and the API endpoint."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedFilterSet
from organisation.models import Community, Department

from .models import (
    ApprovalLevel,
    ArchiveClass,
    CanonicalField,
    CatalogStatus,
    FieldMapping,
    FieldType,
    LedgerBook,
    LedgerEntry,
    LedgerType,
    ReportForm,
    ReportFrequency,
    ReportSubmission,
    Retention,
    SourceKind,
    SubmissionStatus,
)


def _code_or_name(queryset, name, value):
    return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class LedgerTypeFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或编码"), method=_code_or_name)
    department = django_filters.ModelChoiceFilter(label=_("责任部门"), queryset=Department.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CatalogStatus.choices)
    retention = django_filters.ChoiceFilter(label=_("保管期限"), choices=Retention.choices)
    archive_class = django_filters.ChoiceFilter(label=_("档案类别"), choices=ArchiveClass.choices)

    class Meta:
        model = LedgerType
        fields = ["department", "status", "retention", "archive_class"]


class LedgerBookFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    ledger_type = django_filters.ModelChoiceFilter(label=_("台账类型"), queryset=LedgerType.objects.all())
    year = django_filters.NumberFilter(label=_("年度"))
    archive_number = django_filters.CharFilter(label=_("档号"), lookup_expr="icontains")

    class Meta:
        model = LedgerBook
        fields = ["community", "ledger_type", "year"]


class LedgerEntryFilterSet(ScopedFilterSet):
    book = django_filters.ModelChoiceFilter(
        label=_("台账"), queryset=LedgerBook.objects.select_related("community", "ledger_type")
    )
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    year = django_filters.NumberFilter(label=_("年度"), field_name="book__year")
    q = django_filters.CharFilter(label=_("内容包含"), field_name="values", lookup_expr="icontains")
    entry_date_after = django_filters.DateFilter(
        label=_("登记日期起"), field_name="entry_date", lookup_expr="gte"
    )
    entry_date_before = django_filters.DateFilter(
        label=_("登记日期止"), field_name="entry_date", lookup_expr="lte"
    )

    class Meta:
        model = LedgerEntry
        fields = ["book", "community"]


class ReportFormFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或编码"), method=_code_or_name)
    department = django_filters.ModelChoiceFilter(label=_("责任部门"), queryset=Department.objects.all())
    frequency = django_filters.ChoiceFilter(label=_("频次"), choices=ReportFrequency.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CatalogStatus.choices)
    registered_year = django_filters.NumberFilter(label=_("列入年度目录"), field_name="registrations__year")

    class Meta:
        model = ReportForm
        fields = ["department", "frequency", "status"]


class ReportSubmissionFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    report_form = django_filters.ModelChoiceFilter(label=_("报表"), queryset=ReportForm.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=SubmissionStatus.choices)
    level = django_filters.ChoiceFilter(label=_("审核层级"), choices=ApprovalLevel.choices)
    period = django_filters.CharFilter(label=_("报告期"), lookup_expr="iexact")
    date_after = django_filters.DateFilter(label=_("报送日期起"), field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label=_("报送日期止"), field_name="date", lookup_expr="lte")

    class Meta:
        model = ReportSubmission
        fields = ["community", "report_form", "status", "level"]


class CanonicalFieldFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或同义词"), method="search")
    field_type = django_filters.ChoiceFilter(label=_("类型"), choices=FieldType.choices)

    class Meta:
        model = CanonicalField
        fields = ["field_type"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(synonyms__icontains=value))


class FieldMappingFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("字段或来源"), method="search")
    source_kind = django_filters.ChoiceFilter(label=_("来源类别"), choices=SourceKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=FieldMapping.Status.choices)
    canonical = django_filters.ModelChoiceFilter(label=_("标准字段"), queryset=CanonicalField.objects.all())
    unmapped = django_filters.BooleanFilter(label=_("未对照"), field_name="canonical", lookup_expr="isnull")

    class Meta:
        model = FieldMapping
        fields = ["source_kind", "status", "canonical"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(field_name__icontains=value) | Q(source_label__icontains=value))
