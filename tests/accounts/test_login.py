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


def test_repeated_failures_are_throttled(world, client):
    username = world.users["community_staff"].username
    for _ in range(5):
        client.post("/login/", {"username": username, "password": "wrong"})
    response = client.post("/login/", {"username": username, "password": "demo12345"})
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


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
