"""The work-log lists never count millions of rows: cursor pages in the API, a bounded count in HTML."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import WorkLog
from tasks.pagination import BoundedCount, BoundedCountPaginator, WorkLogCursorPagination
from tasks.views import WorkLogListView

from .factories import WorkLogFactory

URL = "/api/v1/work-logs/"


def _logs(world, n, *, days=3, community=None):
    """n work logs spread over a few days (several per day, so pages split a day)."""
    start = datetime.date(2025, 3, 1)
    return [
        WorkLogFactory(
            community=community or world.community,
            department=world.department,
            date=start + datetime.timedelta(days=i % days),
        )
        for i in range(n)
    ]


def _walk(api, url, key="next"):
    pages, seen = 0, []
    while url:
        body = api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body[key]
        pages += 1
    return pages, seen


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(WorkLogCursorPagination, "page_size", 4)


def test_cursor_pages_walk_every_row_once_newest_first(world, api_for, small_pages):
    _logs(world, 11, days=3)
    _logs(world, 2, community=world.other_community)  # out of the staff's scope
    api = api_for(world.users["community_staff"])
    first = api.get(URL).json()
    assert set(first) == {"next", "previous", "results"}  # no count
    assert first["previous"] is None
    pages, seen = _walk(api, URL)
    expected = list(
        WorkLog.objects.filter(community=world.community)
        .order_by("-date", "-id")
        .values_list("pk", flat=True)
    )
    assert pages == 3
    assert seen == expected


def test_cursor_previous_goes_back(world, api_for, small_pages):
    _logs(world, 10, days=2)
    api = api_for(world.users["community_staff"])
    page1 = api.get(URL).json()
    page2 = api.get(page1["next"]).json()
    page3 = api.get(page2["next"]).json()
    assert page3["next"] is None
    back2 = api.get(page3["previous"]).json()
    assert [r["id"] for r in back2["results"]] == [r["id"] for r in page2["results"]]
    back1 = api.get(back2["previous"]).json()
    assert [r["id"] for r in back1["results"]] == [r["id"] for r in page1["results"]]
    assert back1["previous"] is None


def test_cursor_keeps_filters(world, api_for, small_pages):
    _logs(world, 6, days=2)
    for log in WorkLog.objects.all()[:3]:
        log.category = "meeting"
        log.save()
    api = api_for(world.users["community_staff"])
    _, seen = _walk(api, f"{URL}?category=meeting")
    assert sorted(seen) == sorted(WorkLog.objects.filter(category="meeting").values_list("pk", flat=True))


@pytest.mark.parametrize("cursor", ["garbage", "eHx5fHo", "bnwyMDI1LTEzLTAxfDE"])
def test_bad_cursor_is_404(world, api_for, cursor):
    assert api_for(world.users["community_staff"]).get(f"{URL}?cursor={cursor}").status_code == 404


def test_district_list_runs_no_count_and_constant_queries(
    world, api_for, small_pages, django_assert_max_num_queries
):
    api = api_for(world.users["district_admin"])
    _logs(world, 3)
    with CaptureQueriesContext(connection) as small:
        assert api.get(URL).status_code == 200
    _logs(world, 30, days=5)
    _logs(world, 10, community=world.other_community)
    with CaptureQueriesContext(connection) as large:
        body = api.get(URL).json()
    assert body["next"]
    assert len(large) <= len(small)
    assert not any("COUNT(" in q["sql"].upper() for q in large.captured_queries)
    with django_assert_max_num_queries(len(small)):
        assert api.get(body["next"]).status_code == 200


def test_bounded_count_paginator():
    pages = BoundedCountPaginator(list(range(30)), 10)
    pages.LIMIT = 20
    assert isinstance(pages.count, BoundedCount)
    assert str(pages.count) == "20+"
    assert pages.num_pages == 2
    assert BoundedCountPaginator(list(range(15)), 10).count == 15


def test_html_list_shows_a_bounded_count(world, client_for, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(BoundedCountPaginator, "LIMIT", 5)
    monkeypatch.setattr(WorkLogListView, "paginate_by", 2)
    client = client_for(world.users["community_staff"])
    url = reverse("tasks:worklog_list")
    _logs(world, 3)
    with CaptureQueriesContext(connection) as small:
        page = client.get(url)
    assert "共 3 条" in page.content.decode()
    _logs(world, 60)
    with django_assert_max_num_queries(len(small)):
        page = client.get(url)
    assert "共 5+ 条" in page.content.decode()
