"""The dashboard body is cached per snapshot: the same page as rendered fresh, never another
scope's page, each language its own, and a new snapshot shows its new figures at once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from burden import services
from inspections.models import DepartmentRating
from organisation.models import Membership
from tasks.models import TaskAssignment, TaskItem

from .conftest import YEAR

pytestmark = pytest.mark.django_db

URL = f"/burden/?year={YEAR}"


def _client(user, language="zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _main(html: str) -> str:
    """What a person reads in the page body (the CSRF token and nonces live outside it)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _refresh(data, *scopes):
    names = {
        "community": f"community:{data.community.code}",
        "sibling": f"community:{data.sibling.code}",
        "street": f"street:{data.street.code}",
        "other_street": f"street:{data.other_street.code}",
        "district": f"district:{data.district.name}",
    }
    for scope in scopes:
        services.snapshot_refresh(scope=names[scope], year=YEAR)


def _assign_7777(data):
    """7,777 more assignments for `community` (its column then reads 3 + 1 + 7777 = 7781)."""
    TaskAssignment.objects.create(
        community=data.community,
        task_item=TaskItem.objects.get(code="I1"),
        assigned_on=date(YEAR, 8, 8),
        count=7777,
    )


def _snapshot_reads(sql):
    return [q for q in sql if '"burden_burdensnapshot"' in q]


@pytest.mark.parametrize(
    ("role", "scopes"),
    [
        ("street_supervisor", ["street"]),
        ("district_admin", ["district"]),
        ("community_staff", ["community", "street"]),
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_cached_page_is_the_page_rendered_fresh(burden_data, role, scopes, language):
    _refresh(burden_data, *scopes)
    client = _client(burden_data.users[role], language)
    fresh, fresh_sql = _get(client)  # rendered and stored
    cached, cached_sql = _get(client)  # from the cache
    assert _main(cached) == _main(fresh)
    assert len(cached_sql) < len(fresh_sql)
    # A hit reads the snapshots' stamps only, never their report or tables.
    assert all('"data"' not in q and '"tables"' not in q for q in _snapshot_reads(cached_sql))
    cache.clear()
    again, _ = _get(client)
    assert _main(again) == _main(fresh)


def test_two_streets_never_see_each_other(burden_data):
    _refresh(burden_data, "street", "other_street")
    mine = _client(burden_data.users["street_supervisor"])
    theirs = _client(burden_data.users["other_street_supervisor"])
    for _ in range(2):  # fresh, then cached
        html, _sql = _get(mine)
        other, _sql = _get(theirs)
        assert burden_data.community.name in html and burden_data.other_community.name not in html
        assert burden_data.other_community.name in other and burden_data.community.name not in other
        assert burden_data.street.name in html and burden_data.other_street.name not in html


def test_two_communities_of_one_street_each_their_own(burden_data, django_user_model):
    """Both pages read the same street snapshot; each is keyed by its own community."""
    _refresh(burden_data, "community", "sibling", "street")
    sibling_staff = django_user_model.objects.create(username="sibling_staff")
    Membership.objects.create(user=sibling_staff, role="community_staff", community=burden_data.sibling)
    mine = _client(burden_data.users["community_staff"])
    theirs = _client(sibling_staff)
    for _ in range(2):
        html, _sql = _get(mine)
        other, _sql = _get(theirs)
        assert f"本社区负担 · {burden_data.community.name}" in html
        assert f"本社区负担 · {burden_data.sibling.name}" in other
        assert burden_data.sibling.name not in html.split('id="vs-street"')[0].split("<main")[1]


def test_each_language_its_own_page(burden_data):
    _refresh(burden_data, "street")
    chinese = _client(burden_data.users["street_supervisor"])
    english = _client(burden_data.users["street_supervisor"], "en")
    for _ in range(2):
        zh, _sql = _get(chinese)
        en, _sql = _get(english)
        assert "街道负担看板" in zh and "Street burden dashboard" not in zh
        assert "Street burden dashboard" in en and "街道负担看板" not in en
        assert "<title>街道负担看板" in zh and "<title>Street burden dashboard" in en


def test_new_snapshot_shows_new_figures(burden_data):
    _refresh(burden_data, "street")
    client = _client(burden_data.users["street_supervisor"])
    before, _ = _get(client)
    _assign_7777(burden_data)
    cached, _ = _get(client)
    assert _main(cached) == _main(before)  # the snapshot is still the old one: so is the page
    assert "7777" not in cached
    _refresh(burden_data, "street")
    after, _ = _get(client)
    assert "7777" in _main(after)  # one community's assignments: 3 + 1 + 7777 = 7781
    assert "7781" in _main(after)


def test_district_ratings_are_read_live(burden_data):
    _refresh(burden_data, "district")
    client = _client(burden_data.users["district_admin"])
    before, _ = _get(client)
    assert "民主评议平均分" not in before
    DepartmentRating.objects.create(
        community=burden_data.community,
        department=burden_data.department,
        year=YEAR,
        score=Decimal("87.5"),
        score_100=Decimal("87.5"),
    )
    after, _ = _get(client)
    assert "民主评议平均分" in after and "87.5" in after


def test_live_pages_are_not_cached(burden_data):
    """No snapshot, nothing cached: the page follows the records as it always did."""
    client = _client(burden_data.users["street_supervisor"])
    _get(client)
    _assign_7777(burden_data)
    html, _ = _get(client)
    assert "7781" in _main(html)


def test_community_page_with_an_older_street_snapshot_is_not_cached(burden_data, django_user_model):
    """The street snapshot predates the community: its row is computed live, so not stored."""
    _refresh(burden_data, "community", "street")
    client = _client(burden_data.users["community_staff"])
    _get(client)
    from burden.models import BurdenSnapshot

    street = BurdenSnapshot.objects.get(scope=f"street:{burden_data.street.code}", year=YEAR)
    street.tables["communities"] = [
        r for r in street.tables["communities"] if r["pk"] != burden_data.community.pk
    ]
    street.save()  # a new computed_at: a new key, and the page is computed live
    _get(client)
    _assign_7777(burden_data)
    html, _ = _get(client)
    assert "7781" in _main(html)  # the live row, not a stored page


def test_everything_scope_cached_too(burden_data, django_user_model):
    """A superuser without a unit sees `all`: cached under that scope, and the same page."""
    admin = django_user_model.objects.create(username="root", is_superuser=True, is_staff=True)
    services.snapshot_refresh(scope="all", year=YEAR)
    client = _client(admin)
    fresh, fresh_sql = _get(client)
    cached, cached_sql = _get(client)
    assert _main(cached) == _main(fresh) and len(cached_sql) < len(fresh_sql)
    assert burden_data.other_community.name in cached and "全区负担看板" in cached


def test_new_rendering_code_is_a_new_key(burden_data, monkeypatch):
    """A deploy that changes the template or translations never serves the old body."""
    from burden import views

    _refresh(burden_data, "street")
    client = _client(burden_data.users["street_supervisor"])
    _get(client)
    monkeypatch.setattr(views, "_body_code_version", lambda: "another-release")
    _html, sql = _get(client)
    assert any('"tasks_taskassignment"' in q or '"data"' in q for q in sql)  # rendered again
