"""Snapshots carry the dashboards' heavy tables: a dashboard with snapshots reads no records and
shows exactly what it computes live."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from burden import selectors, services
from burden.models import BurdenSnapshot

from .conftest import YEAR

pytestmark = pytest.mark.django_db

RECORD_TABLES = (
    "tasks_worklog",
    "tasks_taskassignment",
    "inspections_inspection",
    "certificates_certificaterecord",
)


def _scopes(data):
    return {
        "community": f"community:{data.community.code}",
        "street": f"street:{data.street.code}",
        "district": f"district:{data.district.name}",
    }


def test_snapshot_stores_the_tables_of_its_scope(burden_data):
    scopes = _scopes(burden_data)
    for kind, keys in (
        ("community", {"trend"}),
        ("street", {"trend", "communities", "weekly"}),
        ("district", {"trend", "communities", "weekly", "streets", "departments"}),
    ):
        snapshot = services.snapshot_refresh(scope=scopes[kind], year=YEAR)
        stored = BurdenSnapshot.objects.get(pk=snapshot.pk).tables
        assert set(stored) == keys
        assert stored == json.loads(json.dumps(selectors.dashboard_tables(scope=scopes[kind], year=YEAR)))
    street = BurdenSnapshot.objects.get(scope=scopes["street"], year=YEAR).tables
    assert {r["code"] for r in street["communities"]} == {
        burden_data.community.code,
        burden_data.sibling.code,
    }


def _render(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/burden/?year={YEAR}")
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize(
    ("role", "scopes"),
    [
        ("street_supervisor", ["street"]),
        ("district_admin", ["district"]),
        ("community_head", ["community", "street"]),
    ],
)
def test_dashboard_reads_the_tables_from_snapshots(burden_data, client_for, role, scopes):
    client = client_for(burden_data.users[role])
    live, _ = _render(client)
    for kind in scopes:
        services.snapshot_refresh(scope=_scopes(burden_data)[kind], year=YEAR)
    stored, sql = _render(client)
    assert stored.context["snapshot"] is not None
    assert stored.context["tables"] == live.context["tables"]
    assert stored.context["charts"] == live.context["charts"]
    assert not [q for q in sql if any(f'"{t}"' in q for t in RECORD_TABLES)]


def test_old_snapshot_without_tables_is_computed_live(burden_data, client_for):
    client = client_for(burden_data.users["street_supervisor"])
    live, _ = _render(client)
    snapshot = services.snapshot_refresh(scope=_scopes(burden_data)["street"], year=YEAR)
    BurdenSnapshot.objects.filter(pk=snapshot.pk).update(tables={})
    again, sql = _render(client)
    assert again.context["tables"] == live.context["tables"]
    assert any('"tasks_worklog"' in q for q in sql)
