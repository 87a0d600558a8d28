"""The menu: per role, in the reader's language, the current page marked, built once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from organisation.navigation import _menu, nav_for
from organisation.scoping import scope_for

pytestmark = pytest.mark.django_db


def labels(nav):
    return [(e["label"], [c["label"] for c in e.get("children", [])]) for e in nav]


def test_menu_follows_the_language_of_each_request(world):
    scope = scope_for(world.users["street_supervisor"])
    with translation.override("zh-hans"):
        chinese = labels(nav_for(scope, "/"))
    with translation.override("en"):
        english = labels(nav_for(scope, "/"))
    assert len(chinese) == len(english)
    assert chinese != english
    flat = " ".join(label for label, children in english for label in [label, *children])
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in flat), flat


def test_only_the_current_page_and_its_group_are_active(world):
    scope = scope_for(world.users["community_staff"])
    quick, full = reverse("tasks:worklog_quick"), reverse("tasks:worklog_list")
    assert full.startswith(quick)  # /tasks/log/ and /tasks/log/all/: the longer one is the page
    nav = nav_for(scope, full + "?page=2")
    marked = [c["url"] for e in nav for c in e.get("children", [e]) if c["active"]]
    assert marked == [full]
    assert sum(e["active"] for e in nav) == 1
    assert [c["url"] for e in nav_for(scope, quick) for c in e.get("children", [e]) if c["active"]] == [quick]
    # the cached menu is shared, never marked: the next request starts clean
    assert not any(e["active"] for e in nav_for(scope, "/nowhere/"))


def test_roles_get_their_own_menus(world):
    staff = nav_for(scope_for(world.users["community_staff"]), "/")
    department = nav_for(scope_for(world.users["department_officer"]), "/")
    assert labels(staff) != labels(department)


def test_the_menu_is_built_once_per_role_and_language(world):
    scope = scope_for(world.users["district_admin"])
    _menu.cache_clear()
    with translation.override("zh-hans"):
        nav_for(scope, "/")
        with CaptureQueriesContext(connection) as queries:
            for _ in range(3):
                nav_for(scope, "/")
    assert len(queries) == 0
    assert _menu.cache_info().misses == 1
