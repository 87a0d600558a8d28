"""API: POST an import (multipart), GET its status, GET an export — scoped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workbook.models import ImportJob

from .test_views import meetings_sheets

pytestmark = pytest.mark.django_db


def test_post_import_then_get_status(world, api_for, make_xlsx, django_capture_on_commit_callbacks):
    api = api_for(world.users["street_supervisor"])
    data = make_xlsx(meetings_sheets(world)).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/workbook/imports/", {"file": SimpleUploadedFile("b.xlsx", data)}, format="multipart"
        )
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    status = api.get(f"/api/v1/workbook/imports/{job_id}/").json()
    assert status["status"] == "succeeded" and status["counts"]["meetings"]["created"] == 2
    assert api.get("/api/v1/workbook/imports/").json()["count"] == 1


def test_bad_upload_is_400_and_roles(world, api_for, settings):
    settings.MAX_UPLOAD_BYTES = 5
    api = api_for(world.users["district_admin"])
    response = api.post(
        "/api/v1/workbook/imports/", {"file": SimpleUploadedFile("b.xlsx", b"123456")}, format="multipart"
    )
    assert response.status_code == 400 and "file" in response.json()
    staff = api_for(world.users["community_staff"])
    assert staff.post("/api/v1/workbook/imports/", {}, format="multipart").status_code == 403


def test_status_of_another_unit_is_404(world, api_for):
    job = ImportJob.objects.create(
        original_name="x.xlsx", file="x.xlsx", street=world.other_street, district=world.district
    )
    assert (
        api_for(world.users["street_supervisor"]).get(f"/api/v1/workbook/imports/{job.pk}/").status_code
        == 404
    )
    assert (
        api_for(world.users["district_admin"]).get(f"/api/v1/workbook/imports/{job.pk}/").status_code == 200
    )


def test_job_list_query_count(world, api_for, django_assert_max_num_queries):
    ImportJob.objects.bulk_create(
        ImportJob(original_name=f"{i}.xlsx", file="x.xlsx", district=world.district) for i in range(60)
    )
    api = api_for(world.users["district_admin"])
    with django_assert_max_num_queries(5):
        assert api.get("/api/v1/workbook/imports/").json()["count"] == 60


def test_export_endpoint(world, api_for):
    api = api_for(world.users["district_admin"])
    response = api.get("/api/v1/workbook/export/", {"scope": f"district:{world.district.name}"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert api.get("/api/v1/workbook/export/", {"scope": "all"}).status_code == 403
    assert api.get("/api/v1/workbook/export/", {"scope": "street:NOPE"}).status_code == 400
    officer = api_for(world.users["department_officer"])
    assert officer.get("/api/v1/workbook/export/", {"scope": "all"}).status_code == 403
