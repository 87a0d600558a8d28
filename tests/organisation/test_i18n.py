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
