"""Reads of the inspection registers, always starting from `visible_to(user)`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery, Sum

from organisation.models import Community, Department
from organisation.scoping import scope_for

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

ONE_DECIMAL = Decimal("0.1")


def _one_decimal(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _topic_family():
    """The topic's family from the catalog, matched by name (empty when the catalog lacks it)."""
    return Subquery(InspectionTopic.objects.filter(name=OuterRef("topic")).values("family")[:1])


def inspection_list(*, user) -> QuerySet[Inspection]:
    return (
        Inspection.objects.visible_to(user)
        .select_related("community", "department", "merge")
        .annotate(family=_topic_family())
    )


def inspection_topic_list(*, user) -> QuerySet[InspectionTopic]:
    """The topic catalog is published: every member reads it."""
    return InspectionTopic.objects.visible_to(user).select_related("department")


def inspection_merge_list(*, user) -> QuerySet[InspectionMerge]:
    return (
        InspectionMerge.objects.visible_to(user)
        .select_related("street", "created_by")
        .annotate(inspection_count=Count("inspections"))
        .order_by("-date", "-id")
    )


def meeting_list(*, user) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related("community", "department")


def temporary_task_list(*, user) -> QuerySet[TemporaryTask]:
    return TemporaryTask.objects.visible_to(user).select_related("community", "department")


def signboard_list(*, user) -> QuerySet[Signboard]:
    return Signboard.objects.visible_to(user).select_related("community", "department")


def platform_list(*, user) -> QuerySet[Platform]:
    return Platform.objects.visible_to(user).select_related("department")


def platform_usage_list(*, user) -> QuerySet[PlatformUsage]:
    return PlatformUsage.objects.visible_to(user).select_related(
        "community", "platform", "platform__department"
    )


def pledge_list(*, user) -> QuerySet[ResponsibilityPledge]:
    return ResponsibilityPledge.objects.visible_to(user).select_related("community", "department")


def emergency_report_list(*, user) -> QuerySet[EmergencyReport]:
    return EmergencyReport.objects.visible_to(user).select_related("community", "department")


def department_rating_list(*, user) -> QuerySet[DepartmentRating]:
    """民主评议, row by row: for the rating community and its street and district supervisors.

    A rated department reads no rows (which community gave what score and comment): knowing
    it would discourage honest ratings. It reads its aggregate (department_rating_summary)."""
    if scope_for(user).is_department:
        return DepartmentRating.objects.none()
    return DepartmentRating.objects.visible_to(user).select_related("community", "department")


# A rated department reads its average only once this many communities rated it: with fewer,
# the average would tell it what the one or two communities it works with gave.
MIN_RATINGS_FOR_DEPARTMENT = 3


def department_rating_summary(*, user, year: int) -> dict[int, dict]:
    """民主评议 per department: department id → {"average": Decimal | None, "ratings": int}.

    The average is on the 100-point scale (five-point scores count ×20), one decimal,
    half-up, over the ratings of `year` the user may see. A department reading its own
    result gets None for the average while fewer than MIN_RATINGS_FOR_DEPARTMENT communities
    rated it (the count is still given).
    """
    minimum = MIN_RATINGS_FOR_DEPARTMENT if scope_for(user).is_department else 1
    rows = (
        DepartmentRating.objects.visible_to(user)
        .filter(year=year)
        .order_by()
        .values("department")
        .annotate(average=Avg("score_100"), ratings=Count("id"))
    )
    return {
        row["department"]: {
            "average": _one_decimal(row["average"]) if row["ratings"] >= minimum else None,
            "ratings": row["ratings"],
        }
        for row in rows
    }


def department_rating_table(*, user, year: int) -> list[dict]:
    """The aggregated 民主评议 per department, best average first (departments only, never people);
    an average withheld from a department (None) comes last."""
    summary = department_rating_summary(user=user, year=year)
    departments = Department.objects.in_bulk(list(summary))
    rows = [{"department": departments[pk], **values} for pk, values in summary.items()]
    rows.sort(key=lambda r: (r["average"] is None, -(r["average"] or 0), r["department"].code))
    return rows


def emergency_report_summary(*, user, year: int) -> dict[str, int]:
    """信息报送 counts of the year: reported, on time, late (over one hour), missing, concealed."""
    reports = EmergencyReport.objects.visible_to(user).filter(incident_at__year=year)
    status = EmergencyReport.Status
    totals = reports.aggregate(
        total=Count("id"),
        reported=Count("id", filter=Q(status=status.REPORTED)),
        late=Count("id", filter=Q(status=status.REPORTED, late=True)),
        missing=Count("id", filter=Q(status=status.MISSING)),
        concealed=Count("id", filter=Q(status=status.CONCEALED)),
    )
    totals["on_time"] = totals["reported"] - totals["late"]
    return totals


def platform_usage_totals(*, user, year: int) -> dict:
    """Hours on platforms in the year the user may see."""
    totals = PlatformUsage.objects.visible_to(user).filter(year=year).aggregate(hours=Sum("hours"))
    return {"hours": _one_decimal(totals["hours"])}


# --- the street calendar and its merge proposals (合并检查) -----------------------------------


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class MergeProposal:
    """Planned inspections of one street, week and topic family: one joint visit would do."""

    street: object
    week: datetime.date
    family: str
    family_label: str
    inspections: list = field(default_factory=list)

    @property
    def suggested_date(self) -> datetime.date:
        return max(i.date for i in self.inspections)


@dataclass
class CalendarWeek:
    start: datetime.date
    communities: dict = field(default_factory=dict)  # community → [inspection]


def inspection_calendar(*, user, start: datetime.date, weeks: int = 4) -> dict:
    """The street calendar: planned inspections per week and community, and merge proposals.

    Proposals group the planned, not yet merged inspections of one street, one ISO week and one
    topic family (a topic missing from the catalog is its own family).
    """
    first = week_start(start)
    end = first + datetime.timedelta(weeks=weeks)
    planned = list(
        inspection_list(user=user)
        .filter(status=Inspection.Status.PLANNED, date__gte=first, date__lt=end)
        .select_related("community__street")
        .order_by("date", "community__code", "id")
    )
    calendar = [CalendarWeek(first + datetime.timedelta(weeks=n)) for n in range(weeks)]
    groups: dict[tuple, MergeProposal] = {}
    labels = dict(TopicFamily.choices)
    for inspection in planned:
        week = week_start(inspection.date)
        calendar[(week - first).days // 7].communities.setdefault(inspection.community, []).append(inspection)
        if inspection.merge_id:
            continue
        family = inspection.family or f"topic:{inspection.topic}"
        key = (inspection.community.street_id, week, family)
        if key not in groups:
            label = labels.get(inspection.family) or inspection.topic
            groups[key] = MergeProposal(inspection.community.street, week, family, str(label))
        groups[key].inspections.append(inspection)
    proposals = [p for p in groups.values() if len(p.inspections) > 1]
    return {"start": first, "end": end, "weeks": calendar, "proposals": proposals}


def visible_communities(*, user) -> QuerySet[Community]:
    return Community.objects.visible_to(user)
