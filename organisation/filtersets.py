import django_filters
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedFilterSet

from .models import Community, Department, Street


class CommunityFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或编码"), method="search")
    street = django_filters.ModelChoiceFilter(label=_("街道"), queryset=Street.objects.all())

    class Meta:
        model = Community
        fields = ["street"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class DepartmentFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或编码"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Department
        fields = ["level", "kind"]
