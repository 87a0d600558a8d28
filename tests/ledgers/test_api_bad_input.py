"""Bad input the API fuzzer found: each must be a field-level 400, never a 500, and write nothing."""

import pytest

from ledgers.models import CanonicalField

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
