import pytest

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_by_default(client):
    response = client.get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "社区减负服务平台" in html


def test_english_is_available(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    html = client.get("/login/").content.decode()
    assert 'lang="en"' in html
    assert "Community burden-reduction portal" in html


def test_wrong_password_gives_a_clear_message(world, client):
    response = client.post(
        "/login/", {"username": world.users["community_staff"].username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_repeated_failures_lock_the_user_name_out(world, client):
    username = world.users["community_staff"].username
    for _ in range(5):
        client.post("/login/", {"username": username, "password": "wrong"})
    response = client.post("/login/", {"username": username, "password": "demo12345"})
    assert response.status_code == 429
    assert "登录失败次数过多，已暂时锁定，请 15 分钟后再试" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_audited_and_lifted_by_the_reset_command(world, client):
    from django.core.management import call_command

    from audit.models import AuditRecord

    username = world.users["community_staff"].username
    for _ in range(5):
        client.post("/login/", {"username": username, "password": "wrong"})
    locked = AuditRecord.objects.filter(action="auth.locked_out").get()
    assert locked.after["username"] == username
    assert AuditRecord.objects.filter(action="auth.login_failed").count() == 5
    call_command("axes_reset_username", username, verbosity=0)
    response = client.post("/login/", {"username": username, "password": "demo12345"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["community_staff"].pk)


def test_one_address_spraying_many_user_names_is_locked_out(world, client):
    for n in range(5):
        client.post("/login/", {"username": f"guess{n}", "password": "wrong"})
    response = client.post(
        "/login/", {"username": world.users["community_head"].username, "password": "demo12345"}
    )
    assert response.status_code == 429


def test_a_success_from_the_address_clears_its_count(world, client):
    """A street office behind one NAT address is not locked out by its own typos."""
    for n in range(4):
        client.post("/login/", {"username": f"typo{n}", "password": "wrong"})
    ok = client.post(
        "/login/", {"username": world.users["street_supervisor"].username, "password": "demo12345"}
    )
    assert ok.status_code == 302
    client.logout()
    for n in range(4):
        client.post("/login/", {"username": f"typo{n}", "password": "wrong"})
    again = client.post(
        "/login/", {"username": world.users["community_head"].username, "password": "demo12345"}
    )
    assert again.status_code == 302


def test_every_role_reaches_its_home(world, client):
    for role in (
        "community_staff",
        "community_head",
        "street_supervisor",
        "district_admin",
        "department_officer",
    ):
        client.logout()
        response = client.post(
            "/login/", {"username": world.users[role].username, "password": "demo12345"}, follow=True
        )
        assert response.status_code == 200, role
        assert response.redirect_chain, role


def test_user_without_membership_gets_a_clear_page(client, django_user_model):
    user = django_user_model.objects.create_user("stranger", password="x-long-password")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 403
    assert "账号尚未关联组织机构" in response.content.decode()
