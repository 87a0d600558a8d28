"""Updates of existing rows with values of every wrong shape: a 400 (or 200), never a 500.

The schema fuzzer rarely hits an existing id, so updates are probed here on real rows."""

import pytest

from .conftest import RECORD_FACTORIES

pytestmark = pytest.mark.django_db

ODD = [None, "", "\x84", -1, 10**20, 1e300, "1e999999", [], {}, True, "9999-12-31", "0001-01-01", "25:61"]
ROLES = ["community_staff", "district_admin", "department_officer"]


def writer(world, api_for, url):
    """The API of the first role that may update the row."""
    for role in ROLES:
        api = api_for(world.users[role])
        if api.get(url).status_code == 200 and api.patch(url, {}, format="json").status_code == 200:
            return api
    raise AssertionError(f"no role may update {url}")


def probe_updates(api, url, *, method="patch"):
    """Send each field of the row, one at a time, with each odd value: never a 500."""
    current = api.get(url).json()
    assert api.put(url, current, format="json").status_code < 500
    for field in current:
        for value in ODD:
            body = {field: value} if method == "patch" else {**current, field: value}
            response = getattr(api, method)(url, body, format="json")
            assert response.status_code < 500, (url, field, value, response.content)


@pytest.mark.parametrize("endpoint", [*RECORD_FACTORIES, "platform-usages"])
def test_patch_each_field_with_odd_values_never_500(world, records, api_for, endpoint):
    url = f"/api/v1/{endpoint}/{records[endpoint]['own'].pk}/"
    probe_updates(writer(world, api_for, url), url)


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59+08:00", "1999-12-31T12:00"])
def test_emergency_report_time_out_of_range_is_a_field_400(world, records, api_for, value):
    """DRF's time-zone step overflowed on years 1 and 9999 (a 500)."""
    url = f"/api/v1/emergency-reports/{records['emergency-reports']['own'].pk}/"
    api = writer(world, api_for, url)
    for field in ("incident_at", "reported_at"):
        response = api.patch(url, {field: value}, format="json")
        assert response.status_code == 400 and field in response.json(), response.content
