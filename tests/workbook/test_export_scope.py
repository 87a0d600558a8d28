"""Export scope: a user exports only units their own unit contains (community ⊂ street ⊂ district ⊂
all), through the page and the API alike. Seeing a street's name is not seeing its records."""

import pytest

from tests.factories import CommunityFactory, DistrictFactory, StreetFactory, UserFactory
from workbook import selectors

pytestmark = pytest.mark.django_db

INSIDE_THE_DISTRICT = (
    "own_community",
    "sibling_community",
    "own_street",
    "other_street",
    "other_street_community",
    "own_district",
)
SCOPES = (*INSIDE_THE_DISTRICT, "foreign_community", "foreign_street", "foreign_district", "all")

ALLOWED = {
    "community_staff": {"own_community"},
    "community_head": {"own_community"},
    "street_supervisor": {"own_community", "sibling_community", "own_street"},
    "district_admin": set(INSIDE_THE_DISTRICT),
    "superuser": set(SCOPES),
    "department_officer": set(),
}


@pytest.fixture
def units(world):
    foreign_district = DistrictFactory(name="别的区")
    foreign_street = StreetFactory(district=foreign_district)
    foreign_community = CommunityFactory(street=foreign_street)
    return {
        "own_community": f"community:{world.community.code}",
        "sibling_community": f"community:{world.sibling.code}",
        "own_street": f"street:{world.street.code}",
        "other_street": f"street:{world.other_street.code}",
        "other_street_community": f"community:{world.other_community.code}",
        "own_district": f"district:{world.district.name}",
        "foreign_community": f"community:{foreign_community.code}",
        "foreign_street": f"street:{foreign_street.code}",
        "foreign_district": f"district:{foreign_district.name}",
        "all": "all",
    }


def user_for(world, role):
    if role == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return world.users[role]


@pytest.mark.parametrize("role", list(ALLOWED))
def test_export_matrix_api_and_page(world, units, role, api_for, client_for):
    user = user_for(world, role)
    api = api_for(user)
    page = client_for(user)
    for name in SCOPES:
        scope = units[name]
        allowed = name in ALLOWED[role]
        got = api.get("/api/v1/workbook/export/", {"scope": scope, "year": 2026})
        assert got.status_code == (200 if allowed else 403), (role, name, "api")
        if allowed:
            assert b"".join(got.streaming_content)[:2] == b"PK"
        got = page.get("/workbook/export/", {"scope": scope, "year": 2026})
        # The page is not for departments (403); elsewhere a refused scope is not among the
        # form's choices (400, a field error).
        expected = 403 if role == "department_officer" else 200 if allowed else 400
        assert got.status_code == expected, (role, name, "page")
        if allowed:
            assert b"".join(got.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("role", list(ALLOWED))
def test_choices_and_the_api_rule_are_the_same(world, units, role):
    """The page's choice list is exactly what the API accepts: the two cannot drift."""
    user = user_for(world, role)
    offered = {value for value, _label in selectors.export_scope_choices(user=user)}
    accepted = {text for text in units.values() if selectors.export_scope_allowed(user=user, scope_text=text)}
    assert accepted == {units[name] for name in ALLOWED[role]}
    assert offered & set(units.values()) == accepted
    assert all(selectors.export_scope_allowed(user=user, scope_text=value) for value in offered)


def test_community_member_cannot_export_the_street_records(world, api_for, make_xlsx):
    """The review's case: demo_staff asked for street:S01 and got every community's records."""
    import io

    from openpyxl import load_workbook

    from workbook.services import workbook_import

    from .conftest import EVERYTHING

    sheets = {
        "meetings": [
            ["community_code", "department_code", "date", "hours", "count"],
            [world.community.code, world.department.code, "2026-01-02", 1, 1],
            [world.sibling.code, world.department.code, "2026-01-03", 1, 1],
        ]
    }
    assert workbook_import(path=make_xlsx(sheets), scope=EVERYTHING).imported
    staff = api_for(world.users["community_staff"])
    assert staff.get("/api/v1/workbook/export/", {"scope": f"street:{world.street.code}"}).status_code == 403
    own = staff.get("/api/v1/workbook/export/", {"scope": f"community:{world.community.code}", "year": 2026})
    assert own.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(own.streaming_content)), read_only=True)
    header, *rows = book["meetings"].iter_rows(values_only=True)
    codes = [row[header.index("community_code")] for row in rows]
    assert codes == [world.community.code]


def test_malformed_or_unknown_scope_is_still_400(world, api_for):
    api = api_for(world.users["community_staff"])
    assert api.get("/api/v1/workbook/export/", {"scope": "street:NOPE"}).status_code == 400
    assert api.get("/api/v1/workbook/export/", {"scope": "planet:earth"}).status_code == 400
