"""Wording of the pages: one community in scope reads as one community (no averages, no
most/fewest over a single community); the report page's narrative follows the UI language while
the report's JSON keeps the contract's Chinese; the charts leave out periods still to come and
mark the running one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from burden import views
from burden.calculations import burden_report

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def test_community_dashboard_cards_speak_of_one_community(burden_data, client_for):
    html = client_for(burden_data.users["community_staff"]).get(f"/burden/?year={YEAR}").content.decode()
    assert "本社区台账" in html and "本社区检查考核" in html and "本社区出具证明" in html
    assert "平均每社区" not in html and "最少" not in html


def test_street_dashboard_cards_keep_averages(burden_data, client_for):
    html = client_for(burden_data.users["street_supervisor"]).get(f"/burden/?year={YEAR}").content.decode()
    assert "平均每社区台账" in html and "最多" in html and "最少" in html
    assert "本社区台账" not in html


def test_community_report_narrative_speaks_of_one_community(burden_data, client_for):
    client = client_for(burden_data.users["community_staff"])
    html = client.get("/burden/report/", {"year": YEAR}).content.decode()
    assert "本社区有" in html and "本台账" in html
    assert "最多的社区" not in html and "最少的社区" not in html and "平均每个社区" not in html
    assert f"在{burden_data.community.name}" in html


def test_one_community_narrative_figures_unchanged(burden_data):
    report = burden_report(scope=f"community:{burden_data.community.code}", year=YEAR)
    assert report["communities"] == 1
    ledgers = report["ledgers"]
    text = "".join(report["narrative"])
    assert f"本社区有{ledgers['most']['types']}类{ledgers['most']['books']}本台账" in text
    assert "最少的社区" not in text and "最多的社区" not in text


def test_street_narrative_keeps_most_and_fewest(burden_data):
    report = burden_report(scope=f"street:{burden_data.street.code}", year=YEAR)
    text = "".join(report["narrative"])
    assert report["communities"] == 2 and "在统计的2个社区中" in text
    assert "台账资料最多的社区有" in text and "平均每个社区" in text


def test_report_page_narrative_and_count_in_english(burden_data, client_for):
    client = client_for(burden_data.users["community_staff"])
    _english(client)
    html = client.get("/burden/report/", {"year": YEAR}).content.decode()
    assert "1 community in scope" in html and "1 communities" not in html
    assert "(1) Many management and service tasks taken on." in html
    assert "This community keeps" in html
    assert "承接的管理服务多" not in html and "本社区有" not in html
    assert burden_data.community.name in html  # the unit's name stays as stored
    street = client_for(burden_data.users["street_supervisor"])
    _english(street)
    html = street.get("/burden/report/", {"scope": f"street:{burden_data.street.code}", "year": YEAR})
    assert "2 communities in scope" in html.content.decode()
    assert "across the 2 communities surveyed" in html.content.decode()


def test_api_narrative_stays_chinese_for_one_community(burden_data, api_for):
    api = api_for(burden_data.users["community_staff"])
    scope = f"community:{burden_data.community.code}"
    english = api.get("/api/v1/burden/report/", {"scope": scope, "year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    assert english.json()["narrative"][0].startswith("（一）承接的管理服务多。")


def test_trend_leaves_out_months_to_come_and_marks_the_current_one():
    today = timezone.localdate()
    chart = views._trend_chart({"assignments": [1] * 12, "inspections": [2] * 12}, today.year)
    for series in chart["series"]:
        assert series["data"][: today.month] == [series["data"][0]] * today.month
        assert series["data"][today.month :] == [None] * (12 - today.month)
    assert chart["partial"] == today.month - 1


def test_trend_of_a_past_year_is_whole():
    chart = views._trend_chart({"assignments": list(range(12))}, timezone.localdate().year - 1)
    assert chart["series"][0]["data"] == list(range(12)) and chart["partial"] is None


def test_weekly_leaves_out_weeks_to_come_and_marks_the_current_one():
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    weeks = [{"week": (monday + timedelta(weeks=k)).isoformat(), "n": 5} for k in (-2, -1, 0, 1)]
    chart = views._weekly_chart(weeks)
    assert chart["categories"] == [w["week"] for w in weeks[:3]]
    assert chart["partial"] == 2
    past = views._weekly_chart(weeks[:2])
    assert past["partial"] is None and past["series"][0]["data"] == [5, 5]
