"""Exports write what users typed as text: a note "=1+1" is never a live formula in Excel."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from ledgers import services
from ledgers.models import LedgerEntry
from ledgers.spreadsheets import entries_bytes, template_bytes
from tests.ledgers.conftest import VALID_ID

HYPERLINK = '=HYPERLINK("http://example.invalid/","点我")'


def _sheet(content: bytes):
    return load_workbook(BytesIO(content)).worksheets[0]


def test_ledger_export_writes_formula_like_values_as_text(client_for, world, book):
    services.ledger_entry_create(
        by=world.users["community_staff"],
        book_id=book.pk,
        values={"户主姓名": HYPERLINK, "公民身份号码": VALID_ID},
        entry_date="2025-03-02",
    )
    response = client_for(world.users["community_staff"]).get(reverse("ledgers:entry_export", args=[book.pk]))
    sheet = _sheet(b"".join(response.streaming_content))
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("户主姓名") + 1)
    assert cell.value == HYPERLINK and cell.data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_ledger_export_re_imports_its_formula_like_text(world, book):
    content = entries_bytes("x", ["户主姓名", "=备注"], [("r1", None, {"户主姓名": "=1+1", "=备注": "@x"})])
    sheet = _sheet(content)
    assert [(c.value, c.data_type) for c in sheet[1]][2:] == [("户主姓名", "s"), ("=备注", "s")]
    assert [(c.value, c.data_type) for c in sheet[2]][2:] == [("=1+1", "s"), ("@x", "s")]
    names = list(book.ledger_type.fields)
    row = {"户主姓名": "=1+1", "公民身份号码": VALID_ID}
    upload = BytesIO(entries_bytes("x", names, [("", None, row)]))
    result = services.ledger_entries_import(
        by=world.users["community_staff"], book_id=book.pk, upload=upload, filename="a.xlsx"
    )
    assert result.total_errors == 0 and result.created == 1
    assert LedgerEntry.objects.get().values["户主姓名"] == "=1+1"


def test_template_writes_field_names_as_text():
    from ledgers.validation import FieldSpec

    content = template_bytes("=标题", [FieldSpec("=1+1", "text")], {})
    workbook = load_workbook(BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate


def test_register_export_writes_a_note_as_text(client_for, world, low_income_type):
    services.ledger_type_cancel(
        ledger_type_id=low_income_type.pk, by=world.users["district_admin"], reason="=1+1"
    )
    response = client_for(world.users["district_admin"]).get(
        reverse("ledgers:ledger_type_list"), {"export": "xlsx"}
    )
    sheet = _sheet(response.content)
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("取消理由") + 1)
    assert cell.value == "=1+1" and cell.data_type == "s"
