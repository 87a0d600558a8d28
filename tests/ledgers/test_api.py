import datetime

import pytest

from ledgers.models import LedgerEntry, ReportSubmission
from tests.ledgers.conftest import GOOD_ROW, HEADER, VALID_ID, xlsx
from tests.ledgers.factories import LedgerBookFactory, ReportFormFactory
from tests.ledgers.test_views import many  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/ledger-types/",
    "/api/v1/ledger-books/",
    "/api/v1/ledger-entries/",
    "/api/v1/report-forms/",
    "/api/v1/report-submissions/",
    "/api/v1/canonical-fields/",
    "/api/v1/field-mappings/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_list_endpoints_constant_queries(api_for, world, many, url, django_assert_max_num_queries):  # noqa: F811
    api = api_for(world.users["district_admin"])
    with django_assert_max_num_queries(8):
        response = api.get(url)
    assert response.status_code == 200
    assert response.data["count"] >= len(response.data["results"])


def test_analysis_and_overlap_endpoints(api_for, world, many, django_assert_max_num_queries):  # noqa: F811
    api = api_for(world.users["department_officer"])
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/duplicate-analysis/")
    assert response.status_code == 200 and "headline" in response.data
    response = api.get("/api/v1/fields-overlap/", {"names": "公民身份号码、宠物"})
    assert response.data == [
        {"field": "公民身份号码", "canonical": "身份证号", "demanded_by": ["台账 L01 低保台账"]}
    ]


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("community_staff", True),
        ("street_supervisor", True),
        ("district_admin", True),
        ("department_officer", True),
        ("other_community_staff", False),
        ("other_street_supervisor", False),
        ("other_department_officer", False),
    ],
)
def test_scoping_matrix_api_detail(api_for, world, book, role, visible):
    entry = LedgerEntry.objects.create(community=world.community, book=book, values={"户主姓名": "张三"})
    submission = ReportSubmission.objects.create(
        community=world.community,
        report_form=ReportFormFactory(department=world.department),
        date=datetime.date(2025, 1, 1),
    )
    api = api_for(world.users[role])
    for url in (
        f"/api/v1/ledger-books/{book.pk}/",
        f"/api/v1/ledger-entries/{entry.pk}/",
        f"/api/v1/report-submissions/{submission.pk}/",
    ):
        assert api.get(url).status_code == (200 if visible else 404), url


def test_entry_create_400_field_messages_and_import(api_for, world, book):
    api = api_for(world.users["community_staff"])
    response = api.post(
        "/api/v1/ledger-entries/",
        {"book": book.pk, "values": {"户主姓名": "张三", "公民身份号码": "110105194912310021"}},
        format="json",
    )
    assert response.status_code == 400 and "GB 11643" in response.data["公民身份号码"][0]
    response = api.post(
        "/api/v1/ledger-entries/",
        {
            "book": book.pk,
            "values": {"户主姓名": "张三", "公民身份号码": VALID_ID},
            "entry_date": "2025-01-02",
        },
        format="json",
    )
    assert response.status_code == 201
    other = LedgerBookFactory(community=world.other_community, ledger_type=book.ledger_type)
    response = api.post("/api/v1/ledger-entries/", {"book": other.pk, "values": {}}, format="json")
    assert response.status_code == 404
    upload = xlsx([HEADER, GOOD_ROW, ["", "", "", "", "", "", "", ""], ["2025-01-01", "", VALID_ID]])
    upload.name = "t.xlsx"
    response = api.post(f"/api/v1/ledger-books/{book.pk}/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400 and response.data["errors"][0]["row"] == 4
    assert LedgerEntry.objects.count() == 1
    assert api.get(f"/api/v1/ledger-books/{book.pk}/export/").status_code == 200


def test_catalog_writes_district_only(api_for, world):
    body = {
        "code": "L77",
        "name": "新台账",
        "department": world.department.pk,
        "definitions": [{"name": "姓名"}],
    }
    assert (
        api_for(world.users["street_supervisor"])
        .post("/api/v1/ledger-types/", body, format="json")
        .status_code
        == 403
    )
    response = api_for(world.users["district_admin"]).post("/api/v1/ledger-types/", body, format="json")
    assert response.status_code == 201 and response.data["fields"] == ["姓名"]
    response = api_for(world.users["district_admin"]).post(
        f"/api/v1/ledger-types/{response.data['id']}/cancel/", {"reason": "不必要"}, format="json"
    )
    assert response.data["status"] == "cancelled"
