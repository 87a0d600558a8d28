"""GET /api/v1/burden/report/: scoped to the user's own unit."""

import pytest

from burden.calculations import burden_report
from tests.factories import UserFactory

from .conftest import YEAR

pytestmark = pytest.mark.django_db
URL = "/api/v1/burden/report/"


def scopes(w):
    return {
        "all": "all",
        "district": f"district:{w.district.name}",
        "street": f"street:{w.street.code}",
        "other_street": f"street:{w.other_street.code}",
        "community": f"community:{w.community.code}",
        "sibling": f"community:{w.sibling.code}",
        "other_community": f"community:{w.other_community.code}",
    }


# role → the scopes it may read; every other scope answers 404.
ALLOWED = {
    "community_staff": {"community"},
    "community_head": {"community"},
    "street_supervisor": {"street", "community", "sibling"},
    "district_admin": {"district", "street", "other_street", "community", "sibling", "other_community"},
}


@pytest.mark.parametrize("role", list(ALLOWED))
def test_scoping_matrix(burden_data, api_for, role):
    api = api_for(burden_data.users[role])
    for name, scope in scopes(burden_data).items():
        response = api.get(URL, {"scope": scope, "year": YEAR})
        expected = 200 if name in ALLOWED[role] else 404
        assert response.status_code == expected, (role, name, response.status_code)
        if expected == 200:
            assert response.json() == burden_report(scope=scope, year=YEAR) | {
                "narrative": response.json()["narrative"]
            }


def test_default_scope_is_own_unit(burden_data, api_for):
    body = api_for(burden_data.users["street_supervisor"]).get(URL, {"year": YEAR}).json()
    assert body["scope"] == f"street:{burden_data.street.code}" and body["communities"] == 2


def test_department_officer_forbidden(burden_data, api_for):
    assert api_for(burden_data.users["department_officer"]).get(URL, {"scope": "all"}).status_code == 403


def test_superuser_reads_all(burden_data, api_for):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert api_for(admin).get(URL, {"scope": "all", "year": YEAR}).json()["communities"] == 3


@pytest.mark.parametrize(
    "params", [{"scope": "town:1"}, {"scope": "street"}, {"year": "abc"}, {"year": "1800"}]
)
def test_bad_input_400(burden_data, api_for, params):
    response = api_for(burden_data.users["district_admin"]).get(URL, params)
    assert response.status_code == 400
    assert set(response.json()) <= {"scope", "year"}


def test_unknown_unit_404(burden_data, api_for):
    assert api_for(burden_data.users["district_admin"]).get(URL, {"scope": "street:NOPE"}).status_code == 404


def test_anonymous(client):
    assert client.get(URL).status_code in (401, 403)
