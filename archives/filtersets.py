import django_filters
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedFilterSet
from ledgers.models import LedgerBook
from organisation.models import Community

from .models import BatchStatus, DisposalBatch, DisposalRecord, RecordKind


class DueFilterSet(ScopedFilterSet):
    """到期待销毁: shared by the due page and /api/v1/disposal-due/.

    `kind` picks the register the list reads (the view and the viewset read it from the query);
    here it only validates and keeps the value in the form.
    """

    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=RecordKind.choices, method="by_kind", empty_label=None
    )
    community = django_filters.ModelChoiceFilter(
        label=_("社区"), field_name="community", queryset=Community.objects.all()
    )
    year = django_filters.NumberFilter(label=_("年度"), method="by_year", min_value=1900, max_value=2100)

    def by_kind(self, queryset, name, value):
        return queryset

    def by_year(self, queryset, name, value):
        if queryset.model is LedgerBook:
            return queryset.filter(year=value)
        return queryset.filter(date__year=value)


class DisposalBatchFilterSet(ScopedFilterSet):
    """销毁清册: shared by the batch page and /api/v1/disposal-batches/."""

    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=BatchStatus.choices)

    class Meta:
        model = DisposalBatch
        fields = ["community", "status"]


class DisposalRecordFilterSet(ScopedFilterSet):
    """档案销毁登记: shared by the register page and /api/v1/disposal-records/."""

    kind = django_filters.ChoiceFilter(label=_("类别"), choices=RecordKind.choices)
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    year = django_filters.NumberFilter(label=_("年度"), min_value=1900, max_value=2100)
    status = django_filters.ChoiceFilter(
        label=_("状态"), field_name="batch__status", choices=BatchStatus.choices
    )

    class Meta:
        model = DisposalRecord
        fields = ["kind", "community", "year"]
