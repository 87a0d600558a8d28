"""Bad input the API fuzzer found: each must be a field-level 400, never a 500, and write nothing."""

import io

import pytest
import xlsxwriter

from ledgers.models import CanonicalField, LedgerEntry
from tests.ledgers.conftest import VALID_ID

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "门牌号", "field_type": "text", "minutes_per_entry": "\x84"}, "minutes_per_entry"),
        ({"name": "门牌号", "field_type": "text", "minutes_per_entry": "-1"}, "minutes_per_entry"),
        ({"name": "门牌号", "field_type": "text", "synonyms": 7}, "synonyms"),
        ({"name": ["门牌号"], "field_type": "text"}, "name"),
        ({"name": "门牌号", "field_type": "colour"}, "field_type"),
        ({"name": "门牌号", "field_type": "text", "profile_source": "mood"}, "profile_source"),
    ],
)
def test_canonical_field_bad_input_is_a_field_400(api_for, world, payload, field):
    api = api_for(world.users["district_admin"])
    response = api.post("/api/v1/canonical-fields/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.data
    assert not CanonicalField.objects.filter(name="门牌号").exists()


def test_canonical_field_good_input_saves(api_for, world):
    api = api_for(world.users["district_admin"])
    response = api.post(
        "/api/v1/canonical-fields/",
        {"name": "门牌号", "field_type": "text", "synonyms": ["住址门牌"], "minutes_per_entry": "0.5"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.data["synonyms"] == ["住址门牌"] and response.data["minutes_per_entry"] == "0.50"
    response = api.put(
        f"/api/v1/canonical-fields/{response.data['id']}/",
        {"name": "门牌号", "field_type": "text", "minutes_per_entry": "2"},
        format="json",
    )
    assert response.status_code == 200 and response.data["minutes_per_entry"] == "2.00"


@pytest.mark.parametrize("body", [[1, 2], "文本", 7])
def test_entry_update_with_a_body_that_is_not_an_object_is_a_400(api_for, world, book, body):
    entry = LedgerEntry.objects.create(community=world.community, book=book, values={"户主姓名": "张三"})
    response = api_for(world.users["community_staff"]).put(
        f"/api/v1/ledger-entries/{entry.pk}/", body, format="json"
    )
    assert response.status_code == 400, response.content
    entry.refresh_from_db()
    assert entry.values == {"户主姓名": "张三"}


def test_entry_update_keeps_its_book(api_for, world, book):
    entry = LedgerEntry.objects.create(community=world.community, book=book, values={"户主姓名": "张三"})
    response = api_for(world.users["community_staff"]).put(
        f"/api/v1/ledger-entries/{entry.pk}/",
        {"book": 0, "values": {"户主姓名": "李四", "公民身份号码": VALID_ID}},
        format="json",
    )
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert entry.book_id == book.pk and entry.values["户主姓名"] == "李四"


WEIRD_VALUES = [
    {"户主姓名": ["张三"], "公民身份号码": VALID_ID},
    {"户主姓名": {"姓": "张"}, "公民身份号码": VALID_ID},
    {"户主姓名": "张三", "公民身份号码": 11010519491231002},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "家庭人口": "三"},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "家庭人口": 1e300},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "家庭人口": [3]},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "低保金额": "\x84"},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "低保金额": "NaN"},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "低保金额": "1e999999"},  # was a 500 (cannot be rounded)
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "低保金额": 1e300},  # was a 500
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "低保金额": {"元": 1}},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "保障类别": ["A类"]},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "联系电话": 13800138000.5},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "认定日期": "0000-01-01"},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "认定日期": 20250101},
    {"户主姓名": "张三", "公民身份号码": VALID_ID, "认定日期": True},
]


@pytest.mark.parametrize("values", WEIRD_VALUES)
def test_entry_values_of_the_wrong_shape_are_field_400s(api_for, world, book, values):
    api = api_for(world.users["community_staff"])
    response = api.post("/api/v1/ledger-entries/", {"book": book.pk, "values": values}, format="json")
    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        assert set(response.json()) <= {*values, "entry_date", "values"}, response.content


@pytest.mark.parametrize("entry_date", ["0000-01-01", "9999-99-99", "2025-02-30", "\x84", 1.5])
def test_entry_date_bad_is_a_field_400(api_for, world, book, entry_date):
    api = api_for(world.users["community_staff"])
    response = api.post(
        "/api/v1/ledger-entries/",
        {"book": book.pk, "entry_date": entry_date, "values": {"户主姓名": "张三", "公民身份号码": VALID_ID}},
        format="json",
    )
    assert response.status_code == 400 and "entry_date" in response.json(), response.content


@pytest.mark.parametrize("amount", ["1e999999", "1E+16", 1e300, "-1e20"])
def test_entry_decimal_out_of_range_is_a_field_400_and_nothing_written(api_for, world, book, amount):
    api = api_for(world.users["community_staff"])
    values = {"户主姓名": "张三", "公民身份号码": VALID_ID, "低保金额": amount}
    response = api.post("/api/v1/ledger-entries/", {"book": book.pk, "values": values}, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {"低保金额": ["数值超出范围"]}
    assert not LedgerEntry.objects.filter(book=book).exists()


def test_catalog_updates_never_500(world, api_for, low_income_type):
    from tests.inspections.test_api_update_robustness import probe_updates

    from .factories import ReportFormFactory

    api = api_for(world.users["district_admin"])
    probe_updates(api, f"/api/v1/ledger-types/{low_income_type.pk}/", method="put")
    form = ReportFormFactory(department=world.department)
    probe_updates(api, f"/api/v1/report-forms/{form.pk}/", method="put")
    field = CanonicalField.objects.create(name="门牌号", field_type="text")
    probe_updates(api, f"/api/v1/canonical-fields/{field.pk}/", method="put")


# --- review findings (session 3): control characters, long field names, long reasons ------------
def _xlsx_with_text(rows) -> io.BytesIO:
    """xlsxwriter keeps control characters (as _xHHHH_ escapes) where openpyxl refuses them."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value))
    workbook.close()
    buffer.seek(0)
    buffer.name = "t.xlsx"
    return buffer


@pytest.mark.parametrize("text", ["a\x00b", "a\x01b", "a\x7fb", "a\x1bb"])
def test_entry_value_with_a_control_character_is_a_field_400(api_for, world, book, text):
    response = api_for(world.users["community_staff"]).post(
        "/api/v1/ledger-entries/",
        {"book": book.pk, "entry_date": "2025-03-02", "values": {"户主姓名": text, "公民身份号码": VALID_ID}},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"户主姓名"}
    assert not LedgerEntry.objects.filter(book=book).exists()


def test_entry_value_keeps_tabs_and_newlines(api_for, world, book):
    response = api_for(world.users["community_staff"]).post(
        "/api/v1/ledger-entries/",
        {"book": book.pk, "values": {"户主姓名": "张\t三\r\n李四", "公民身份号码": VALID_ID}},
        format="json",
    )
    assert response.status_code == 201, response.content


def test_import_cell_with_a_nul_is_a_row_error(api_for, world, book):
    from tests.ledgers.conftest import GOOD_ROW, HEADER

    upload = _xlsx_with_text([HEADER, GOOD_ROW, ["2025-03-02", "a\x00b", *GOOD_ROW[2:]]])
    response = api_for(world.users["community_staff"]).post(
        f"/api/v1/ledger-books/{book.pk}/import/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert response.data["errors"][0]["row"] == 3, response.data
    assert "户主姓名" in str(response.data["errors"][0])
    assert not LedgerEntry.objects.filter(book=book).exists()


def test_submission_fill_with_a_nul_is_a_field_400(api_for, world, monthly_form):
    import datetime

    from ledgers import services
    from ledgers.models import ReportSubmission

    admin = world.users["district_admin"]
    services.report_form_register(by=admin, report_form_id=monthly_form.pk, year=2025)
    due = services.report_form_send(
        by=admin,
        report_form_id=monthly_form.pk,
        communities=[world.community],
        period="2025-03",
        due_date=datetime.date(2099, 4, 5),
    )[0]
    response = api_for(world.users["community_staff"]).post(
        f"/api/v1/report-submissions/{due.pk}/fill/", {"values": {"户主姓名": "a\x00b"}}, format="json"
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"户主姓名"}
    assert not ReportSubmission.objects.get(pk=due.pk).values


def test_field_name_over_100_characters_is_a_field_400(api_for, world):
    from ledgers.models import LedgerType

    response = api_for(world.users["district_admin"]).post(
        "/api/v1/ledger-types/",
        {
            "code": "L99",
            "name": "长字段台账",
            "department": world.department.pk,
            "definitions": [{"name": "字" * 150, "field_type": "text"}],
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "fields" in response.json() or "definitions" in response.json(), response.content
    assert not LedgerType.objects.filter(code="L99").exists()


def test_cancel_reason_over_500_characters_is_a_field_400(api_for, world, low_income_type):
    response = api_for(world.users["district_admin"]).post(
        f"/api/v1/ledger-types/{low_income_type.pk}/cancel/", {"reason": "理" * 600}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json(), response.content
    low_income_type.refresh_from_db()
    assert low_income_type.status == "active"
