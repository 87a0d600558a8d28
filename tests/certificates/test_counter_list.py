"""The counter's kind search says how many kinds match and when it lists only the first ones;
the records list's header follows the standard order (新增, 导出 Excel) with the personal-data
export beside the plain one, in the same colour."""

import pytest

from certificates.views import COUNTER_LIMIT

from .factories import CertificateKindFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_kinds(db):
    return [
        CertificateKindFactory(code=f"M{n:03d}", name=f"测试证明{n}", cert_class="A")
        for n in range(COUNTER_LIMIT + 5)
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_counter_says_when_it_lists_only_the_first_kinds(
    world, client_for, many_kinds, htmx, django_assert_max_num_queries
):
    client = client_for(world.users["community_staff"])
    headers = {"HX-Request": "true"} if htmx else {}
    client.get("/certificates/counter/", headers=headers)  # warm the session
    with django_assert_max_num_queries(12):
        html = client.get("/certificates/counter/", headers=headers).content.decode()
    assert f"共 {COUNTER_LIMIT + 5} 项，仅显示前 {COUNTER_LIMIT} 项" in html
    assert html.count("/certificates/counter/") >= COUNTER_LIMIT
    assert f"测试证明{COUNTER_LIMIT + 4}" not in html


def test_counter_count_without_truncation(world, client_for, many_kinds):
    html = client_for(world.users["community_staff"]).get(
        "/certificates/counter/?q=测试证明1", headers={"HX-Request": "true"}
    )
    html = html.content.decode()
    # 测试证明1, 测试证明10–19 (11 kinds)
    assert 'data-testid="kind-count">共 11 项</p>' in html and "仅显示前" not in html


def test_counter_count_in_english(world, client_for, many_kinds):
    client = client_for(world.users["community_staff"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/certificates/counter/").content.decode()
    assert f"{COUNTER_LIMIT + 5} kinds; showing the first {COUNTER_LIMIT}" in html
    html = client.get("/certificates/counter/?q=测试证明1").content.decode()
    assert "11 kinds" in html


def test_counter_no_match_has_no_count(world, client_for, many_kinds):
    html = (
        client_for(world.users["community_staff"])
        .get("/certificates/counter/?q=没有这种证明")
        .content.decode()
    )
    assert "kind-count" not in html and "没有找到匹配的证明事项" in html


def test_records_header_in_the_standard_order(world, client_for):
    html = client_for(world.users["community_staff"]).get("/certificates/records/").content.decode()
    header = html[html.index("<h1") : html.index("</h1>") + 600]
    assert header.index("新增") < header.index("导出 Excel<")
    # the personal export sits in the generic list_actions slot and is shown last (flex order)
    personal_button = html[
        html.index('data-testid="personal-export"') - 120 : html.index('data-testid="personal-export"')
    ]
    assert "btn-outline-success order-last" in personal_button and "btn-outline-warning" not in html


def test_records_header_without_personal_export_for_the_street(world, client_for):
    html = client_for(world.users["street_supervisor"]).get("/certificates/records/").content.decode()
    assert "导出 Excel" in html and "personal=1" not in html and "新增" not in html


def test_counter_search_with_a_nul_byte_is_a_search_not_an_error(world, client_for, many_kinds):
    response = client_for(world.users["community_staff"]).get("/certificates/counter/", {"q": "\x00"})
    assert response.status_code == 200
