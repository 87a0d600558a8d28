"""个人信息最小化 for ledgers: exports leave ID/phone fields out unless the community's own staff
ask for them (audited, still masked); ledger entries' reveal page and API action; no log line
carries a personal value."""

import io
import json
import logging

import pytest
from openpyxl import load_workbook

from audit.models import AuditRecord
from ledgers import services
from ledgers.models import LedgerEntry

from .conftest import VALID_ID, xlsx

PHONE = "13800138000"
MASKED_ID, MASKED_PHONE = "1101**********002X", "138****8000"


def _bytes(content) -> bytes:
    """A response's body (FileResponse streams) or the bytes themselves."""
    if isinstance(content, bytes):
        return content
    return b"".join(content.streaming_content) if content.streaming else content.content


def sheet_text(content) -> str:
    rows = load_workbook(io.BytesIO(_bytes(content))).worksheets[0].iter_rows(values_only=True)
    return "\n".join("|".join("" if v is None else str(v) for v in row) for row in rows)


def sheet_rows(content) -> list[list]:
    sheet = load_workbook(io.BytesIO(_bytes(content))).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.fixture
def entry(world, book):
    return services.ledger_entry_create(
        by=world.users["community_staff"],
        book_id=book.pk,
        values={"户主姓名": "张三", "公民身份号码": VALID_ID, "联系电话": PHONE, "家庭人口": 3},
        entry_date="2025-03-02",
    )


def _exports(book):
    return {
        "list": "/ledgers/entries/?export=xlsx",
        "book": f"/ledgers/books/{book.pk}/export.xlsx",
        "api": f"/api/v1/ledger-books/{book.pk}/export/",
    }


# --- exports --------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["list", "book", "api"])
@pytest.mark.parametrize("role", ["community_staff", "street_supervisor", "district_admin"])
def test_exports_leave_personal_fields_out_by_default(world, entry, client_for, role, kind):
    response = client_for(world.users[role]).get(_exports(entry.book)[kind])
    assert response.status_code == 200
    body = _bytes(response)
    text = sheet_text(body)
    assert "张三" in text  # the rest of the row is there
    for value in (VALID_ID, PHONE, MASKED_ID, MASKED_PHONE):
        assert value not in text
    if kind != "list":
        assert "公民身份号码" not in sheet_rows(body)[0]
    assert not AuditRecord.objects.filter(action="personal_data.export").exists()


@pytest.mark.parametrize("kind", ["list", "book", "api"])
def test_staff_may_ask_for_personal_fields_masked_and_audited(world, entry, client_for, kind):
    staff = world.users["community_staff"]
    url = _exports(entry.book)[kind]
    response = client_for(staff).get(url + ("&" if "?" in url else "?") + f"personal=1&memo={VALID_ID}")
    text = sheet_text(response)
    assert MASKED_ID in text and MASKED_PHONE in text
    assert VALID_ID not in text and PHONE not in text  # even then: masked
    audit = AuditRecord.objects.get(action="personal_data.export")
    assert audit.actor == staff
    assert VALID_ID not in json.dumps(audit.after, ensure_ascii=False)  # the filters are redacted


@pytest.mark.parametrize("kind", ["list", "book", "api"])
@pytest.mark.parametrize("role", ["street_supervisor", "district_admin", "department_officer"])
def test_supervisors_asking_for_personal_fields_get_none(world, entry, client_for, role, kind):
    url = _exports(entry.book)[kind]
    response = client_for(world.users[role]).get(url + ("&" if "?" in url else "?") + "personal=1")
    assert response.status_code == 200
    text = sheet_text(response)
    assert MASKED_ID not in text and MASKED_PHONE not in text
    assert not AuditRecord.objects.filter(action="personal_data.export").exists()


def test_personal_export_buttons_only_for_community_staff(world, entry, client_for):
    url = f"/ledgers/entries/?book={entry.book_id}"
    staff_page = client_for(world.users["community_staff"]).get(url).content.decode()
    assert "personal=1" in staff_page and "包含个人信息" in staff_page
    street_page = client_for(world.users["street_supervisor"]).get(url).content.decode()
    assert "personal=1" not in street_page


def test_a_minimised_export_reimports_without_losing_numbers(world, entry):
    from audit.personal_data import personal_export_requested  # noqa: F401 - the rule under test
    from ledgers.views import book_export_fields

    names = book_export_fields(entry.book, user=world.users["community_staff"], params={})
    assert "公民身份号码" not in names and "联系电话" not in names
    from ledgers.spreadsheets import entries_bytes

    content = entries_bytes("x", names, [(entry.row_id, entry.entry_date, entry.values)])
    rows = sheet_rows(content)
    rows[1][rows[0].index("户主姓名")] = "张三丰"
    result = services.ledger_entries_import(
        by=world.users["community_staff"], book_id=entry.book_id, upload=xlsx(rows), filename="a.xlsx"
    )
    assert result.ok and result.updated == 1 and result.created == 0
    entry.refresh_from_db()
    assert entry.values["户主姓名"] == "张三丰"
    assert entry.values["公民身份号码"] == MASKED_ID
    from audit import personal_data

    assert personal_data.unseal(entry.sealed_values["联系电话"]) == PHONE
    # a new row in such a file has no number: the required ID field is reported missing
    rows.append(["", "2025-03-09", "王五", *[None] * (len(rows[0]) - 3)])
    result = services.ledger_entries_import(
        by=world.users["community_staff"], book_id=entry.book_id, upload=xlsx(rows), filename="a.xlsx"
    )
    assert not result.ok and {e["column"] for e in result.errors} == {"公民身份号码"}
    assert LedgerEntry.objects.count() == 1


# --- reveal of a ledger entry's number -------------------------------------------------------
def test_entry_list_row_action_and_reveal_page(world, entry, client_for):
    client = client_for(world.users["community_staff"])
    listing = client.get(f"/ledgers/entries/?book={entry.book_id}").content.decode()
    url = f"/ledgers/entries/{entry.pk}/reveal/"
    assert url in listing and MASKED_ID in listing and VALID_ID not in listing
    form = client.get(url + "?field=公民身份号码")
    assert form.status_code == 200 and MASKED_ID in form.content.decode()
    assert VALID_ID not in form.content.decode()
    missing = client.post(url, {"field": "公民身份号码", "reason": " "})
    assert missing.status_code == 400 and VALID_ID not in missing.content.decode()
    wrong = client.post(url, {"field": "户主姓名", "reason": "核对"})
    assert wrong.status_code == 400 and "该字段不是身份证号或电话字段" in wrong.content.decode()
    shown = client.post(url, {"field": "公民身份号码", "reason": "核对低保对象"})
    assert shown.status_code == 200 and VALID_ID in shown.content.decode()
    assert PHONE not in shown.content.decode() and shown["Cache-Control"] == "no-store"
    audit = AuditRecord.objects.get(action="personal_data.reveal")
    assert (audit.actor, audit.reason, audit.target_id) == (
        world.users["community_staff"],
        "核对低保对象",
        str(entry.pk),
    )


@pytest.mark.parametrize(
    ("role", "page", "api"),
    [
        ("community_head", 200, 200),
        ("street_supervisor", 403, 403),
        ("district_admin", 403, 403),
        ("department_officer", 403, 403),
        ("other_community_staff", 404, 404),
        ("other_street_supervisor", 403, 404),
        ("other_department_officer", 403, 404),
    ],
)
def test_entry_reveal_role_and_scope_matrix(world, entry, client_for, api_for, role, page, api):
    user = world.users[role]
    if page != 200:
        listing = client_for(user).get("/ledgers/entries/").content.decode()
        assert "/reveal/" not in listing
    response = client_for(user).post(
        f"/ledgers/entries/{entry.pk}/reveal/", {"field": "联系电话", "reason": "回访"}
    )
    assert response.status_code == page
    response = api_for(user).post(
        f"/api/v1/ledger-entries/{entry.pk}/reveal/", {"field": "联系电话", "reason": "回访"}, format="json"
    )
    assert response.status_code == api
    if api == 200:
        assert response.json() == {"field": "联系电话", "value": PHONE}
    assert AuditRecord.objects.filter(action="personal_data.reveal").count() == (page == 200) + (api == 200)


def test_entry_reveal_api_bad_input(world, entry, api_for):
    api = api_for(world.users["community_staff"])
    url = f"/api/v1/ledger-entries/{entry.pk}/reveal/"
    missing = api.post(url, {"field": "联系电话", "reason": ""}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    wrong = api.post(url, {"field": "户主姓名", "reason": "x"}, format="json")
    assert wrong.status_code == 400 and "field" in wrong.json()
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


def test_entry_list_with_row_actions_keeps_constant_queries(
    world, book, client_for, django_assert_max_num_queries
):
    staff = world.users["community_staff"]
    for n in range(60):
        services.ledger_entry_create(
            by=staff,
            book_id=book.pk,
            values={"户主姓名": f"户{n}", "公民身份号码": VALID_ID, "联系电话": PHONE},
        )
    client = client_for(staff)
    client.get("/ledgers/entries/")  # warm the session and caches
    with django_assert_max_num_queries(12):
        page = client.get("/ledgers/entries/")
    assert page.content.decode().count("/reveal/") == 50


# --- logs -----------------------------------------------------------------------------------
def test_no_log_line_carries_a_personal_value(world, entry, client_for, api_for, caplog):
    """Every log line of the entry, export and reveal flows, formatted as the JSON the portal
    writes, is free of the numbers."""
    from pythonjsonlogger.json import JsonFormatter

    client = client_for(world.users["community_staff"])
    with caplog.at_level(logging.DEBUG):
        client.post(
            f"/ledgers/books/{entry.book_id}/entries/new/",
            {"f0": "李四", "f1": "110105194912310021", "f5": "1380013800"},  # both wrong
        )
        client.get(f"/ledgers/entries/?book={entry.book_id}&export=xlsx&personal=1")
        client.post(f"/ledgers/entries/{entry.pk}/reveal/", {"field": "公民身份号码", "reason": "核对"})
        api_for(world.users["community_staff"]).post(
            f"/api/v1/ledger-entries/{entry.pk}/reveal/",
            {"field": "联系电话", "reason": "核对"},
            format="json",
        )
        api_for(world.users["street_supervisor"]).post(
            f"/api/v1/ledger-entries/{entry.pk}/reveal/",
            {"field": "联系电话", "reason": "核对"},
            format="json",
        )
    formatter = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    lines = [formatter.format(r) for r in caplog.records]
    assert lines
    for line in lines:
        for value in (VALID_ID, PHONE, "110105194912310021", VALID_ID[:14]):
            assert value not in line
