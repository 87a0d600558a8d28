"""Import scope of the organisation sheets: a street supervisor never moves their street to another
district nor creates a district; a district admin keeps streets inside their district; a community
row never leaves the uploader's unit nor creates a street. The command stays unrestricted."""

import pytest
from django.core.management import call_command

from organisation.models import Community, District, Street
from organisation.scoping import Scope
from tests.factories import CommunityFactory, DistrictFactory, StreetFactory
from workbook.services import workbook_import

pytestmark = pytest.mark.django_db

STREETS = ["code", "name", "district"]
COMMUNITIES = ["code", "name", "street_code", "households", "staff", "social_workers"]


def street_scope(world):
    return Scope(role="street_supervisor", street_id=world.street.pk)


def district_scope(world):
    return Scope(role="district_admin", district_id=world.district.pk)


def community_row(community, street_code):
    return [community.code, community.name, street_code, 100, 3, 1]


def state():
    """What the organisation looks like: (street code, district) and (community code, street code)."""
    return (
        sorted(Street.objects.values_list("code", "district__name")),
        sorted(Community.objects.values_list("code", "street__code")),
        sorted(District.objects.values_list("name", flat=True)),
    )


def errors(result):
    return [(e.sheet, e.row, e.column) for e in result.errors]


@pytest.mark.parametrize("district", ["别的区", "示范区X"], ids=["new-district", "new-name"])
def test_street_supervisor_cannot_move_their_street_to_another_district(world, make_xlsx, district):
    """The review's case: `S01, 东城街道, 别的区` moved S01 into a new district."""
    before = state()
    sheets = {
        "streets": [STREETS, [world.street.code, "东城街道", district]],
        "communities": [COMMUNITIES, community_row(world.community, world.street.code)],
    }
    result = workbook_import(path=make_xlsx(sheets), scope=street_scope(world))
    assert not result.imported
    assert errors(result) == [("streets", 2, "district")]
    assert world.district.name in result.errors[0].reason
    assert state() == before  # all or nothing: not even the rename, no district created
    assert Street.objects.get(pk=world.street.pk).name == world.street.name


def test_street_supervisor_cannot_move_their_street_to_an_existing_district(world, make_xlsx):
    DistrictFactory(name="别的区")
    before = state()
    sheets = {"streets": [STREETS, [world.street.code, world.street.name, "别的区"]]}
    result = workbook_import(path=make_xlsx(sheets), scope=street_scope(world))
    assert errors(result) == [("streets", 2, "district")] and state() == before


def test_street_supervisor_may_still_rename_their_street(world, make_xlsx):
    sheets = {"streets": [STREETS, [world.street.code, "东城街道", world.district.name]]}
    result = workbook_import(path=make_xlsx(sheets), scope=street_scope(world))
    assert result.imported, result.errors
    assert Street.objects.get(pk=world.street.pk).name == "东城街道"


def test_street_supervisor_cannot_create_a_street_or_a_district(world, make_xlsx):
    before = state()
    sheets = {"streets": [STREETS, ["S99", "新街道", world.district.name], ["S98", "新街道2", "新区"]]}
    result = workbook_import(path=make_xlsx(sheets), scope=street_scope(world))
    assert errors(result) == [("streets", 2, "code"), ("streets", 3, "code"), ("streets", 3, "district")]
    assert state() == before


def test_district_admin_cannot_move_a_street_out_of_the_district(world, make_xlsx):
    DistrictFactory(name="别的区")
    before = state()
    sheets = {
        "streets": [
            STREETS,
            [world.street.code, world.street.name, "别的区"],
            [world.other_street.code, world.other_street.name, "全新的区"],
        ]
    }
    result = workbook_import(path=make_xlsx(sheets), scope=district_scope(world))
    assert errors(result) == [("streets", 2, "district"), ("streets", 3, "district")]
    assert world.district.name in result.errors[0].reason
    assert state() == before


def test_district_admin_cannot_create_a_street_in_another_district(world, make_xlsx):
    before = state()
    sheets = {"streets": [STREETS, ["S99", "外区街道", "别的区"]]}
    result = workbook_import(path=make_xlsx(sheets), scope=district_scope(world))
    assert errors(result) == [("streets", 2, "district")]
    assert state() == before


def test_district_admin_may_add_and_rename_streets_in_the_district(world, make_xlsx):
    sheets = {
        "streets": [
            STREETS,
            ["S99", "新街道", world.district.name],
            [world.street.code, "改名街道", world.district.name],
        ],
        "communities": [COMMUNITIES, ["C900", "新社区", "S99", 10, 1, 0]],
    }
    result = workbook_import(path=make_xlsx(sheets), scope=district_scope(world))
    assert result.imported, result.errors
    assert Street.objects.get(code="S99").district == world.district
    assert Community.objects.get(code="C900").street.code == "S99"
    assert District.objects.count() == 1


def test_district_admin_cannot_take_a_street_of_another_district(world, make_xlsx):
    foreign = StreetFactory(district=DistrictFactory(name="别的区"))
    before = state()
    sheets = {"streets": [STREETS, [foreign.code, foreign.name, world.district.name]]}
    result = workbook_import(path=make_xlsx(sheets), scope=district_scope(world))
    assert errors(result) == [("streets", 2, "code")]
    assert state() == before


def test_street_supervisor_cannot_move_a_community_out_of_the_street(world, make_xlsx):
    before = state()
    sheets = {"communities": [COMMUNITIES, community_row(world.community, world.other_street.code)]}
    result = workbook_import(path=make_xlsx(sheets), scope=street_scope(world))
    assert errors(result) == [("communities", 2, "street_code")]
    assert state() == before


def test_street_supervisor_cannot_pull_in_a_community_of_another_street(world, make_xlsx):
    before = state()
    sheets = {"communities": [COMMUNITIES, community_row(world.other_community, world.street.code)]}
    result = workbook_import(path=make_xlsx(sheets), scope=street_scope(world))
    assert errors(result) == [("communities", 2, "code")]
    assert state() == before


def test_street_supervisor_may_add_a_community_to_their_street(world, make_xlsx):
    sheets = {"communities": [COMMUNITIES, ["C900", "新社区", world.street.code, 10, 1, 0]]}
    result = workbook_import(path=make_xlsx(sheets), scope=street_scope(world))
    assert result.imported, result.errors
    assert Community.objects.get(code="C900").street == world.street


def test_district_admin_moves_communities_only_inside_the_district(world, make_xlsx):
    foreign_street = StreetFactory(district=DistrictFactory(name="别的区"))
    foreign = CommunityFactory(street=foreign_street)
    before = state()
    sheets = {
        "communities": [
            COMMUNITIES,
            community_row(world.community, foreign_street.code),
            community_row(foreign, world.street.code),
        ]
    }
    result = workbook_import(path=make_xlsx(sheets), scope=district_scope(world))
    assert errors(result) == [("communities", 2, "street_code"), ("communities", 3, "code")]
    assert state() == before
    inside = {"communities": [COMMUNITIES, community_row(world.community, world.other_street.code)]}
    result = workbook_import(path=make_xlsx(inside, "inside.xlsx"), scope=district_scope(world))
    assert result.imported, result.errors
    assert Community.objects.get(pk=world.community.pk).street == world.other_street


@pytest.mark.parametrize("scope", ["street", "district"])
def test_a_community_row_never_creates_a_street(world, make_xlsx, scope):
    before = state()
    sheets = {"communities": [COMMUNITIES, ["C900", "新社区", "S77", 10, 1, 0]]}
    result = workbook_import(
        path=make_xlsx(sheets), scope=street_scope(world) if scope == "street" else district_scope(world)
    )
    assert not result.imported and ("communities", 2, "street_code") in errors(result)
    assert state() == before


def test_the_command_still_moves_streets_and_creates_districts(world, make_xlsx):
    sheets = {
        "streets": [STREETS, [world.street.code, "东城街道", "别的区"]],
        "communities": [COMMUNITIES, community_row(world.community, world.other_street.code)],
    }
    call_command("import_workbook", str(make_xlsx(sheets)), stdout=None)
    street = Street.objects.get(pk=world.street.pk)
    assert street.district.name == "别的区" and street.name == "东城街道"
    assert Community.objects.get(pk=world.community.pk).street == world.other_street


def test_the_new_reasons_read_in_english(world, make_xlsx):
    from django.utils import translation

    sheets = {
        "streets": [STREETS, [world.street.code, world.street.name, "别的区"]],
        "communities": [COMMUNITIES, community_row(world.community, world.other_street.code)],
    }
    with translation.override("en"):
        result = workbook_import(path=make_xlsx(sheets), scope=street_scope(world))
    reasons = [e.reason for e in result.errors]
    assert reasons == [
        f"The district must be “{world.district.name}”: a street cannot be moved to another district, "
        "nor a district created",
        "A community cannot be put in a street outside your unit",
    ]
