"""Pages: the due list (tabs, filters, Excel, query counts), proposing, deciding, executing, the register."""

import datetime

import pytest
from django.urls import reverse

from archives import services
from archives.models import BatchStatus, DisposalBatch
from ledgers.models import LedgerEntry

from .conftest import book_with_entries


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 6, 15))


def test_due_page_lists_ledger_books_by_default_with_counts(world, archive, client_for):
    response = client_for(world.users["community_head"]).get(reverse("archives:due_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "WS-2015-D10-001" in html
    assert "短期（10年）" in html
    assert "2026年1月1日" in html
    assert response.context["tabs"][0]["count"] == 2
    assert response.context["tabs"][1]["count"] == 1
    assert reverse("archives:batch_create") in html


def test_due_page_certificates_and_year_filter(world, archive, client_for):
    client = client_for(world.users["street_supervisor"])
    response = client.get(reverse("archives:due_list"), {"kind": "certificate"})
    assert response.context["paginator"].count == 1
    assert "张三" not in response.content.decode()  # the stub's title names no applicant
    response = client.get(reverse("archives:due_list"), {"kind": "ledger_book", "year": 2010})
    assert [row[0].pk for row in response.context["rows"]] == [archive["sibling_due"].pk]


def test_due_page_bad_filter_input_is_a_field_message(world, archive, client_for):
    response = client_for(world.users["street_supervisor"]).get(
        reverse("archives:due_list"), {"year": "abc", "community": world.other_community.pk, "kind": "zzz"}
    )
    assert response.status_code == 200
    assert response.context["filter"].errors.keys() >= {"year", "community", "kind"}


def test_due_page_excel(world, archive, client_for):
    response = client_for(world.users["district_admin"]).get(reverse("archives:due_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("role", ["department_officer"])
def test_due_page_forbidden_for_departments(world, client_for, role):
    assert client_for(world.users[role]).get(reverse("archives:due_list")).status_code == 403


def test_due_page_query_count_is_constant(world, archive, client_for, django_assert_max_num_queries):
    short = archive["types"][0]
    for year in range(1960, 2010):
        book_with_entries(world.community, short, year, n=0)
    client = client_for(world.users["community_head"])
    client.get(reverse("archives:due_list"))  # warm the content-type cache and the session
    with django_assert_max_num_queries(12):
        response = client.get(reverse("archives:due_list"))
    assert response.context["paginator"].count == 52
    assert len(response.context["rows"]) == 50


def test_propose_approve_execute_through_the_pages(world, archive, client_for):
    head = client_for(world.users["community_head"])
    response = head.get(reverse("archives:batch_create"))
    form = response.context["form"]
    assert {b.pk for b in form.initial["ledger_books"]} == {archive["short_due"].pk, archive["long_due"].pk}
    response = head.post(
        reverse("archives:batch_create"),
        {
            "community": world.community.pk,
            "ledger_books": [archive["short_due"].pk],
            "certificate_records": [archive["cert_due"].pk],
            "method": "shred",
            "reason": "保管期满",
        },
    )
    batch = DisposalBatch.objects.get()
    assert response.status_code == 302
    assert response.url == batch.get_absolute_url()
    page = head.get(batch.get_absolute_url()).content.decode()
    assert "双人原则" in page
    assert "批准销毁" not in page

    street = client_for(world.users["street_supervisor"])
    assert "批准销毁" in street.get(batch.get_absolute_url()).content.decode()
    street.post(reverse("archives:batch_action", args=[batch.pk, "approve"]), {"note": "同意"})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED

    head = client_for(world.users["community_head"])
    assert "执行销毁" in head.get(batch.get_absolute_url()).content.decode()
    head.post(reverse("archives:batch_action", args=[batch.pk, "execute"]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXECUTED
    assert not LedgerEntry.objects.filter(book=archive["short_due"]).exists()
    register = head.get(reverse("archives:register")).content.decode()
    assert "WS-2015-D10-001" in register
    assert "2026年6月15日" in register


def test_propose_page_field_errors(world, archive, client_for):
    head = client_for(world.users["community_head"])
    response = head.post(
        reverse("archives:batch_create"),
        {
            "community": world.community.pk,
            "ledger_books": [archive["short_kept"].pk],
            "method": "",
            "reason": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"ledger_books", "method", "reason"} <= errors.keys()
    response = head.post(
        reverse("archives:batch_create"),
        {"community": world.community.pk, "method": "shred", "reason": "保管期满"},
    )
    assert "请至少选择一条到期的记录。" in response.content.decode()
    assert not DisposalBatch.objects.exists()


def test_reject_without_note_is_a_field_message(world, archive, client_for):
    batch = services.disposal_batch_propose(
        by=world.users["community_head"],
        community_id=world.community.pk,
        ledger_book_ids=[archive["short_due"].pk],
        method="shred",
        reason="保管期满",
    )
    response = client_for(world.users["street_supervisor"]).post(
        reverse("archives:batch_action", args=[batch.pk, "reject"]), {"note": ""}
    )
    assert response.status_code == 400
    assert "请填写不予批准的理由。" in response.content.decode()


@pytest.mark.parametrize("role", ["other_street_supervisor", "other_community_staff"])
def test_other_units_get_404_on_a_batch(world, archive, client_for, role):
    batch = services.disposal_batch_propose(
        by=world.users["community_head"],
        community_id=world.community.pk,
        ledger_book_ids=[archive["short_due"].pk],
        method="shred",
        reason="保管期满",
    )
    client = client_for(world.users[role])
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(reverse("archives:batch_action", args=[batch.pk, "approve"])).status_code == 404
    assert batch.number not in client.get(reverse("archives:batch_list")).content.decode()


def test_pages_in_english(world, archive, client_for):
    client = client_for(world.users["community_head"])
    html = client.get(reverse("archives:due_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Due for disposal" in html
    assert "Propose a disposal batch" in html


def test_register_and_batch_pages_query_counts(world, archive, client_for, django_assert_max_num_queries):
    short = archive["types"][0]
    for start in (1900, 1940):
        books = [book_with_entries(world.community, short, year, n=0) for year in range(start, start + 30)]
        services.disposal_batch_propose(
            by=world.users["community_head"],
            community_id=world.community.pk,
            ledger_book_ids=[b.pk for b in books],
            method="shred",
            reason="保管期满",
        )
    client = client_for(world.users["street_supervisor"])
    client.get(reverse("archives:register"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("archives:register"))
    assert response.context["paginator"].count == 60
    with django_assert_max_num_queries(8):
        assert client.get(reverse("archives:batch_list")).status_code == 200
    batch = DisposalBatch.objects.first()
    with django_assert_max_num_queries(8):
        assert client.get(batch.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("year", ["0", "99999", "1899"])
def test_propose_page_ignores_a_year_out_of_range(world, archive, client_for, year):
    response = client_for(world.users["community_head"]).get("/archives/batches/new/", {"year": year})
    assert response.status_code == 200
