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
