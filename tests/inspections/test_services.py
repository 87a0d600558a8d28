"""Services: the rules, field-level errors, nothing written on refusal, the audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditRecord
from inspections import services
from inspections.models import (
    DepartmentRating,
    EmergencyReport,
    Inspection,
    InspectionMerge,
    Meeting,
    PlatformUsage,
    Signboard,
    TemporaryTask,
)

from .factories import (
    InspectionTopicFactory,
    PlannedInspectionFactory,
    PlatformFactory,
    SignboardFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_inspection_create_records_and_audits(world):
    user = world.users["community_staff"]
    inspection = services.inspection_create(
        user=user,
        data={
            "community": world.community,
            "department": world.department,
            "topic": "消防安全检查",
            "kind": "inspection",
            "date": timezone.localdate(),
            "prep_hours": Decimal("3.5"),
            "demands_photos": True,
            "demands_trail": True,
            "result": "rectify",
        },
    )
    assert inspection.status == Inspection.Status.DONE
    assert AuditRecord.objects.filter(action="inspection.create", target_id=str(inspection.pk)).exists()


def test_inspection_in_the_future_is_refused_unless_planned(world):
    user = world.users["community_staff"]
    data = {
        "community": world.community,
        "department": world.department,
        "topic": "消防安全检查",
        "kind": "inspection",
        "date": timezone.localdate() + datetime.timedelta(days=1),
    }
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_create(user=user, data=data)
    assert "不能晚于今天" in errors_of(excinfo)["date"][0]
    assert not Inspection.objects.exists()
    planned = services.inspection_create(user=user, data={**data, "status": Inspection.Status.PLANNED})
    assert planned.status == Inspection.Status.PLANNED


@pytest.mark.parametrize(
    ("create", "data", "field"),
    [
        (services.meeting_create, {"date": datetime.date(2025, 3, 1), "hours": Decimal(-1)}, "hours"),
        (
            services.temporary_task_create,
            {"date": datetime.date(2025, 3, 1), "kind": "blood", "hours": Decimal(-2)},
            "hours",
        ),
        (
            services.inspection_create,
            {
                "date": datetime.date(2025, 3, 1),
                "topic": "禁毒",
                "kind": "ranking",
                "prep_hours": Decimal(-1),
            },
            "prep_hours",
        ),
    ],
)
def test_negative_hours_are_refused(world, create, data, field):
    with pytest.raises(ValidationError) as excinfo:
        create(
            user=world.users["community_staff"],
            data={"community": world.community, "department": world.department, **data},
        )
    assert errors_of(excinfo)[field] == ["工时不能为负数。"]
    assert not Meeting.objects.exists()
    assert not TemporaryTask.objects.exists()
    assert not Inspection.objects.exists()
    assert not AuditRecord.objects.exists()


def test_signboard_removed_before_hung_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        services.signboard_create(
            user=world.users["community_head"],
            data={
                "community": world.community,
                "department": world.department,
                "name": "禁毒工作站",
                "hung_on": datetime.date(2024, 5, 1),
                "removed_on": datetime.date(2024, 4, 1),
            },
        )
    assert "removed_on" in errors_of(excinfo)
    assert not Signboard.objects.exists()


def test_signboard_update_records_removal(world):
    board = SignboardFactory(community=world.community, hung_on=datetime.date(2024, 1, 1))
    services.signboard_update(
        user=world.users["community_head"],
        signboard_id=board.pk,
        data={"removed_on": datetime.date(2025, 1, 1)},
    )
    board.refresh_from_db()
    assert board.removed_on == datetime.date(2025, 1, 1)
    with pytest.raises(ValidationError):
        services.signboard_update(
            user=world.users["community_head"],
            signboard_id=board.pk,
            data={"removed_on": datetime.date(2023, 1, 1)},
        )
    board.refresh_from_db()
    assert board.removed_on == datetime.date(2025, 1, 1)


def test_record_outside_the_writers_scope_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            user=world.users["street_supervisor"],
            data={
                "community": world.other_community,
                "department": world.department,
                "date": datetime.date(2025, 1, 1),
                "hours": 1,
            },
        )
    assert "community" in errors_of(excinfo)


def test_department_officer_records_only_its_own_department(world):
    data = {
        "community": world.community,
        "topic": "计生检查",
        "kind": "inspection",
        "status": "planned",
        "date": timezone.localdate() + datetime.timedelta(days=3),
    }
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_create(
            user=world.users["department_officer"], data={**data, "department": world.other_department}
        )
    assert "department" in errors_of(excinfo)
    services.inspection_create(
        user=world.users["department_officer"], data={**data, "department": world.department}
    )
    with pytest.raises(PermissionDenied):
        services.platform_usage_create(user=world.users["department_officer"], data={})


# --- 合并检查 ---------------------------------------------------------------------------------


def test_merge_records_a_joint_visit(world):
    a = PlannedInspectionFactory(community=world.community)
    b = PlannedInspectionFactory(community=world.sibling, date=a.date + datetime.timedelta(days=1))
    merge = services.inspection_merge_create(
        user=world.users["street_supervisor"], inspection_ids=[a.pk, b.pk]
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.merge == b.merge == merge
    assert a.date == b.date == merge.date == b.date
    assert merge.street == world.street
    assert AuditRecord.objects.filter(action="inspection_merge.create").exists()


def test_merge_across_streets_is_refused_and_writes_nothing(world):
    a = PlannedInspectionFactory(community=world.community)
    b = PlannedInspectionFactory(community=world.other_community, date=a.date)
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_merge_create(user=world.users["district_admin"], inspection_ids=[a.pk, b.pk])
    assert "不能跨街道合并" in errors_of(excinfo)["inspections"][0]
    assert not InspectionMerge.objects.exists()
    assert not Inspection.objects.filter(merge__isnull=False).exists()


def test_merge_refuses_done_or_invisible_inspections_and_other_roles(world):
    a = PlannedInspectionFactory(community=world.community)
    done = PlannedInspectionFactory(
        community=world.sibling, status=Inspection.Status.DONE, date=timezone.localdate()
    )
    other = PlannedInspectionFactory(community=world.other_community)
    street = world.users["street_supervisor"]
    with pytest.raises(ValidationError, match="待检查"):
        services.inspection_merge_create(user=street, inspection_ids=[a.pk, done.pk])
    with pytest.raises(ValidationError, match="管辖范围"):
        services.inspection_merge_create(user=street, inspection_ids=[a.pk, other.pk])
    with pytest.raises(ValidationError, match="至少"):
        services.inspection_merge_create(user=street, inspection_ids=[a.pk])
    with pytest.raises(PermissionDenied):
        services.inspection_merge_create(user=world.users["community_head"], inspection_ids=[a.pk, done.pk])
    assert not InspectionMerge.objects.exists()


def test_merge_names_the_common_family(world):
    InspectionTopicFactory(name="消防安全检查", family="safety")
    InspectionTopicFactory(name="食品安全检查", family="safety")
    a = PlannedInspectionFactory(community=world.community, topic="消防安全检查")
    b = PlannedInspectionFactory(community=world.community, topic="食品安全检查", date=a.date)
    merge = services.inspection_merge_create(
        user=world.users["street_supervisor"], inspection_ids=[a.pk, b.pk]
    )
    assert merge.family == "安全生产与防灾减灾"


# --- 信息报送 ---------------------------------------------------------------------------------


def _report(world, *, after: datetime.timedelta | None, status="reported"):
    incident = timezone.now() - datetime.timedelta(days=1)
    return services.emergency_report_create(
        user=world.users["community_staff"],
        data={
            "community": world.community,
            "department": world.department,
            "title": "燃气泄漏",
            "incident_at": incident,
            "reported_at": incident + after if after is not None else None,
            "status": status,
        },
    )


def test_report_within_one_hour_is_on_time_and_later_is_flagged(world):
    assert _report(world, after=datetime.timedelta(minutes=59)).late is False
    assert _report(world, after=datetime.timedelta(hours=1)).late is False
    assert _report(world, after=datetime.timedelta(hours=1, minutes=1)).late is True
    assert _report(world, after=None, status="missing").late is False


def test_report_rules(world):
    with pytest.raises(ValidationError) as excinfo:
        _report(world, after=datetime.timedelta(hours=-1))
    assert "reported_at" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        _report(world, after=None)
    assert "reported_at" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.emergency_report_create(
            user=world.users["community_staff"],
            data={
                "community": world.community,
                "title": "x",
                "incident_at": timezone.now() + datetime.timedelta(hours=2),
                "status": "missing",
            },
        )
    assert "incident_at" in errors_of(excinfo)
    assert not EmergencyReport.objects.exists()


def test_late_flag_follows_an_update(world):
    report = _report(world, after=datetime.timedelta(minutes=20))
    report = services.emergency_report_update(
        user=world.users["community_staff"],
        report_id=report.pk,
        data={"reported_at": report.incident_at + datetime.timedelta(hours=3)},
    )
    assert report.late is True


# --- 民主评议 ---------------------------------------------------------------------------------


def _rate(world, *, score, scale="hundred", user="community_head", department=None, year=2025):
    return services.department_rating_create(
        user=world.users[user],
        data={
            "community": world.community,
            "department": department or world.department,
            "year": year,
            "scale": scale,
            "score": Decimal(score),
            "comment": "材料要求过多",
        },
    )


def test_rating_normalises_to_100_points(world):
    assert _rate(world, score=4, scale="five").score_100 == Decimal(80)
    assert _rate(world, score=65, department=world.other_department).score_100 == Decimal(65)


def test_second_rating_in_the_same_year_is_a_field_error(world):
    _rate(world, score=70)
    with pytest.raises(ValidationError) as excinfo:
        _rate(world, score=90, user="community_staff")
    assert "每年只能评议一次" in errors_of(excinfo)["department"][0]
    assert DepartmentRating.objects.count() == 1
    _rate(world, score=90, year=2026)  # next year is fine
    assert DepartmentRating.objects.count() == 2


@pytest.mark.parametrize(("scale", "score"), [("five", 0), ("five", 6), ("hundred", 101), ("hundred", -1)])
def test_rating_score_out_of_range(world, scale, score):
    with pytest.raises(ValidationError) as excinfo:
        _rate(world, score=score, scale=scale)
    assert "score" in errors_of(excinfo)
    assert not DepartmentRating.objects.exists()


def test_only_communities_rate(world):
    with pytest.raises(PermissionDenied):
        _rate(world, score=80, user="street_supervisor")


# --- 平台 ---------------------------------------------------------------------------------------


def test_platform_usage_monthly_hours_count_twelve_times_and_once_a_year(world):
    platform = PlatformFactory()
    data = {
        "community": world.community,
        "platform": platform,
        "year": 2025,
        "hours_per_month": Decimal("2.5"),
    }
    usage = services.platform_usage_create(user=world.users["community_staff"], data=data)
    assert usage.hours == Decimal(30)
    with pytest.raises(ValidationError) as excinfo:
        services.platform_usage_create(user=world.users["community_staff"], data=data)
    assert "platform" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.platform_usage_create(
            user=world.users["community_staff"], data={**data, "year": 2024, "hours_per_month": Decimal(-1)}
        )
    assert "hours_per_month" in errors_of(excinfo)
    assert PlatformUsage.objects.count() == 1


def test_platform_catalog_is_kept_by_district_or_the_owning_department(world):
    data = {
        "code": "P1",
        "name": "网格化平台",
        "department": world.department,
        "level": "city",
        "kind": "app",
    }
    with pytest.raises(PermissionDenied):
        services.platform_create(user=world.users["street_supervisor"], data=data)
    with pytest.raises(ValidationError):
        services.platform_create(user=world.users["other_department_officer"], data=data)
    platform = services.platform_create(
        user=world.users["department_officer"], data={**data, "fields": [" 姓名 "]}
    )
    assert platform.fields == ["姓名"]
    with pytest.raises(ValidationError) as excinfo:
        services.platform_create(user=world.users["district_admin"], data=data)
    assert "code" in errors_of(excinfo)


def test_pledge_with_veto_needs_its_clauses(world):
    data = {
        "community": world.community,
        "department": world.department,
        "matter": "计划生育目标责任书",
        "year": 2025,
        "signed_on": datetime.date(2025, 2, 1),
        "veto": True,
    }
    with pytest.raises(ValidationError) as excinfo:
        services.pledge_create(user=world.users["community_head"], data=data)
    assert "veto_clauses" in errors_of(excinfo)
    pledge = services.pledge_create(
        user=world.users["community_head"], data={**data, "veto_clauses": "发生违法生育的一票否决"}
    )
    assert pledge.veto


# --- another community's row ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["community_staff", "community_head"])
def test_update_refuses_another_communitys_row(world, role):
    """Naming another community's row by id is refused, even when the new values (one's own
    community) would pass the scope check: the row is looked up among those the writer can see."""
    from .factories import InspectionFactory

    foreign = InspectionFactory(community=world.other_community, department=world.department)
    board = SignboardFactory(community=world.other_community, hung_on=datetime.date(2024, 1, 1))
    user = world.users[role]
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_update(
            user=user, inspection_id=foreign.pk, data={"community": world.community, "topic": "改过"}
        )
    assert "community" in errors_of(excinfo)
    with pytest.raises(ValidationError):
        services.signboard_update(user=user, signboard_id=board.pk, data={"community": world.community})
    foreign.refresh_from_db()
    board.refresh_from_db()
    assert (foreign.community, foreign.topic) == (world.other_community, "消防安全检查")
    assert board.community == world.other_community
    assert not AuditRecord.objects.filter(action__endswith=".update").exists()
    # the street of that community may still correct it
    other_street = world.users["other_street_supervisor"]
    services.inspection_update(user=other_street, inspection_id=foreign.pk, data={"topic": "改过"})
    foreign.refresh_from_db()
    assert foreign.topic == "改过"
