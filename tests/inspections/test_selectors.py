"""Selectors: the merge proposals, 民主评议 aggregation, 信息报送 counts, the scoping matrix."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from inspections import selectors
from inspections.models import (
    DepartmentRating,
    EmergencyReport,
    Inspection,
    Meeting,
    PlatformUsage,
    ResponsibilityPledge,
    Signboard,
    TemporaryTask,
)

from .factories import (
    DepartmentRatingFactory,
    EmergencyReportFactory,
    InspectionTopicFactory,
    PlannedInspectionFactory,
)

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2031, 3, 3)  # a Monday, far enough ahead to be "upcoming"


def test_proposals_group_street_week_and_family(world):
    InspectionTopicFactory(name="消防安全检查", family="safety")
    InspectionTopicFactory(name="食品安全检查", family="safety")
    InspectionTopicFactory(name="基层党建考核", family="party")
    fire = PlannedInspectionFactory(community=world.community, topic="消防安全检查", date=MONDAY)
    food = PlannedInspectionFactory(
        community=world.sibling, topic="食品安全检查", date=MONDAY + datetime.timedelta(days=4)
    )
    # Not proposed: another family, the next week, another street, already done.
    PlannedInspectionFactory(community=world.community, topic="基层党建考核", date=MONDAY)
    PlannedInspectionFactory(
        community=world.community, topic="消防安全检查", date=MONDAY + datetime.timedelta(days=7)
    )
    PlannedInspectionFactory(community=world.other_community, topic="消防安全检查", date=MONDAY)
    PlannedInspectionFactory(
        community=world.community, topic="食品安全检查", date=MONDAY, status=Inspection.Status.DONE
    )

    calendar = selectors.inspection_calendar(user=world.users["district_admin"], start=MONDAY, weeks=2)
    assert len(calendar["proposals"]) == 1
    proposal = calendar["proposals"][0]
    assert {i.pk for i in proposal.inspections} == {fire.pk, food.pk}
    assert proposal.family_label == "安全生产与防灾减灾"
    assert proposal.week == MONDAY
    assert proposal.suggested_date == food.date
    assert sum(len(items) for items in calendar["weeks"][0].communities.values()) == 4


def test_uncatalogued_topics_group_by_their_own_name(world):
    a = PlannedInspectionFactory(community=world.community, topic="迎检材料抽查", date=MONDAY)
    b = PlannedInspectionFactory(
        community=world.sibling, topic="迎检材料抽查", date=MONDAY + datetime.timedelta(days=1)
    )
    PlannedInspectionFactory(community=world.sibling, topic="另一项", date=MONDAY)
    proposals = selectors.inspection_calendar(user=world.users["street_supervisor"], start=MONDAY)[
        "proposals"
    ]
    assert [{i.pk for i in p.inspections} for p in proposals] == [{a.pk, b.pk}]
    assert proposals[0].family_label == "迎检材料抽查"


def test_calendar_is_scoped_and_merged_inspections_are_not_proposed_again(world):
    a = PlannedInspectionFactory(community=world.community, date=MONDAY)
    PlannedInspectionFactory(community=world.sibling, date=MONDAY)
    calendar = selectors.inspection_calendar(user=world.users["community_staff"], start=MONDAY)
    assert calendar["proposals"] == []  # a community sees only its own inspection
    assert [i.pk for items in calendar["weeks"][0].communities.values() for i in items] == [a.pk]


def test_department_rating_summary(world):
    year = 2025
    DepartmentRatingFactory(
        community=world.community,
        department=world.department,
        year=year,
        score=Decimal(4),
        scale="five",
        score_100=Decimal(80),
    )
    DepartmentRatingFactory(
        community=world.sibling, department=world.department, year=year, score=Decimal("65.5")
    )
    DepartmentRatingFactory(
        community=world.other_community, department=world.department, year=year, score=Decimal(50)
    )
    DepartmentRatingFactory(
        community=world.community, department=world.other_department, year=year, score=Decimal(91)
    )
    DepartmentRatingFactory(
        community=world.community, department=world.department, year=year - 1, score=Decimal(10)
    )

    street = selectors.department_rating_summary(user=world.users["street_supervisor"], year=year)
    assert street == {
        world.department.pk: {"average": Decimal("72.8"), "ratings": 2},  # (80 + 65.5) / 2 = 72.75, half-up
        world.other_department.pk: {"average": Decimal("91.0"), "ratings": 1},
    }
    district = selectors.department_rating_summary(user=world.users["district_admin"], year=year)
    assert district[world.department.pk] == {"average": Decimal("65.2"), "ratings": 3}
    officer = selectors.department_rating_summary(user=world.users["department_officer"], year=year)
    assert set(officer) == {world.department.pk}
    table = selectors.department_rating_table(user=world.users["district_admin"], year=year)
    assert [row["department"] for row in table] == [world.other_department, world.department]


def test_emergency_report_summary_counts_late_missing_concealed(world):
    now = timezone.now()
    incident = now - datetime.timedelta(hours=5)
    on_time = {"incident_at": incident, "reported_at": incident + datetime.timedelta(minutes=30)}
    EmergencyReportFactory(community=world.community, **on_time)
    EmergencyReportFactory(community=world.community, late=True, incident_at=incident, reported_at=now)
    EmergencyReportFactory(community=world.community, status="missing", reported_at=None)
    EmergencyReportFactory(community=world.sibling, status="concealed", reported_at=None)
    EmergencyReportFactory(community=world.other_community, late=True, incident_at=incident, reported_at=now)
    summary = selectors.emergency_report_summary(user=world.users["street_supervisor"], year=incident.year)
    assert summary == {"total": 4, "reported": 2, "on_time": 1, "late": 1, "missing": 1, "concealed": 1}


MODELS = [
    Inspection,
    Meeting,
    TemporaryTask,
    Signboard,
    ResponsibilityPledge,
    EmergencyReport,
    DepartmentRating,
    PlatformUsage,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("community_staff", {"own"}),
        ("community_head", {"own"}),
        ("street_supervisor", {"own", "sibling"}),
        ("district_admin", {"own", "sibling", "other"}),
        ("department_officer", {"own", "sibling"}),
        ("other_department_officer", {"other"}),
        ("other_community_staff", {"other"}),
        ("other_street_supervisor", {"other"}),
    ],
)
def test_scoping_matrix(world, records, model, role, expected):
    endpoint = {
        Inspection: "inspections",
        Meeting: "meetings",
        TemporaryTask: "temporary-tasks",
        Signboard: "signboards",
        ResponsibilityPledge: "pledges",
        EmergencyReport: "emergency-reports",
        DepartmentRating: "department-ratings",
        PlatformUsage: "platform-usages",
    }[model]
    rows = records[endpoint]
    visible = set(model.objects.visible_to(world.users[role]).values_list("pk", flat=True))
    assert visible == {rows[key].pk for key in expected}
