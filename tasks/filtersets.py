"""One FilterSet per list, shared by the HTML page and the API endpoint."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communityops.forms import ScopedFilterSet
from organisation.models import Community, Department

from .models import (
    AccessRequest,
    CatalogVersion,
    ListClass,
    Nature,
    Notification,
    TaskAssignment,
    TaskItem,
    WorkCategory,
    WorkLog,
)


class TaskItemFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称、编码或依据"), method="search")
    department = django_filters.ModelChoiceFilter(label=_("责任部门"), queryset=Department.objects.all())
    list_class = django_filters.ChoiceFilter(label=_("清单类别"), choices=ListClass.choices)
    nature = django_filters.ChoiceFilter(label=_("性质"), choices=Nature.choices)

    class Meta:
        model = TaskItem
        fields = ["department", "list_class", "nature", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(legal_basis__icontains=value)
        )


class CatalogVersionFilterSet(ScopedFilterSet):
    on = django_filters.DateFilter(label=_("有效于"), method="valid_on")

    class Meta:
        model = CatalogVersion
        fields: list[str] = []

    def valid_on(self, queryset, name, value):
        return queryset.filter(valid_from__lte=value).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=value)
        )


class AccessRequestFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("事项名称"), field_name="title", lookup_expr="icontains")
    department = django_filters.ModelChoiceFilter(label=_("申请部门"), queryset=Department.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AccessRequest.Status.choices)
    list_class = django_filters.ChoiceFilter(label=_("清单类别"), choices=ListClass.choices)
    community = django_filters.ModelChoiceFilter(
        label=_("目标社区"), queryset=Community.objects.all(), field_name="target_communities", distinct=True
    )
    submitted_after = django_filters.DateFilter(
        label=_("提交日期起"), field_name="submitted_at", lookup_expr="date__gte"
    )
    submitted_before = django_filters.DateFilter(
        label=_("提交日期止"), field_name="submitted_at", lookup_expr="date__lte"
    )
    overdue = django_filters.BooleanFilter(label=_("审核超期"), method="filter_overdue")

    class Meta:
        model = AccessRequest
        fields = ["department", "status", "list_class"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        late = Q(status=AccessRequest.Status.SUBMITTED, review_due__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class AssignmentFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    department = django_filters.ModelChoiceFilter(
        label=_("部门"), queryset=Department.objects.all(), field_name="task_item__department"
    )
    list_class = django_filters.ChoiceFilter(
        label=_("清单类别"), choices=ListClass.choices, field_name="task_item__list_class"
    )
    approved = django_filters.BooleanFilter(label=_("经过准入"))
    assigned_after = django_filters.DateFilter(
        label=_("下达日期起"), field_name="assigned_on", lookup_expr="gte"
    )
    assigned_before = django_filters.DateFilter(
        label=_("下达日期止"), field_name="assigned_on", lookup_expr="lte"
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=(("due", _("待办")), ("overdue", _("已逾期")), ("done", _("已办结"))),
        method="filter_status",
    )

    class Meta:
        model = TaskAssignment
        fields = ["community", "approved", "access_request"]

    def filter_status(self, queryset, name, value):
        from .selectors import inbox_filter

        return inbox_filter(queryset, value)


class WorkLogFilterSet(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    department = django_filters.ModelChoiceFilter(label=_("派出部门"), queryset=Department.objects.all())
    category = django_filters.ChoiceFilter(label=_("类别"), choices=WorkCategory.choices)
    approved = django_filters.BooleanFilter(label=_("经过准入"))
    date_after = django_filters.DateFilter(label=_("日期起"), field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label=_("日期止"), field_name="date", lookup_expr="lte")
    list_class = django_filters.ChoiceFilter(
        label=_("清单类别"), choices=ListClass.choices, field_name="task_item__list_class"
    )

    class Meta:
        model = WorkLog
        fields = ["community", "department", "category", "approved"]


class NotificationFilterSet(ScopedFilterSet):
    unread = django_filters.BooleanFilter(label=_("未读"), field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["access_request"]
