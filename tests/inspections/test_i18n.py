"""The English UI: the inspection registers' refusals read in English; Chinese stays the default."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from inspections import services
from inspections.models import InspectionMerge

from .factories import PlannedInspectionFactory
from .test_services import _rate, errors_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def across_streets(world):
    monday = (
        timezone.localdate()
        - datetime.timedelta(days=timezone.localdate().weekday())
        + datetime.timedelta(weeks=1)
    )
    a = PlannedInspectionFactory(community=world.community, date=monday)
    c = PlannedInspectionFactory(community=world.other_community, date=monday)
    return [a.pk, c.pk], monday


def test_merge_across_streets_in_english(world, across_streets):
    ids, _ = across_streets
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.inspection_merge_create(user=world.users["district_admin"], inspection_ids=ids)
    message = errors_of(excinfo)["inspections"][0]
    names = ", ".join(sorted([world.street.name, world.other_street.name]))
    assert message == (
        f"Inspections of different streets cannot be merged: the chosen ones belong to different streets ({names})."
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        services.inspection_merge_create(user=world.users["district_admin"], inspection_ids=ids)
    assert errors_of(excinfo)["inspections"][0].startswith("不能跨街道合并检查")
    assert not InspectionMerge.objects.exists()


def test_calendar_merge_refusal_on_the_english_page(world, client_for, across_streets):
    ids, monday = across_streets
    client = client_for(world.users["district_admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    refused = client.post(
        "/inspections/merges/new/", {"inspections": ids, "date": str(monday)}, headers={"HX-Request": "true"}
    )
    html = refused.content.decode()
    assert "Inspections of different streets cannot be merged" in html
    assert "不能跨街道" not in html


def test_api_400_follows_accept_language(world, api_for, across_streets):
    ids, _ = across_streets
    district = api_for(world.users["district_admin"])
    english = district.post(
        "/api/v1/inspection-merges/", {"inspections": ids}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 400
    assert "different streets" in english.json()["inspections"][0]
    chinese = district.post("/api/v1/inspection-merges/", {"inspections": ids}, format="json")
    assert chinese.status_code == 400
    assert "不能跨街道合并检查" in chinese.json()["inspections"][0]


def test_module_level_messages_follow_the_language_of_the_moment(world):
    """The score ranges are defined once at import; their messages are still read per request."""
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        _rate(world, score=6, scale="five")
    assert errors_of(excinfo)["score"] == ["A five-point score must be between 1 and 5."]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        _rate(world, score=6, scale="five")
    assert errors_of(excinfo)["score"] == ["五分制评分须在 1 到 5 之间。"]
