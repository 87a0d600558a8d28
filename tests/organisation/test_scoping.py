"""The scoping matrix for the organisation: each role sees its own unit and nothing else."""

import pytest

from organisation.models import Community, Street
from organisation.scoping import scope_for

pytestmark = pytest.mark.django_db


def visible_codes(model, user):
    return set(model.objects.visible_to(user).values_list("code", flat=True))


def test_community_roles_see_only_their_community(world):
    for role in ("community_staff", "community_head"):
        assert visible_codes(Community, world.users[role]) == {world.community.code}


def test_street_sees_its_communities_only(world):
    assert visible_codes(Community, world.users["street_supervisor"]) == {
        world.community.code,
        world.sibling.code,
    }
    assert visible_codes(Street, world.users["street_supervisor"]) == {world.street.code}


def test_district_sees_the_whole_district(world):
    assert visible_codes(Community, world.users["district_admin"]) == {
        world.community.code,
        world.sibling.code,
        world.other_community.code,
    }


def test_user_without_membership_sees_nothing(world, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x-long-password")
    assert scope_for(stranger).nothing
    assert not Community.objects.visible_to(stranger).exists()


@pytest.mark.parametrize("role", ["community_staff", "street_supervisor", "department_officer"])
def test_api_detail_outside_scope_is_404(world, api_for, role):
    user = world.users[role] if role != "department_officer" else world.users["other_community_staff"]
    api = api_for(user)
    response = api.get(
        f"/api/v1/communities/{world.other_community.pk if role != 'department_officer' else world.community.pk}/"
    )
    assert response.status_code == 404


def test_community_list_page_scoped(world, client_for):
    response = client_for(world.users["street_supervisor"]).get("/org/communities/")
    assert response.status_code == 200
    assert world.community.name in response.content.decode()
    assert world.other_community.name not in response.content.decode()


def test_community_list_page_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    from tests.factories import CommunityFactory

    client = client_for(world.users["district_admin"])
    client.get("/org/communities/")
    CommunityFactory.create_batch(20, street=world.street)
    with django_assert_max_num_queries(8):
        response = client.get("/org/communities/")
    assert response.status_code == 200


def test_community_list_exports_excel(world, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(world.users["street_supervisor"]).get("/org/communities/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {world.community.code, world.sibling.code}
