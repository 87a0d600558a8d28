"""The English UI for the organisation app's own refusal: an account tied to no unit."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_account_without_a_unit_is_refused_in_the_readers_language(api_for):
    user = get_user_model().objects.create_user(username="nobody", password="x")  # noqa: S106
    api = api_for(user)
    english = api.get("/api/v1/communities/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 403
    assert english.json()["detail"] == (
        "Your account is not linked to any organisation unit; contact the district burden-reduction office."
    )
    chinese = api.get("/api/v1/communities/")
    assert chinese.status_code == 403
    assert chinese.json()["detail"] == "账号未关联任何组织机构，请联系区减负办。"


def test_a_role_that_may_not_act_is_told_so_not_that_it_has_no_unit(world, api_for):
    staff = api_for(world.users["community_staff"])
    chinese = staff.post("/api/v1/access-requests/", {}, format="json")
    assert chinese.status_code == 403
    assert chinese.json()["detail"] == "“社区工作者”角色不能进行此操作。"
    english = staff.post("/api/v1/access-requests/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "The role “Community staff” may not do this."
