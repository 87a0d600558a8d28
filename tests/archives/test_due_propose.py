"""到期待销毁 → 拟定销毁清册: the due list ticks its rows for a proposer and hands the ticked ones
to the propose page, which pre-selects exactly those (community inferred from them)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 6, 15))


def test_due_list_rows_carry_checkboxes_for_the_propose_form(world, archive, client_for):
    html = client_for(world.users["community_head"]).get(reverse("archives:due_list")).content.decode()
    assert f'action="{reverse("archives:batch_create")}"' in html and 'id="propose-form"' in html
    for book in (archive["short_due"], archive["long_due"]):
        assert f'form="propose-form" name="ledger_books" value="{book.pk}" checked' in html
    certs = client_for(world.users["community_head"]).get(
        reverse("archives:due_list"), {"kind": "certificate"}
    )
    assert f'name="certificate_records" value="{archive["cert_due"].pk}"' in certs.content.decode()


def test_due_list_for_staff_has_no_checkboxes_but_says_who_proposes(world, archive, client_for):
    html = client_for(world.users["community_staff"]).get(reverse("archives:due_list")).content.decode()
    assert 'form="propose-form"' not in html and 'id="propose-form"' not in html
    assert "由社区书记/主任拟定销毁清册" in html


def test_due_list_excel_has_no_selection_column(world, archive, client_for):
    response = client_for(world.users["community_head"]).get(reverse("archives:due_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "选择" not in header and header[0] == "档号/编号"


def test_propose_page_preselects_the_picked_rows(world, archive, client_for):
    response = client_for(world.users["community_head"]).get(
        reverse("archives:batch_create"), {"picked": "1", "ledger_books": [archive["short_due"].pk]}
    )
    form = response.context["form"]
    assert [b.pk for b in form.initial["ledger_books"]] == [archive["short_due"].pk]
    assert list(form.initial["certificate_records"]) == []
    # the other due records stay listed, unticked
    assert {b.pk for b in form.fields["ledger_books"].queryset} == {
        archive["short_due"].pk,
        archive["long_due"].pk,
    }


def test_propose_page_infers_the_community_from_the_picked_rows(world, archive, client_for):
    street = client_for(world.users["street_supervisor"])
    response = street.get(
        reverse("archives:batch_create"), {"picked": "1", "ledger_books": [archive["sibling_due"].pk]}
    )
    form = response.context["form"]
    assert form.initial["community"] == world.sibling.pk
    assert [b.pk for b in form.initial["ledger_books"]] == [archive["sibling_due"].pk]


def test_propose_page_picked_rows_of_two_communities_keeps_one_and_says_so(world, archive, client_for):
    street = client_for(world.users["street_supervisor"])
    response = street.get(
        reverse("archives:batch_create"),
        {"picked": "1", "ledger_books": [archive["short_due"].pk, archive["sibling_due"].pk]},
    )
    form = response.context["form"]
    assert len({b.community_id for b in form.initial["ledger_books"]}) == 1
    assert "每份销毁清册只含一个社区" in response.content.decode()


def test_propose_page_ignores_picked_rows_outside_the_users_scope(world, archive, client_for):
    response = client_for(world.users["community_head"]).get(
        reverse("archives:batch_create"), {"picked": "1", "ledger_books": [archive["other_due"].pk, "x"]}
    )
    assert response.status_code == 200
    assert list(response.context["form"].initial["ledger_books"]) == []
