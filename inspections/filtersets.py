"""One FilterSet per register, shared by the list page and the API endpoint."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedFilterSet
from organisation.models import Community, Department, Street

from .models import (
    DepartmentRating,
    EmergencyReport,
    Inspection,
    InspectionMerge,
    InspectionTopic,
    Meeting,
    Platform,
    PlatformUsage,
    ResponsibilityPledge,
    Signboard,
    TemporaryTask,
    TopicFamily,
)


class RecordFilterSet(ScopedFilterSet):
    """Filters every community record has: community, department, a date range."""

    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    department = django_filters.ModelChoiceFilter(label=_("部门"), queryset=Department.objects.all())
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")


class InspectionFilterSet(RecordFilterSet):
    q = django_filters.CharFilter(label=_("检查事项"), field_name="topic", lookup_expr="icontains")
    family = django_filters.ChoiceFilter(label=_("大类"), choices=TopicFamily.choices, method="by_family")

    class Meta:
        model = Inspection
        fields = ["community", "department", "kind", "status", "veto", "result"]

    def by_family(self, queryset, name, value):
        return queryset.filter(topic__in=InspectionTopic.objects.filter(family=value).values("name"))


class InspectionTopicFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或编码"), method="search")

    class Meta:
        model = InspectionTopic
        fields = ["family", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class InspectionMergeFilterSet(ScopedFilterSet):
    street = django_filters.ModelChoiceFilter(label=_("街道"), queryset=Street.objects.all())
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")

    class Meta:
        model = InspectionMerge
        fields = ["street"]


class MeetingFilterSet(RecordFilterSet):
    class Meta:
        model = Meeting
        fields = ["community", "department", "purpose"]


class TemporaryTaskFilterSet(RecordFilterSet):
    class Meta:
        model = TemporaryTask
        fields = ["community", "department", "kind"]


class SignboardFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    department = django_filters.ModelChoiceFilter(label=_("部门"), queryset=Department.objects.all())
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="icontains")
    as_of = django_filters.DateFilter(label=_("在挂日期"), method="hanging_on")

    class Meta:
        model = Signboard
        fields = ["community", "department", "kind"]

    def hanging_on(self, queryset, name, value):
        """Counted as of a date: hung on or before it (or undated) and not removed by then."""
        return queryset.filter(Q(hung_on__isnull=True) | Q(hung_on__lte=value)).filter(
            Q(removed_on__isnull=True) | Q(removed_on__gt=value)
        )


class PlatformFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或编码"), method="search")

    class Meta:
        model = Platform
        fields = ["department", "level", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class PlatformUsageFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    platform = django_filters.ModelChoiceFilter(label=_("平台"), queryset=Platform.objects.all())
    kind = django_filters.ChoiceFilter(
        label=_("类型"), field_name="platform__kind", choices=Platform.Kind.choices
    )

    class Meta:
        model = PlatformUsage
        fields = ["community", "platform", "year"]


class PledgeFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    department = django_filters.ModelChoiceFilter(label=_("部门"), queryset=Department.objects.all())

    class Meta:
        model = ResponsibilityPledge
        fields = ["community", "department", "year", "family", "veto"]


class EmergencyReportFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    department = django_filters.ModelChoiceFilter(label=_("部门"), queryset=Department.objects.all())
    # a calendar year: a whole number a date can have (year=0 would crash the date lookup)
    year = django_filters.NumberFilter(
        label=_("年度"),
        field_name="incident_at",
        lookup_expr="year",
        min_value=1,
        max_value=9999,
        decimal_places=0,
    )

    class Meta:
        model = EmergencyReport
        fields = ["community", "department", "status", "late"]


class DepartmentRatingFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    department = django_filters.ModelChoiceFilter(label=_("部门"), queryset=Department.objects.all())

    class Meta:
        model = DepartmentRating
        fields = ["community", "department", "year", "scale"]
