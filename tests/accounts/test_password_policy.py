"""Password policy and the forced change of initial/demo passwords (等保: 口令管理)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Shequ-jianfu-2026"


@pytest.mark.parametrize(
    "password", ["short1A!", "alllowercaseletters", "lowercasedigits123", "1234567890123"]
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_mixed_password_passes():
    validate_password(NEW_PASSWORD)


def test_the_complexity_message_is_clear(world, client):
    user = world.users["community_staff"]
    client.force_login(user)
    response = client.post(
        "/password/",
        {"old_password": "demo12345", "new_password1": "lowercaseonly", "new_password2": "lowercaseonly"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "密码须包含大写字母、小写字母、数字和符号中的至少 3 类" in html
    user.refresh_from_db()
    assert user.check_password("demo12345")


def test_demo_logins_must_change_their_password_outside_the_demo(client):
    call_command("seed_demo", verbosity=0)
    response = client.post("/login/", {"username": "demo_staff", "password": "demo12345"}, follow=True)
    assert response.redirect_chain[-1][0] == "/password/?required=1"
    assert "您正在使用初始密码或演示密码" in response.content.decode()
    # nothing else is reachable, the API included
    assert client.get("/tasks/inbox/").status_code == 302
    api = client.get("/api/v1/work-logs/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    # until the password is changed
    changed = client.post(
        "/password/",
        {"old_password": "demo12345", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert client.get("/tasks/inbox/").status_code == 200


def test_the_password_change_is_audited_and_clears_the_flag(client, django_user_model):
    from audit.models import AuditRecord

    call_command("seed_demo", verbosity=0)
    client.post("/login/", {"username": "demo_head", "password": "demo12345"})
    client.post(
        "/password/",
        {"old_password": "demo12345", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user = django_user_model.objects.get(username="demo_head")
    assert user.password_change_required is False
    assert AuditRecord.objects.filter(action="auth.password_changed", target_id=str(user.pk)).exists()


def test_the_demo_itself_keeps_its_documented_logins(client, settings):
    settings.PASSWORD_CHANGE_REQUIRED_ENFORCED = False  # settings.local, i.e. `make run`
    call_command("seed_demo", verbosity=0)
    client.post("/login/", {"username": "demo_staff", "password": "demo12345"})
    assert client.get("/tasks/inbox/").status_code == 200


def test_an_account_created_in_the_admin_starts_with_a_forced_change(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password=NEW_PASSWORD)
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newstaff",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "membership-TOTAL_FORMS": "0",
            "membership-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert django_user_model.objects.get(username="newstaff").password_change_required is True
