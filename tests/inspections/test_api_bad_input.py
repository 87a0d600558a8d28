"""Bad query parameters the API fuzzer found: a field-level 400, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["0", "0.0", "10000", "2025.5", "-1"])
def test_emergency_report_list_bad_year_is_a_field_400(world, api_for, year):
    response = api_for(world.users["district_admin"]).get("/api/v1/emergency-reports/", {"year": year})
    assert response.status_code == 400, response.content
    assert "year" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/emergency-reports/summary/", "/api/v1/department-ratings/summary/"])
@pytest.mark.parametrize("year", ["0", "1999", "2101", "二〇二五", "2025.0"])
def test_summaries_bad_year_is_a_field_400(world, api_for, url, year):
    response = api_for(world.users["district_admin"]).get(url, {"year": year})
    assert response.status_code == 400, response.content
    assert "year" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/emergency-reports/summary/", "/api/v1/department-ratings/summary/"])
def test_summaries_default_to_this_year(world, api_for, url):
    api = api_for(world.users["district_admin"])
    assert api.get(url).status_code == 200
    assert api.get(url, {"year": ""}).status_code == 200
    assert api.get(url, {"year": "2025"}).status_code == 200


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_merge_proposals_start_out_of_range_is_a_field_400(world, api_for, start):
    response = api_for(world.users["street_supervisor"]).get(
        "/api/v1/inspection-merges/proposals/", {"start": start}
    )
    assert response.status_code == 400, response.content
    assert "start" in response.json()


def test_merge_proposals_unreadable_start_means_today(world, api_for):
    api = api_for(world.users["street_supervisor"])
    assert api.get("/api/v1/inspection-merges/proposals/", {"start": "下周"}).status_code == 200
    assert api.get("/api/v1/inspection-merges/proposals/", {"start": "2031-03-03", "weeks": "x"}).json() == []
