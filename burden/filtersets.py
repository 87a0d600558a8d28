"""The drill-down record lists behind every dashboard chart: one FilterSet per record kind,
all built on the same filters (community, department, year, month, date range)."""

from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certificates.models import CertificateClass, CertificateRecord, Outcome
from communityops.forms import ScopedFilterSet
from inspections.models import Inspection, Meeting, PlatformUsage, Signboard, TemporaryTask
from ledgers.models import LedgerBook, ReportSubmission
from organisation.models import Community, Department
from tasks.models import TaskAssignment, WorkLog

MONTH_LABELS = (
    _("1月"),
    _("2月"),
    _("3月"),
    _("4月"),
    _("5月"),
    _("6月"),
    _("7月"),
    _("8月"),
    _("9月"),
    _("10月"),
    _("11月"),
    _("12月"),
)
MONTHS = list(enumerate(MONTH_LABELS, start=1))
YES_NO = [("yes", _("是")), ("no", _("否"))]
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years the registers hold (the report's own bounds)
YEAR_MESSAGE = _("年度应在2000至2100之间。")


def within_years(value: date) -> None:
    """A date the lists can filter on: in the years 2000–2100 (a week near 9999 would overflow)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(_("日期应在2000年至2100年之间。"), code="out_of_range")


class BurdenRecordFilterSet(ScopedFilterSet):
    """Shared filters; subclasses set the model and say where its date and department live."""

    date_field = "date"
    year_field = ""
    department_path = "department"

    community = django_filters.ModelChoiceFilter(label=_("社区"), queryset=Community.objects.all())
    department = django_filters.ModelChoiceFilter(
        label=_("部门"), queryset=Department.objects.all(), method="by_department"
    )
    year = django_filters.NumberFilter(
        label=_("年度"),
        method="by_year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        decimal_places=0,
        error_messages={"min_value": YEAR_MESSAGE, "max_value": YEAR_MESSAGE},
    )
    # a blank first choice: the filter form sent as it stands must not pick January
    month = django_filters.TypedChoiceFilter(
        label=_("月份"), choices=[("", "---------"), *MONTHS], coerce=int, empty_value=None, method="by_month"
    )
    week = django_filters.DateFilter(label=_("周（起始日）"), method="by_week", validators=[within_years])

    def by_department(self, queryset, name, value):
        return queryset.filter(**{self.department_path: value}) if self.department_path else queryset.none()

    def by_year(self, queryset, name, value):
        field = self.year_field or f"{self.date_field}__year"
        return queryset.filter(**{field: int(value)})

    def by_month(self, queryset, name, value):
        if not self.date_field:
            return queryset
        return queryset.filter(**{f"{self.date_field}__month": value})

    def by_week(self, queryset, name, value):
        if not self.date_field:
            return queryset
        start = value - timedelta(days=value.weekday())
        return queryset.filter(**{f"{self.date_field}__range": (start, start + timedelta(days=6))})


class ApprovedMixin(django_filters.FilterSet):
    approved = django_filters.TypedChoiceFilter(
        label=_("经过准入"), choices=YES_NO, coerce=lambda v: v == "yes", field_name="approved"
    )


class AssignmentFilterSet(ApprovedMixin, BurdenRecordFilterSet):
    date_field = "assigned_on"
    department_path = "task_item__department"

    class Meta:
        model = TaskAssignment
        fields = ["community"]


class WorkLogFilterSet(ApprovedMixin, BurdenRecordFilterSet):
    class Meta:
        model = WorkLog
        fields = ["community", "category"]


class InspectionFilterSet(BurdenRecordFilterSet):
    class Meta:
        model = Inspection
        fields = ["community", "kind", "veto"]


class MeetingFilterSet(BurdenRecordFilterSet):
    class Meta:
        model = Meeting
        fields = ["community", "purpose"]


class TemporaryFilterSet(BurdenRecordFilterSet):
    class Meta:
        model = TemporaryTask
        fields = ["community", "kind"]


class ReportFilterSet(BurdenRecordFilterSet):
    department_path = "report_form__department"

    class Meta:
        model = ReportSubmission
        fields = ["community"]


class LedgerFilterSet(BurdenRecordFilterSet):
    date_field = ""
    year_field = "year"
    department_path = "ledger_type__department"

    class Meta:
        model = LedgerBook
        fields = ["community"]


class PlatformUsageFilterSet(BurdenRecordFilterSet):
    date_field = ""
    year_field = "year"
    department_path = "platform__department"

    class Meta:
        model = PlatformUsage
        fields = ["community"]


class CertificateFilterSet(BurdenRecordFilterSet):
    department_path = ""
    cert_class = django_filters.ChoiceFilter(
        label=_("类别"), choices=CertificateClass.choices, field_name="kind__cert_class"
    )
    outcome = django_filters.ChoiceFilter(label=_("结果"), choices=Outcome.choices)

    class Meta:
        model = CertificateRecord
        fields = ["community"]


class SignboardFilterSet(BurdenRecordFilterSet):
    """Boards standing at the end of the chosen year (or today)."""

    date_field = ""

    def by_year(self, queryset, name, value):
        from .calculations import signboards_standing

        return signboards_standing(queryset, date(int(value), 12, 31))

    class Meta:
        model = Signboard
        fields = ["community", "kind"]
