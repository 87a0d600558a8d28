"""API: scoped lists with filters, 404 outside scope, writes through services (400 with field
messages, nothing written), role limits, constant query counts."""

import datetime

import pytest
from django.utils import timezone

from inspections.models import DepartmentRating, Inspection, InspectionMerge, Signboard

from .conftest import RECORD_FACTORIES
from .factories import DepartmentRatingFactory, PlannedInspectionFactory, PlatformUsageFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [*RECORD_FACTORIES, "platform-usages"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_is_scoped_and_detail_outside_scope_is_404(world, records, api_for, endpoint):
    rows = records[endpoint]
    api = api_for(world.users["street_supervisor"])
    listed = {row["id"] for row in api.get(f"/api/v1/{endpoint}/").json()["results"]}
    assert listed == {rows["own"].pk, rows["sibling"].pk}
    assert api.get(f"/api/v1/{endpoint}/{rows['other'].pk}/").status_code == 404
    assert (
        api_for(world.users["community_staff"]).get(f"/api/v1/{endpoint}/{rows['sibling'].pk}/").status_code
        == 404
    )
    officer = api_for(world.users["other_department_officer"])
    if endpoint == "department-ratings":  # a rated department reads its summary, never the rows
        assert officer.get(f"/api/v1/{endpoint}/{rows['own'].pk}/").status_code == 403
        assert officer.get(f"/api/v1/{endpoint}/{rows['other'].pk}/").status_code == 403
        return
    assert officer.get(f"/api/v1/{endpoint}/{rows['own'].pk}/").status_code == 404
    assert officer.get(f"/api/v1/{endpoint}/{rows['other'].pk}/").status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_filters_by_community(world, records, api_for, endpoint):
    api = api_for(world.users["district_admin"])
    response = api.get(f"/api/v1/{endpoint}/", {"community": world.sibling.pk})
    assert [row["id"] for row in response.json()["results"]] == [records[endpoint]["sibling"].pk]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_query_count_is_constant(world, records, api_for, endpoint, django_assert_max_num_queries):
    factory = RECORD_FACTORIES.get(endpoint)
    for n in range(60):  # more than a page
        if factory is None:
            PlatformUsageFactory(community=world.community, year=1900 + n)
        elif endpoint == "department-ratings":
            factory(community=world.community, department=world.department, year=1900 + n)
        else:
            factory(community=world.community, department=world.department)
    api = api_for(world.users["district_admin"])
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200
    assert response.json()["count"] == 63


def test_create_inspection_and_field_errors(world, api_for):
    api = api_for(world.users["community_staff"])
    payload = {
        "community": world.community.pk,
        "department": world.department.pk,
        "topic": "消防安全检查",
        "kind": "inspection",
        "date": str(timezone.localdate()),
        "prep_hours": "2.5",
        "demands_trail": True,
    }
    created = api.post("/api/v1/inspections/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["department_name"] == world.department.name
    future = api.post(
        "/api/v1/inspections/",
        {**payload, "date": str(timezone.localdate() + datetime.timedelta(days=2))},
        format="json",
    )
    assert future.status_code == 400
    assert "date" in future.json()
    negative = api.post("/api/v1/inspections/", {**payload, "prep_hours": "-1"}, format="json")
    assert negative.status_code == 400
    assert "prep_hours" in negative.json()
    assert Inspection.objects.count() == 1


def test_update_signboard_removal_before_hanging_is_400(world, api_for):
    api = api_for(world.users["community_head"])
    board = api.post(
        "/api/v1/signboards/",
        {"community": world.community.pk, "name": "综治中心", "kind": "board", "hung_on": "2024-03-01"},
        format="json",
    ).json()
    response = api.patch(f"/api/v1/signboards/{board['id']}/", {"removed_on": "2024-02-01"}, format="json")
    assert response.status_code == 400
    assert "removed_on" in response.json()
    assert Signboard.objects.get().removed_on is None
    assert (
        api.patch(
            f"/api/v1/signboards/{board['id']}/", {"removed_on": "2025-02-01"}, format="json"
        ).status_code
        == 200
    )


def test_second_rating_is_a_field_error(world, api_for):
    api = api_for(world.users["community_head"])
    payload = {
        "community": world.community.pk,
        "department": world.department.pk,
        "year": 2025,
        "scale": "five",
        "score": "4",
    }
    first = api.post("/api/v1/department-ratings/", payload, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["score_100"] == "80.0"
    second = api.post("/api/v1/department-ratings/", {**payload, "score": "5"}, format="json")
    assert second.status_code == 400
    assert "每年只能评议一次" in second.json()["department"][0]
    assert DepartmentRating.objects.count() == 1
    # Only communities rate.
    street = api_for(world.users["street_supervisor"])
    assert street.post("/api/v1/department-ratings/", payload, format="json").status_code == 403


def test_rating_summary_endpoint(world, api_for):
    DepartmentRatingFactory(community=world.community, department=world.department, year=2025, score=70)
    DepartmentRatingFactory(community=world.sibling, department=world.department, year=2025, score=81)
    response = api_for(world.users["street_supervisor"]).get(
        "/api/v1/department-ratings/summary/", {"year": 2025}
    )
    assert response.json() == [
        {
            "department": world.department.pk,
            "department_code": world.department.code,
            "department_name": world.department.name,
            "average": "75.5",
            "ratings": 2,
        }
    ]


def test_emergency_report_late_flag_and_summary(world, api_for):
    api = api_for(world.users["community_staff"])
    incident = timezone.now() - datetime.timedelta(hours=4)
    response = api.post(
        "/api/v1/emergency-reports/",
        {
            "community": world.community.pk,
            "title": "燃气泄漏",
            "incident_at": incident.isoformat(),
            "reported_at": (incident + datetime.timedelta(hours=2)).isoformat(),
            "status": "reported",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["late"] is True
    summary = api.get("/api/v1/emergency-reports/summary/", {"year": incident.year}).json()
    assert summary["late"] == 1
    assert api.get("/api/v1/emergency-reports/", {"late": "true"}).json()["count"] == 1


def test_merge_endpoint_proposals_and_refusal_across_streets(world, api_for):
    monday = datetime.date(2031, 3, 3)
    a = PlannedInspectionFactory(community=world.community, date=monday)
    b = PlannedInspectionFactory(community=world.sibling, date=monday + datetime.timedelta(days=2))
    c = PlannedInspectionFactory(community=world.other_community, date=monday)
    district = api_for(world.users["district_admin"])
    proposals = district.get("/api/v1/inspection-merges/proposals/", {"start": "2031-03-03"}).json()
    assert [sorted(p["inspections"]) for p in proposals] == [sorted([a.pk, b.pk])]
    refused = district.post("/api/v1/inspection-merges/", {"inspections": [a.pk, c.pk]}, format="json")
    assert refused.status_code == 400
    assert "不能跨街道" in refused.json()["inspections"][0]
    assert not InspectionMerge.objects.exists()
    community = api_for(world.users["community_head"])
    assert (
        community.post("/api/v1/inspection-merges/", {"inspections": [a.pk, b.pk]}, format="json").status_code
        == 403
    )
    street = api_for(world.users["street_supervisor"])
    merged = street.post(
        "/api/v1/inspection-merges/", {"inspections": [a.pk, b.pk], "note": "联合检查"}, format="json"
    )
    assert merged.status_code == 201, merged.json()
    assert sorted(merged.json()["inspections"]) == sorted([a.pk, b.pk])
    assert merged.json()["date"] == str(b.date)
    assert (
        api_for(world.users["other_street_supervisor"]).get("/api/v1/inspection-merges/").json()["count"] == 0
    )
    assert community.get("/api/v1/inspection-merges/").json()["count"] == 1


def test_merge_list_query_count_is_constant(world, api_for, django_assert_max_num_queries):
    from inspections import services

    for n in range(55):
        a = PlannedInspectionFactory(
            community=world.community, date=datetime.date(2031, 1, 1) + datetime.timedelta(days=n)
        )
        b = PlannedInspectionFactory(community=world.sibling, date=a.date)
        services.inspection_merge_create(user=world.users["street_supervisor"], inspection_ids=[a.pk, b.pk])
    with django_assert_max_num_queries(6):
        response = api_for(world.users["street_supervisor"]).get("/api/v1/inspection-merges/")
    assert response.json()["count"] == 55


def test_catalog_writes_are_limited(world, api_for):
    payload = {"code": "T9", "name": "禁毒宣传检查", "family": "drugs"}
    assert (
        api_for(world.users["street_supervisor"]).post("/api/v1/inspection-topics/", payload).status_code
        == 403
    )
    assert (
        api_for(world.users["district_admin"]).post("/api/v1/inspection-topics/", payload).status_code == 201
    )
    platform = {
        "code": "P9",
        "name": "禁毒App",
        "department": world.department.pk,
        "kind": "app",
        "fields": ["姓名"],
    }
    officer = api_for(world.users["department_officer"])
    assert officer.post("/api/v1/platforms/", platform, format="json").status_code == 201
    other = api_for(world.users["other_department_officer"])
    assert other.post("/api/v1/platforms/", {**platform, "code": "P10"}, format="json").status_code == 400
    assert officer.get("/api/v1/platforms/", {"kind": "app"}).json()["count"] == 1
