"""Years and weeks out of range are field errors on the drill-down lists, never a server error;
the dashboards and the report keep their years inside 2000–2100."""

import pytest
from django.utils import translation

from burden.filtersets import AssignmentFilterSet, InspectionFilterSet, SignboardFilterSet, WorkLogFilterSet

from .conftest import RECORD_KINDS as KINDS
from .conftest import YEAR

pytestmark = pytest.mark.django_db

BAD_YEARS = ["0", "1999", "2101", "10000", "99999", "-5", "2025.5", "1e9", "abc"]
BAD_WEEKS = ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01", "2025-02-30", "nope"]


def field_errors(html: str) -> list[str]:
    return [part.split("</div>")[0] for part in html.split('class="invalid-feedback d-block">')[1:]]


@pytest.mark.parametrize("role", ["street_supervisor", "district_admin"])
@pytest.mark.parametrize("kind", KINDS)
def test_bad_year_or_week_is_a_field_error(burden_data, client_for, role, kind):
    client = client_for(burden_data.users[role])
    for param, values in (("year", BAD_YEARS), ("week", BAD_WEEKS)):
        for value in values:
            response = client.get(f"/burden/records/{kind}/", {param: value})
            assert response.status_code == 200, (kind, param, value)
            html = response.content.decode()
            assert field_errors(html), (kind, param, value)
            assert "暂无记录" in html  # an invalid filter lists nothing (as every register page)
            assert client.get(f"/burden/records/{kind}/", {param: value, "export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_years_and_weeks_at_the_bounds_are_accepted(burden_data, client_for, kind):
    client = client_for(burden_data.users["district_admin"])
    for query in ({"year": "2000"}, {"year": "2100"}, {"week": "2000-01-01"}, {"week": "2100-12-31"}):
        response = client.get(f"/burden/records/{kind}/", query)
        assert response.status_code == 200 and not field_errors(response.content.decode()), (kind, query)


def test_the_year_message_says_the_range(burden_data):
    for filterset_class in (AssignmentFilterSet, WorkLogFilterSet, InspectionFilterSet, SignboardFilterSet):
        filterset = filterset_class({"year": "99999", "week": "9999-12-31"})
        assert not filterset.is_valid()
        assert set(filterset.errors) == {"year", "week"}
        assert filterset.errors == {
            "year": ["年度应在2000至2100之间。"],
            "week": ["日期应在2000年至2100年之间。"],
        }
    with translation.override("en"):
        filterset = InspectionFilterSet({"year": "1999", "week": "2101-01-01"})
        assert filterset.errors == {
            "year": ["The year must be between 2000 and 2100."],
            "week": ["The date must be in the years 2000 to 2100."],
        }


def test_the_last_week_of_the_range_still_filters(burden_data, client_for):
    """The week's Sunday may fall after 2100-12-31 (a Friday): no overflow, the week is listed."""
    client = client_for(burden_data.users["district_admin"])
    assert client.get("/burden/records/inspections/", {"week": "2100-12-31"}).status_code == 200


@pytest.mark.parametrize(
    "role", ["street_supervisor", "district_admin", "community_head", "department_officer"]
)
def test_dashboard_and_report_years_stay_in_range(burden_data, client_for, role):
    client = client_for(burden_data.users[role])
    for value in ("0", "99999", "-1", "1e9", "abc", "9" * 5000):
        assert client.get("/burden/", {"year": value}).status_code == 200, value
        if role != "department_officer":
            assert client.get("/burden/report/", {"year": value}).status_code == 200, value


def test_report_api_rejects_years_out_of_range(burden_data, api_for):
    api = api_for(burden_data.users["district_admin"])
    for value in ("0", "1999", "2101", "99999", "abc", "9" * 5000):
        response = api.get("/api/v1/burden/report/", {"year": value})
        assert response.status_code == 400 and "year" in response.json(), value
    assert api.get("/api/v1/burden/report/", {"year": YEAR}).status_code == 200


def test_the_month_filter_starts_blank(burden_data, client_for):
    """The form as it stands (no month chosen) lists every month, not January's only."""
    filterset = InspectionFilterSet({})
    assert '<option value="" selected>' in str(filterset.form["month"])
    client = client_for(burden_data.users["district_admin"])
    everything = client.get("/burden/records/inspections/", {"year": YEAR, "month": ""}).content.decode()
    assert everything.split("<table", 1)[1].count("<tr>") == 1 + 3  # header + the three held in YEAR
    february = client.get("/burden/records/inspections/", {"year": YEAR, "month": "2"}).content.decode()
    assert february.split("<table", 1)[1].count("<tr>") == 1 + 2
