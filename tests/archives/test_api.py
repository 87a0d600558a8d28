"""API: due list and counts, the register, propose/approve/reject/execute, scoping, query counts."""

import datetime

import pytest

from archives import services
from archives.models import DisposalRecord
from certificates.models import CertificateRecord

from .conftest import book_with_entries


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 6, 15))


def test_due_list_and_counts(world, archive, api_for):
    api = api_for(world.users["community_staff"])
    body = api.get("/api/v1/disposal-due/").json()
    assert body["count"] == 2
    row = next(r for r in body["results"] if r["id"] == archive["short_due"].pk)
    assert row["reference"] == "WS-2015-D10-001"
    assert row["retention_years"] == 10
    assert row["due_from"] == "2026-01-01"
    certs = api.get("/api/v1/disposal-due/", {"kind": "certificate"}).json()["results"]
    assert [r["id"] for r in certs] == [archive["cert_due"].pk]
    assert "张三" not in str(certs)
    assert api.get("/api/v1/disposal-due/counts/").json() == {"ledger_book": 2, "certificate": 1}


def test_due_list_query_count(world, archive, api_for, django_assert_max_num_queries):
    short = archive["types"][0]
    for year in range(1950, 2010):
        book_with_entries(world.community, short, year, n=0)
    api = api_for(world.users["district_admin"])
    api.get("/api/v1/disposal-due/")
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/disposal-due/").json()
    assert body["count"] == 64
    assert len(body["results"]) == 50


def test_bad_filter_input_is_400(world, api_for):
    response = api_for(world.users["district_admin"]).get("/api/v1/disposal-due/", {"year": "x"})
    assert response.status_code == 400
    assert "year" in response.json()


def test_departments_are_refused(world, api_for):
    assert api_for(world.users["department_officer"]).get("/api/v1/disposal-due/").status_code == 403


def test_full_cycle(world, archive, api_for):
    payload = {
        "community": world.community.pk,
        "ledger_book_ids": [archive["short_due"].pk, archive["long_due"].pk],
        "certificate_record_ids": [archive["cert_due"].pk],
        "method": "shred",
        "reason": "保管期满",
    }
    response = api_for(world.users["street_supervisor"]).post(
        "/api/v1/disposal-batches/", payload, format="json"
    )
    assert response.status_code == 201, response.json()
    batch = response.json()
    assert len(batch["items"]) == 3
    url = f"/api/v1/disposal-batches/{batch['id']}/"

    own = api_for(world.users["street_supervisor"]).post(url + "approve/", {}, format="json")
    assert own.status_code == 400
    assert "non_field_errors" in own.json()
    assert api_for(world.users["community_head"]).post(url + "approve/", {}).status_code == 403
    assert api_for(world.users["other_street_supervisor"]).post(url + "approve/", {}).status_code == 404
    assert api_for(world.users["district_admin"]).post(url + "execute/").status_code == 409

    approved = api_for(world.users["district_admin"]).post(url + "approve/", {"note": "同意"}, format="json")
    assert approved.json()["status"] == "approved"
    assert api_for(world.users["district_admin"]).post(url + "reject/", {"note": "x"}).status_code == 409
    executed = api_for(world.users["community_head"]).post(url + "execute/")
    assert executed.status_code == 200
    assert executed.json()["status"] == "executed"
    assert CertificateRecord.objects.get(pk=archive["cert_due"].pk).applicant_id_number == ""

    register = api_for(world.users["community_staff"]).get("/api/v1/disposal-records/").json()
    assert register["count"] == 3
    assert {r["destroyed_on"] for r in register["results"]} == {"2026-06-15"}
    assert api_for(world.users["other_community_staff"]).get("/api/v1/disposal-records/").json()["count"] == 0
    assert api_for(world.users["other_street_supervisor"]).get(url).status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"ledger_book_ids": "nope"}, "ledger_book_ids"),
        ({"ledger_book_ids": [0]}, "ledger_book_ids"),
        ({"method": "fire"}, "method"),
        ({"reason": ""}, "reason"),
        ({"community": "x"}, "community"),
    ],
)
def test_propose_bad_input(world, archive, api_for, payload, field):
    data = {
        "community": world.community.pk,
        "ledger_book_ids": [archive["short_due"].pk],
        "method": "shred",
        "reason": "保管期满",
        **payload,
    }
    response = api_for(world.users["community_head"]).post("/api/v1/disposal-batches/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not DisposalRecord.objects.exists()


def test_propose_not_due_is_a_field_error(world, archive, api_for):
    data = {
        "community": world.community.pk,
        "ledger_book_ids": [archive["short_kept"].pk],
        "method": "shred",
        "reason": "保管期满",
    }
    response = api_for(world.users["community_head"]).post("/api/v1/disposal-batches/", data, format="json")
    assert response.status_code == 400
    assert "ledger_book_ids" in response.json()


def test_register_query_count(world, archive, api_for, django_assert_max_num_queries):
    short = archive["types"][0]
    books = [book_with_entries(world.community, short, year, n=0) for year in range(1950, 2010)]
    services.disposal_batch_propose(
        by=world.users["community_head"],
        community_id=world.community.pk,
        ledger_book_ids=[b.pk for b in books],
        method="shred",
        reason="保管期满",
    )
    api = api_for(world.users["street_supervisor"])
    api.get("/api/v1/disposal-records/")
    with django_assert_max_num_queries(5):
        body = api.get("/api/v1/disposal-records/").json()
    assert body["count"] == 60
    with django_assert_max_num_queries(5):
        assert api.get("/api/v1/disposal-batches/").json()["count"] == 1


@pytest.mark.parametrize(
    "query",
    [
        {"ordering": "title"},
        {"ordering": "-retention"},
        {"kind": "zzz"},
        {"kind": "certificate", "year": 99999},
        {"community": "abc"},
        {"page": 0},
        {"year": "1e9"},
    ],
)
@pytest.mark.parametrize("endpoint", ["disposal-due", "disposal-records", "disposal-batches"])
def test_odd_query_values_are_never_a_server_error(world, archive, api_for, endpoint, query):
    response = api_for(world.users["district_admin"]).get(f"/api/v1/{endpoint}/", query)
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("body", [{"note": "x" * 5000}, {"note": ["a"]}, "nope"])
def test_odd_decision_bodies(world, archive, api_for, body):
    batch = services.disposal_batch_propose(
        by=world.users["community_head"],
        community_id=world.community.pk,
        ledger_book_ids=[archive["short_due"].pk],
        method="shred",
        reason="保管期满",
    )
    response = api_for(world.users["street_supervisor"]).post(
        f"/api/v1/disposal-batches/{batch.pk}/reject/", body, format="json"
    )
    assert response.status_code == 400
    batch.refresh_from_db()
    assert batch.status == "proposed"
