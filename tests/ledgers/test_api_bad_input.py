"""Bad input the API fuzzer found: each must be a field-level 400, never a 500, and write nothing."""

import pytest

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
