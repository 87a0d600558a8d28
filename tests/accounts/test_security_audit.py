"""Sign-ins, failed sign-ins and permission denials are in the audit trail; idle sessions end."""

import time

import pytest
from django.core.management import call_command

from accounts.middleware import LAST_ACTIVITY_KEY
from audit.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_login_and_logout_are_audited(world, client):
    user = world.users["community_staff"]
    response = client.post("/login/", {"username": user.username, "password": "demo12345"})
    assert response.status_code == 302
    login = AuditRecord.objects.get(action="auth.login")
    assert login.actor == user and login.after == {"address": "127.0.0.1"}
    client.post("/logout/")
    assert AuditRecord.objects.filter(action="auth.logout", actor=user).count() == 1


def test_failed_login_is_audited_without_the_password(world, client):
    username = world.users["community_staff"].username
    client.post("/login/", {"username": username, "password": "wrong-secret-123"})
    failed = AuditRecord.objects.get(action="auth.login_failed")
    assert failed.actor is None and failed.after == {"username": username, "address": "127.0.0.1"}
    assert "wrong-secret-123" not in str(failed.after) + failed.reason
    assert not AuditRecord.objects.filter(action="auth.login").exists()


def test_permission_denial_page_and_api_are_audited(world, client_for, api_for):
    staff = world.users["community_staff"]
    response = client_for(staff).get("/certificates/catalog/new/?id=11010519491231002X")
    assert response.status_code == 403
    denied = AuditRecord.objects.get(action="access.denied")
    assert denied.actor == staff
    assert denied.after == {"method": "GET", "path": "/certificates/catalog/new/", "address": "127.0.0.1"}
    api = api_for(world.users["department_officer"]).post("/api/v1/certificate-kinds/", {}, format="json")
    assert api.status_code == 403
    assert AuditRecord.objects.filter(
        action="access.denied", actor=world.users["department_officer"]
    ).exists()
    call_command("verify_audit", stdout=open("/dev/null", "w"))  # noqa: SIM115 (the chain holds)


def test_idle_session_expires(world, client, settings):
    user = world.users["community_staff"]
    client.post("/login/", {"username": user.username, "password": "demo12345"})
    assert client.get("/tasks/inbox/").status_code == 200
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1  # idle too long
    session.save()
    response = client.get("/tasks/inbox/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_active_session_is_renewed_not_rewritten_every_request(world, client, settings):
    user = world.users["community_staff"]
    client.post("/login/", {"username": user.username, "password": "demo12345"})
    started = client.session[LAST_ACTIVITY_KEY]
    session = client.session
    session[LAST_ACTIVITY_KEY] = started - settings.SESSION_TOUCH_SECONDS  # a minute ago: renew
    session.save()
    assert client.get("/tasks/inbox/").status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] >= started
    assert settings.SESSION_COOKIE_AGE == 1800 and not settings.SESSION_SAVE_EVERY_REQUEST
