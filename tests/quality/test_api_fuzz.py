"""API fuzzing with schemathesis over the committed OpenAPI schema, as every role, in-process
against the WSGI application and the test database: no 5xx, responses match the schema."""

from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from communityops.wsgi import application

ROOT = Path(__file__).resolve().parents[2]
schema = schemathesis.openapi.from_path(ROOT / "schema.yml")
schema.app = application
ROLES = ["community_staff", "community_head", "street_supervisor", "district_admin", "department_officer"]
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.content_type_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes connections at request end; inside a test transaction it must not."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world):
    return {role: Token.objects.create(user=world.users[role]).key for role in ROLES}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_as_every_role(case, tokens):
    for role in ROLES:
        case.call_and_validate(headers={"Authorization": f"Token {tokens[role]}"}, checks=CHECKS)
