"""The session's user arrives with its membership: a page resolves the scope with no query of
its own, and always from the current membership."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from organisation.models import Membership

pytestmark = pytest.mark.django_db


def membership_queries(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().startswith("SELECT") and 'FROM "organisation_membership"' in q["sql"]
    ]


def test_a_signed_in_page_reads_the_membership_with_the_user(world, client_for):
    client = client_for(world.users["street_supervisor"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("tasks:worklog_list"))
    assert response.status_code == 200
    assert membership_queries(queries) == []
    user_query = next(q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"])
    assert '"organisation_membership"' in user_query and '"organisation_street"' in user_query
    assert world.street.name in response.content.decode()


def test_a_changed_membership_applies_on_the_next_request(world, client_for):
    user = world.users["other_street_supervisor"]
    client = client_for(user)
    assert world.other_street.name in client.get(reverse("tasks:worklog_list")).content.decode()
    Membership.objects.filter(user=user).update(street=world.street)
    assert world.street.name in client.get(reverse("tasks:worklog_list")).content.decode()


def test_a_user_without_membership_signs_in_and_sees_nothing(world, client_for, django_user_model):
    loner = django_user_model.objects.create_user("loner", password="Long-enough-pw-42")
    assert client_for(loner).get(reverse("tasks:worklog_list")).status_code == 403


def test_an_inactive_user_is_signed_out(world, client_for):
    user = world.users["community_staff"]
    client = client_for(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("tasks:worklog_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def token_client(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_a_token_call_reads_the_membership_with_the_token(world):
    api = token_client(world.users["community_staff"])
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/work-logs/")
    assert response.status_code == 200
    assert membership_queries(queries) == []
    token_query = next(q["sql"] for q in queries if 'FROM "authtoken_token"' in q["sql"])
    assert '"organisation_membership"' in token_query and '"organisation_community"' in token_query


def test_a_bad_token_or_an_inactive_user_is_refused(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token nope")
    # 403, not 401: session authentication comes first and sends no WWW-Authenticate (DRF)
    response = api.get("/api/v1/work-logs/")
    assert response.status_code == 403 and response.json()["detail"] == gettext("Invalid token.")
    user = world.users["community_staff"]
    api = token_client(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = api.get("/api/v1/work-logs/")
    assert response.status_code == 403 and response.json()["detail"] == gettext("User inactive or deleted.")
