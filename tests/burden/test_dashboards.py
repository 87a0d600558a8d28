"""Dashboards and drill-down lists: every role sees its own view; query counts do not grow."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from certificates.models import CertificateKind, CertificateRecord
from inspections.models import Inspection, Meeting
from tasks.models import TaskAssignment, TaskItem, WorkLog

from .conftest import RECORD_KINDS as KINDS
from .conftest import YEAR

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    """Add n more records of each kind to every community."""
    item = TaskItem.objects.first()
    kind = CertificateKind.objects.filter(cert_class="C").first()
    for community in (world.community, world.sibling, world.other_community):
        for k in range(n):
            when = date(YEAR, 1 + k % 12, 1 + k % 28)
            TaskAssignment.objects.create(
                community=community, task_item=item, assigned_on=when, approved=k % 2 == 0
            )
            Inspection.objects.create(
                community=community, department=world.department, topic=f"t{k}", kind="inspection", date=when
            )
            Meeting.objects.create(
                community=community, department=world.other_department, date=when, hours=Decimal(1)
            )
            WorkLog.objects.create(
                community=community,
                category="task",
                hours=Decimal(1),
                approved=k % 3 > 0,
                date=when,
                department=world.department,
            )
            CertificateRecord.objects.create(
                community=community, kind=kind, date=when, outcome="issued", count=1
            )


ROLES = ["street_supervisor", "district_admin", "community_head", "department_officer"]


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_query_count_constant(burden_data, client_for, role, django_assert_max_num_queries):
    client = client_for(burden_data.users[role])
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/burden/?year={YEAR}").status_code == 200
    grow(burden_data, 12)
    with django_assert_max_num_queries(len(small)):
        response = client.get(f"/burden/?year={YEAR}")
    assert response.status_code == 200


def test_street_dashboard(burden_data, client_for):
    response = client_for(burden_data.users["street_supervisor"]).get(f"/burden/?year={YEAR}")
    html = response.content.decode()
    assert "街道负担看板" in html and "vendor/echarts/echarts.min.js" in html
    assert 'id="by-community" type="application/json"' in html  # json_script data
    assert burden_data.community.name in html and burden_data.other_community.name not in html
    assert "/burden/records/" in html  # drill-down links
    for chart in ("trend", "unapproved", "class-c", "weekly", "staffing"):
        assert f'id="{chart}"' in html


def test_district_dashboard_ranks_departments(burden_data, client_for):
    html = client_for(burden_data.users["district_admin"]).get(f"/burden/?year={YEAR}").content.decode()
    assert "各部门施加的负担排名" in html and burden_data.department.name in html
    assert burden_data.other_community.name in html


def test_community_dashboard_against_street_average(burden_data, client_for):
    html = client_for(burden_data.users["community_staff"]).get(f"/burden/?year={YEAR}").content.decode()
    assert "街道平均" in html and burden_data.other_community.name not in html


def test_department_dashboard_own_burden_only(burden_data, client_for):
    html = client_for(burden_data.users["department_officer"]).get(f"/burden/?year={YEAR}").content.decode()
    assert "本部门施加的负担" in html and burden_data.department.name in html
    assert burden_data.other_department.name not in html


@pytest.mark.parametrize("table", ["communities", "staffing", "weekly"])
def test_dashboard_tables_export(burden_data, client_for, table):
    response = client_for(burden_data.users["street_supervisor"]).get(f"/burden/?year={YEAR}&export={table}")
    assert response.status_code == 200
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    assert sheet.max_row >= 2


def test_district_tables_export(burden_data, client_for):
    client = client_for(burden_data.users["district_admin"])
    for table in ("departments", "streets"):
        assert client.get(f"/burden/?year={YEAR}&export={table}").status_code == 200
    assert client.get(f"/burden/?year={YEAR}&export=nope").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_record_lists_scoped(burden_data, client_for, kind):
    response = client_for(burden_data.users["community_staff"]).get(f"/burden/records/{kind}/?year={YEAR}")
    assert response.status_code == 200
    assert burden_data.other_community.name not in response.content.decode().split("<table")[1]
    assert (
        client_for(burden_data.users["community_staff"])
        .get(f"/burden/records/{kind}/?export=xlsx")
        .status_code
        == 200
    )


def test_record_list_filters(burden_data, client_for):
    client = client_for(burden_data.users["street_supervisor"])
    html = client.get(f"/burden/records/assignments/?approved=no&year={YEAR}").content.decode()
    assert html.count("<tr>") == 1 + 2  # header + two unapproved rows in the street
    assert client.get("/burden/records/nope/").status_code == 404


def test_record_list_query_count(burden_data, client_for, django_assert_max_num_queries):
    client = client_for(burden_data.users["district_admin"])
    with CaptureQueriesContext(connection) as small:
        client.get("/burden/records/inspections/")
    grow(burden_data, 30)  # more rows than fit… and more than before
    with django_assert_max_num_queries(len(small)):
        assert client.get("/burden/records/inspections/").status_code == 200


def test_report_page_and_downloads(burden_data, client_for):
    client = client_for(burden_data.users["street_supervisor"])
    scope = f"street:{burden_data.street.code}"
    html = client.get(f"/burden/report/?scope={scope}&year={YEAR}").content.decode()
    assert "社区工作负担过重的表现" in html
    assert client.get(f"/burden/report/?scope={scope}&year={YEAR}&format=xlsx").status_code == 200
    assert "# " in client.get(f"/burden/report/?scope={scope}&year={YEAR}&format=md").content.decode()
    assert (
        client.get(f"/burden/report/?scope=street:{burden_data.other_street.code}&year={YEAR}").status_code
        == 404
    )
    assert client.get("/burden/report/?scope=bad").status_code == 404


def test_district_dashboard_shows_ratings(burden_data, client_for):
    from inspections.models import DepartmentRating

    DepartmentRating.objects.create(
        community=burden_data.community,
        department=burden_data.department,
        year=YEAR,
        score=Decimal("87.5"),
        score_100=Decimal("87.5"),
    )
    html = client_for(burden_data.users["district_admin"]).get(f"/burden/?year={YEAR}").content.decode()
    assert "民主评议平均分" in html and "87.5" in html


@pytest.mark.parametrize("kind", ["assignments", "worklogs"])
def test_big_drill_downs_count_only_up_to_a_bound(burden_data, client_for, monkeypatch, kind):
    """The district's work logs and assignments run to millions: their drill-downs never COUNT(*)
    them all (the bounded paginator of tasks' 工作日志 list), they say "共 N+ 条" instead."""
    from burden.views import RECORD_VIEWS
    from tasks.pagination import BoundedCountPaginator

    monkeypatch.setattr(BoundedCountPaginator, "LIMIT", 3)
    monkeypatch.setattr(RECORD_VIEWS[kind], "paginate_by", 2)
    grow(burden_data, 2)
    for n in range(4):
        WorkLog.objects.create(
            community=burden_data.community,
            department=burden_data.department,
            date=date(YEAR, 2, 1 + n),
            category=WorkLog._meta.get_field("category").choices[0][0],
            hours=Decimal("1.0"),
        )
    client = client_for(burden_data.users["district_admin"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/burden/records/{kind}/?year={YEAR}").content.decode()
    assert "共 3+ 条" in html, re.findall(r"共[^<]*条", html)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 4" in sql for sql in counts), counts
