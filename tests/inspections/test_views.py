"""Pages: scoped lists with constant query counts and Excel, quick-entry forms with field-level
messages, read-only for those who may not write, the calendar's htmx merge."""

import datetime

import pytest
from django.utils import timezone

from inspections.models import Inspection, InspectionMerge, Meeting, Signboard

from .conftest import RECORD_FACTORIES
from .factories import (
    DepartmentRatingFactory,
    InspectionFactory,
    InspectionTopicFactory,
    PlannedInspectionFactory,
    PlatformFactory,
    PlatformUsageFactory,
)

pytestmark = pytest.mark.django_db

LIST_PAGES = {
    "inspections": "/inspections/inspections/",
    "meetings": "/inspections/meetings/",
    "temporary-tasks": "/inspections/temporary/",
    "signboards": "/inspections/signboards/",
    "pledges": "/inspections/pledges/",
    "emergency-reports": "/inspections/emergency-reports/",
    "department-ratings": "/inspections/ratings/",
    "platform-usages": "/inspections/platform-usage/",
}
OTHER_PAGES = [
    "/inspections/topics/",
    "/inspections/platforms/",
    "/inspections/merges/",
    "/inspections/calendar/",
    "/inspections/ratings/summary/",
]


def _more_rows(world, endpoint, n=60):
    factory = RECORD_FACTORIES.get(endpoint)
    for i in range(n):
        if factory is None:
            PlatformUsageFactory(community=world.community, year=1900 + i)
        elif endpoint == "department-ratings":
            factory(community=world.community, department=world.department, year=1900 + i)
        else:
            factory(community=world.community, department=world.department)


@pytest.mark.parametrize("endpoint", list(LIST_PAGES))
def test_list_page_is_scoped(world, records, client_for, endpoint):
    rows = records[endpoint]
    page = client_for(world.users["community_staff"]).get(LIST_PAGES[endpoint])
    assert page.status_code == 200
    ids = {obj.pk for obj, _cells in page.context["rows"]}
    assert ids == {rows["own"].pk}


@pytest.mark.parametrize("endpoint", list(LIST_PAGES))
def test_list_page_query_count_is_constant(
    world, records, client_for, endpoint, django_assert_max_num_queries
):
    _more_rows(world, endpoint)
    client = client_for(world.users["district_admin"])
    with django_assert_max_num_queries(14):
        page = client.get(LIST_PAGES[endpoint])
    assert page.status_code == 200
    assert page.context["paginator"].count == 63


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_other_pages_query_count_is_constant(world, client_for, path, django_assert_max_num_queries):
    for n in range(60):
        InspectionTopicFactory()
        PlatformFactory()
        PlannedInspectionFactory(
            community=world.community, date=timezone.localdate() + datetime.timedelta(days=n % 20)
        )
        DepartmentRatingFactory(community=world.community, year=timezone.localdate().year)
    client = client_for(world.users["district_admin"])
    with django_assert_max_num_queries(14):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "role", ["community_staff", "street_supervisor", "district_admin", "department_officer"]
)
def test_every_page_opens_for_every_role(world, records, client_for, role):
    client = client_for(world.users[role])
    for path in [*LIST_PAGES.values(), *OTHER_PAGES]:
        if role == "department_officer" and path == LIST_PAGES["department-ratings"]:
            # a rated department is sent to its aggregate (民主评议结果), never the rows
            assert client.get(path)["Location"] == "/inspections/ratings/summary/"
            continue
        assert client.get(path).status_code == 200, path


def test_excel_export_follows_the_filters(world, records, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for(world.users["street_supervisor"])
    response = client.get("/inspections/meetings/", {"community": world.sibling.pk, "export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("日期", "社区", "召集部门")
    assert [r[1] for r in rows[1:]] == [world.sibling.name]


def test_quick_entry_saves_and_continues(world, client_for):
    client = client_for(world.users["community_staff"])
    form = client.get("/inspections/meetings/new/")
    assert form.context["form"]["community"].initial == world.community.pk
    response = client.post(
        "/inspections/meetings/new/",
        {
            "community": world.community.pk,
            "department": world.department.pk,
            "date": "2025-04-01",
            "hours": "2",
            "purpose": "seat_filling",
            "count": "1",
            "add_another": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/inspections/meetings/new/?")
    assert Meeting.objects.get().purpose == "seat_filling"
    again = client.get(response["Location"])
    assert str(again.context["form"]["date"].value()) == "2025-04-01"


def test_bad_input_shows_field_messages_and_writes_nothing(world, client_for):
    client = client_for(world.users["community_head"])
    response = client.post(
        "/inspections/signboards/new/",
        {
            "community": world.community.pk,
            "name": "综治中心",
            "kind": "board",
            "count": "1",
            "hung_on": "2024-05-01",
            "removed_on": "2024-04-01",
        },
    )
    assert response.status_code == 200
    assert "摘牌/撤销日期不能早于挂牌/设立日期。" in response.context["form"].errors["removed_on"]
    assert 'data-field="removed_on"' in response.content.decode()
    assert not Signboard.objects.exists()

    future = client.post(
        "/inspections/inspections/new/",
        {
            "community": world.community.pk,
            "department": world.department.pk,
            "topic": "消防安全检查",
            "kind": "inspection",
            "status": "done",
            "date": str(timezone.localdate() + datetime.timedelta(days=5)),
            "prep_hours": "-2",
            "count": "1",
        },
    )
    errors = future.context["form"].errors
    assert "date" in errors
    assert errors["prep_hours"] == ["工时不能为负数。"]
    assert not Inspection.objects.exists()


def test_second_rating_on_the_page_is_a_field_error(world, client_for):
    DepartmentRatingFactory(community=world.community, department=world.department, year=2025)
    client = client_for(world.users["community_head"])
    response = client.post(
        "/inspections/ratings/new/",
        {
            "community": world.community.pk,
            "department": world.department.pk,
            "year": "2025",
            "scale": "hundred",
            "score": "60",
        },
    )
    assert "每年只能评议一次" in response.context["form"].errors["department"][0]


def test_edit_out_of_scope_is_404_and_read_only_for_other_roles(world, records, client_for):
    own = records["inspections"]["own"]
    assert (
        client_for(world.users["other_community_staff"])
        .get(f"/inspections/inspections/{own.pk}/")
        .status_code
        == 404
    )
    officer = client_for(world.users["department_officer"])
    page = officer.get(f"/inspections/inspections/{own.pk}/")
    assert page.status_code == 200
    assert not page.context["can_write"]
    assert officer.post(f"/inspections/inspections/{own.pk}/", {}).status_code == 403
    # Department officers can announce a planned inspection, but not create meetings or rate.
    assert officer.get("/inspections/inspections/new/").status_code == 200
    assert officer.get("/inspections/meetings/new/").status_code == 403
    assert client_for(world.users["street_supervisor"]).get("/inspections/ratings/new/").status_code == 403


def test_edit_saves_through_the_service(world, client_for):
    inspection = InspectionFactory(
        community=world.community, department=world.department, date=datetime.date(2025, 1, 1)
    )
    client = client_for(world.users["community_staff"])
    response = client.post(
        f"/inspections/inspections/{inspection.pk}/",
        {
            "community": world.community.pk,
            "department": world.department.pk,
            "topic": inspection.topic,
            "kind": "campaign",
            "status": "done",
            "date": "2025-01-01",
            "prep_hours": "6",
            "count": "1",
            "veto": "on",
            "demands_ledgers": "on",
            "result": "vetoed",
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.kind, inspection.veto, inspection.result) == ("campaign", True, "vetoed")


def test_calendar_merges_with_htmx_and_refuses_across_streets(world, client_for):
    monday = (
        timezone.localdate()
        - datetime.timedelta(days=timezone.localdate().weekday())
        + datetime.timedelta(weeks=1)
    )
    a = PlannedInspectionFactory(community=world.community, date=monday)
    b = PlannedInspectionFactory(community=world.sibling, date=monday + datetime.timedelta(days=1))
    c = PlannedInspectionFactory(community=world.other_community, date=monday)
    district = client_for(world.users["district_admin"])
    page = district.get("/inspections/calendar/")
    assert len(page.context["calendar"]["proposals"]) == 1
    assert "合并检查" in page.content.decode()
    refused = district.post(
        "/inspections/merges/new/",
        {"inspections": [a.pk, c.pk], "date": str(monday)},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 200
    assert "不能跨街道合并检查" in refused.content.decode()
    assert not InspectionMerge.objects.exists()
    merged = district.post(
        "/inspections/merges/new/",
        {"inspections": [a.pk, b.pk], "date": str(monday)},
        headers={"HX-Request": "true"},
    )
    assert merged.status_code == 200
    assert "联合检查" in merged.content.decode()
    assert InspectionMerge.objects.get().inspections.count() == 2
    assert district.get("/inspections/calendar/").context["calendar"]["proposals"] == []
    assert client_for(world.users["community_head"]).post("/inspections/merges/new/", {}).status_code == 403


def test_rating_summary_page_ranks_departments(world, client_for):
    year = timezone.localdate().year
    DepartmentRatingFactory(community=world.community, department=world.department, year=year, score=60)
    DepartmentRatingFactory(community=world.community, department=world.other_department, year=year, score=90)
    page = client_for(world.users["district_admin"]).get("/inspections/ratings/summary/")
    assert [row["department"] for row in page.context["rows"]] == [world.other_department, world.department]


def test_menu_lists_the_registers(world, client_for):
    content = client_for(world.users["community_staff"]).get("/inspections/calendar/").content.decode()
    for label in ("检查考核", "检查日历", "会议", "信息报送", "民主评议", "民主评议结果"):
        assert label in content


def test_calendar_ignores_a_start_outside_the_years_it_can_step_through(world, client_for):
    client = client_for(world.users["street_supervisor"])
    for start in ("9999-12-31", "0001-01-01", "not-a-date"):
        assert client.get(f"/inspections/calendar/?start={start}").status_code == 200, start


def test_add_another_query_is_encoded():
    from urllib.parse import parse_qs

    from django.http import QueryDict

    from inspections.views import add_another_query

    data = QueryDict(mutable=True)
    data.update({"community": "7", "date": "2025年4月1日&year=1999", "department": "", "topic": "x"})
    query = add_another_query(data)
    assert "&year=" not in query and "中" not in query
    assert parse_qs(query) == {"community": ["7"], "date": ["2025年4月1日&year=1999"]}


def test_add_another_redirect_keeps_values_through_a_round_trip(world, client_for):
    client = client_for(world.users["community_staff"])
    response = client.post(
        "/inspections/meetings/new/",
        {
            "community": world.community.pk,
            "department": world.department.pk,
            "date": "2025/04/01",
            "hours": "2",
            "purpose": "seat_filling",
            "count": "1",
            "add_another": "1",
        },
    )
    assert response.status_code == 302
    assert "2025%2F04%2F01" in response["Location"]
    again = client.get(response["Location"])
    assert str(again.context["form"]["community"].value()) == str(world.community.pk)
    assert str(again.context["form"]["date"].value()) == "2025/04/01"


def test_merge_form_takes_any_inspection_id_so_the_service_can_say_why(world):
    """MergeForm resets its queryset after ScopedForm narrowed it: an id outside the user's scope
    passes the form, and the merge service refuses it with its own message."""
    from inspections.forms import MergeForm

    from .factories import PlannedInspectionFactory

    foreign = PlannedInspectionFactory(community=world.other_community, department=world.department)
    form = MergeForm(
        data={"inspections": [foreign.pk], "date": "2025-04-01"}, user=world.users["street_supervisor"]
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "role", ["community_staff", "street_supervisor", "district_admin", "department_officer"]
)
def test_the_inspection_list_shows_the_materials_asked_for(world, client_for, role):
    InspectionFactory(
        community=world.community, department=world.department, demands_photos=True, demands_trail=True
    )
    client = client_for(world.users[role])
    page = client.get("/inspections/inspections/")
    assert page.status_code == 200 and "照片、留痕" in page.content.decode()
    assert client.get("/inspections/inspections/", {"export": "xlsx"}).status_code == 200
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "照片" not in client.get("/inspections/inspections/").content.decode().split("<tbody>")[1]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("incident_at", "0001-01-01T00:00"),
        ("incident_at", "9999-12-31T23:59"),
        ("incident_at", "1999-12-31T23:59"),
        ("reported_at", "0001-01-01T00:00"),
        ("reported_at", "9999-12-31T23:59"),
    ],
)
def test_emergency_report_form_bounds_times(world, client_for, field, value):
    from inspections.models import EmergencyReport

    now = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "community": world.community.pk,
        "department": world.department.pk,
        "title": "燃气泄漏",
        "incident_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "reported_at": (now - datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "status": "reported",
        field: value,
    }
    client = client_for(world.users["community_head"])
    response = client.post("/inspections/emergency-reports/new/", data)
    assert response.status_code in (200, 400)
    assert "时间应在2000年至2100年之间。" in response.context["form"].errors[field]
    assert not EmergencyReport.objects.exists()
    assert client.get("/inspections/emergency-reports/").status_code == 200
