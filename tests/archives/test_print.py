"""The printable 档案销毁清册: content at each stage, scoping, constant queries, English."""

import pytest
from django.urls import reverse
from django.utils import timezone

from archives import services

from .conftest import TODAY, book_with_entries


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def propose(world, archive, **kwargs):
    return services.disposal_batch_propose(
        by=world.users["community_head"],
        community_id=world.community.pk,
        ledger_book_ids=[archive["short_due"].pk, archive["long_due"].pk],
        certificate_record_ids=[archive["cert_due"].pk],
        method="shred",
        reason="保管期满，经鉴定无继续保存价值",
        **kwargs,
    )


def print_url(batch):
    return reverse("archives:batch_print", args=[batch.pk])


def test_proposed_batch_prints_with_blank_approver_and_executor(world, archive, client_for):
    batch = propose(world, archive)
    client = client_for(world.users["street_supervisor"])
    detail = client.get(batch.get_absolute_url()).content.decode()
    assert print_url(batch) in detail
    response = client.get(print_url(batch))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "档案销毁清册",
        batch.number,
        world.community.name,
        "粉碎",
        "保管期满，经鉴定无继续保存价值",
        "WS-2015-D10-001",
        "2026-01-01",
        "合计 3 件",
        "台账 2 册，证明存根 1 份",
        "待审批",
        "data-print",
    ):
        assert text in html, text
    assert "电子记录数" not in html  # only once executed
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]  # CSP: no inline script
    signs = response.context["batch"]
    assert signs.proposed_by == world.users["community_head"]
    assert world.users["community_head"].username in html
    approver = html.split('data-testid="sign-approver"', 1)[1].split("</section>", 1)[0]
    executor = html.split('data-testid="sign-executor"', 1)[1].split("</section>", 1)[0]
    assert '<span class="disposal-line"></span>' in approver
    assert '<span class="disposal-line"></span>' in executor


def test_executed_batch_prints_signatures_and_entry_counts(world, archive, client_for):
    batch = propose(world, archive)
    services.disposal_batch_approve(by=world.users["street_supervisor"], batch_id=batch.pk, note="同意")
    services.disposal_batch_execute(by=world.users["community_head"], batch_id=batch.pk, today=TODAY)
    response = client_for(world.users["community_head"]).get(print_url(batch))
    assert response.status_code == 200
    html = response.content.decode()
    assert "电子记录数" in html
    assert 'data-testid="entries-total">3<' in html  # 2 + 1 entries in the two books
    approver = html.split('data-testid="sign-approver"', 1)[1].split("</section>", 1)[0]
    executor = html.split('data-testid="sign-executor"', 1)[1].split("</section>", 1)[0]
    assert world.users["street_supervisor"].username in approver
    batch.refresh_from_db()
    assert timezone.localtime(batch.approved_at).strftime("%Y-%m-%d") in approver
    assert world.users["community_head"].username in executor
    assert TODAY.strftime("%Y-%m-%d") in executor
    assert "待审批" not in html


def test_rejected_batch_leaves_the_approver_blank(world, archive, client_for):
    batch = propose(world, archive)
    services.disposal_batch_reject(by=world.users["street_supervisor"], batch_id=batch.pk, note="尚需保存")
    html = client_for(world.users["street_supervisor"]).get(print_url(batch)).content.decode()
    approver = html.split('data-testid="sign-approver"', 1)[1].split("</section>", 1)[0]
    assert '<span class="disposal-line"></span>' in approver
    assert "未批准" in html


@pytest.mark.parametrize("role", ["other_street_supervisor", "other_community_staff"])
def test_other_units_get_404(world, archive, client_for, role):
    batch = propose(world, archive)
    assert client_for(world.users[role]).get(print_url(batch)).status_code == 404


def test_another_community_of_the_same_street_gets_404(world, archive, client_for):
    batch = services.disposal_batch_propose(
        by=world.users["street_supervisor"],
        community_id=world.sibling.pk,
        ledger_book_ids=[archive["sibling_due"].pk],
        method="pulp",
        reason="保管期满",
    )
    assert client_for(world.users["street_supervisor"]).get(print_url(batch)).status_code == 200
    assert client_for(world.users["community_head"]).get(print_url(batch)).status_code == 404


def test_departments_are_refused(world, archive, client_for):
    batch = propose(world, archive)
    assert client_for(world.users["department_officer"]).get(print_url(batch)).status_code == 403


def test_print_is_get_only(world, archive, client_for):
    batch = propose(world, archive)
    response = client_for(world.users["street_supervisor"]).post(print_url(batch))
    assert response.status_code == 405


def test_query_count_is_constant_with_many_records(world, archive, client_for, django_assert_max_num_queries):
    short = archive["types"][0]
    books = [book_with_entries(world.community, short, year, n=1) for year in range(1900, 1960)]
    batch = services.disposal_batch_propose(
        by=world.users["community_head"],
        community_id=world.community.pk,
        ledger_book_ids=[b.pk for b in books],
        method="shred",
        reason="保管期满",
    )
    services.disposal_batch_approve(by=world.users["street_supervisor"], batch_id=batch.pk)
    services.disposal_batch_execute(by=world.users["community_head"], batch_id=batch.pk, today=TODAY)
    client = client_for(world.users["street_supervisor"])
    client.get(print_url(batch))
    with django_assert_max_num_queries(8):
        response = client.get(print_url(batch))
    assert "合计 60 件" in response.content.decode()


def test_print_in_english(world, archive, client_for):
    batch = propose(world, archive)
    html = (
        client_for(world.users["street_supervisor"])
        .get(print_url(batch), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Records disposal list" in html
    assert "Total: 3 records" in html
    assert "Approved by (supervisor)" in html
