"""The English UI of the burden app: API refusals follow Accept-Language, the dashboard's chart
series and the report page's labels read in English; the report's JSON keys, its narrative (the
contract's Chinese sentences) and the downloaded documents stay as they are."""

import json
import re

import pytest
from django.utils import translation

from burden import services

from .conftest import YEAR

pytestmark = pytest.mark.django_db
URL = "/api/v1/burden/report/"


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.mark.parametrize(
    ("params", "field", "english", "chinese"),
    [
        ({"year": "20x5"}, "year", "The year must be a four-digit number.", "年度应为四位数字。"),
        ({"year": "1999"}, "year", "The year must be between 2000 and 2100.", "年度应在2000至2100之间。"),
        (
            {"scope": "town:1"},
            "scope",
            "The scope must be all, district:<name>, street:<code> or community:<code>.",
            "范围应为 all、district:<名称>、street:<编码> 或 community:<编码>。",
        ),
    ],
)
def test_api_refusals_follow_accept_language(burden_data, api_for, params, field, english, chinese):
    api = api_for(burden_data.users["district_admin"])
    response = api.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response.json()[field] == [english]
    assert api.get(URL, params).json()[field] == [chinese]


def test_api_department_refusal_in_english(burden_data, api_for):
    response = api_for(burden_data.users["department_officer"]).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Departments see the burden they impose on their own department's burden dashboard."
    )


def test_api_report_keys_and_narrative_stay_as_the_contract_says(burden_data, api_for):
    api = api_for(burden_data.users["district_admin"])
    scope = f"street:{burden_data.street.code}"
    english = api.get(URL, {"scope": scope, "year": YEAR}, HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = api.get(URL, {"scope": scope, "year": YEAR}).json()
    assert english == chinese and english["narrative"][0].startswith("（一）")


def _charts(html: str) -> dict:
    found = {}
    for name, body in re.findall(r'<script id="([\w-]+)" type="application/json">(.*?)</script>', html, re.S):
        found[name] = json.loads(body)
    return found


def test_street_dashboard_in_english(burden_data, client_for):
    client = client_for(burden_data.users["street_supervisor"])
    _english(client)
    html = client.get(f"/burden/?year={YEAR}").content.decode()
    charts = _charts(html)
    trend = charts["trend"]
    series = [s["name"] for s in trend["series"]]
    assert "Delegated tasks" in series and "Inspections" in series
    assert not any(re.search(r"[\u4e00-\u9fff]", name) for name in series)
    assert trend["categories"][:2] == ["Jan", "Feb"]
    assert "街道负担看板" not in html and "逐月趋势" not in html


def test_chinese_dashboard_unchanged(burden_data, client_for):
    html = client_for(burden_data.users["street_supervisor"]).get(f"/burden/?year={YEAR}").content.decode()
    trend = _charts(html)["trend"]
    assert "下沉任务" in [s["name"] for s in trend["series"]] and trend["categories"][0] == "1月"


def test_district_dashboard_department_series_in_english(burden_data, client_for):
    client = client_for(burden_data.users["district_admin"])
    _english(client)
    departments = _charts(client.get(f"/burden/?year={YEAR}").content.decode())["departments"]
    assert [s["name"] for s in departments["series"]] == [
        "Delegated tasks",
        "Inspections",
        "Meetings",
        "Temporary tasks",
    ]


def test_report_page_in_english_downloads_stay_chinese(burden_data, client_for):
    client = client_for(burden_data.users["district_admin"])
    _english(client)
    scope = f"street:{burden_data.street.code}"
    html = client.get("/burden/report/", {"scope": scope, "year": YEAR}).content.decode()
    assert f"{YEAR} community workload report" in html
    assert "Departments delegating work" in html and "Households per social worker" in html
    assert "下沉部门数" not in html and "年社区工作负担统计报告" not in html
    markdown = client.get("/burden/report/", {"scope": scope, "year": YEAR, "format": "md"}).content.decode()
    assert f"{YEAR}年社区工作负担统计报告" in markdown.splitlines()[0]


def test_recompute_refusals_in_english_and_escaped(burden_data, client_for):
    client = client_for(burden_data.users["street_supervisor"])
    _english(client)
    response = client.post("/burden/recompute/", {"scope": "street:<b>x</b>", "year": YEAR})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Scope “street:&lt;b&gt;x&lt;/b&gt;” not found." in body and "<b>" not in body
    with translation.override("en"), pytest.raises(Exception) as refused:
        services.snapshot_job_start(user=burden_data.users["street_supervisor"], scopes=["all"], year=YEAR)
    assert refused.value.message_dict == {"scope": ["You may not recompute scope “all”."]}
