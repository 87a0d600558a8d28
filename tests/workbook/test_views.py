"""Pages: upload, progress (htmx), result, export download; roles and scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.models import Meeting
from workbook.models import ImportJob

from .builders import full_sheets

pytestmark = pytest.mark.django_db


def upload(path, name="book.xlsx"):
    return SimpleUploadedFile(name, path.read_bytes())


def meetings_sheets(world, *, bad=False):
    return {
        "meetings": [
            ["community_code", "department_code", "date", "hours", "count"],
            [world.community.code, world.department.code, "2024-01-02", 2, 1],
            [world.sibling.code, world.department.code, "2024-13-02" if bad else "2024-01-03", 1, 1],
        ]
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("district_admin", 200),
        ("street_supervisor", 200),
        ("community_head", 403),
        ("department_officer", 403),
    ],
)
def test_import_page_roles(world, client_for, role, status):
    assert client_for(world.users[role]).get("/workbook/").status_code == status


def test_upload_imports_and_shows_the_result(
    world, client_for, make_xlsx, django_capture_on_commit_callbacks
):
    client = client_for(world.users["street_supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/workbook/", {"file": upload(make_xlsx(meetings_sheets(world)))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workbook/jobs/{job.pk}/"
    assert job.status == "succeeded" and job.file.path.endswith(".xlsx")
    page = client.get(response["Location"]).content.decode()
    assert "导入成功" in page and "<td>会议</td>" in page  # the sheet's Chinese name in the Chinese UI
    assert Meeting.objects.count() == 2


def test_upload_with_a_bad_row_lists_the_error_and_writes_nothing(
    world, client_for, make_xlsx, django_capture_on_commit_callbacks
):
    client = client_for(world.users["district_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/workbook/", {"file": upload(make_xlsx(meetings_sheets(world, bad=True)))})
    page = client.get(response["Location"]).content.decode()
    assert "未写入任何数据" in page
    assert "2024-13-02" in page and "不存在的日期" in page
    assert not Meeting.objects.exists()


def test_progress_partial_polls_until_finished(world, client_for):
    job = ImportJob.objects.create(
        original_name="x.xlsx",
        file="workbook/x.xlsx",
        street=world.street,
        district=world.district,
        status="running",
        total=200,
        processed=50,
        phase="reading",
    )
    client = client_for(world.users["street_supervisor"])
    partial = client.get(f"/workbook/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and "25%" in partial and "<html" not in partial
    job.status = "succeeded"
    job.counts = {"meetings": {"rows": 2, "created": 2, "updated": 0, "unchanged": 0}}
    job.save()
    partial = client.get(f"/workbook/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "导入成功" in partial


def test_refusals_before_anything_is_queued(world, client_for, settings, tmp_path):
    client = client_for(world.users["district_admin"])
    settings.MAX_UPLOAD_BYTES = 10
    response = client.post("/workbook/", {"file": SimpleUploadedFile("big.xlsx", b"x" * 11)})
    assert response.status_code == 400 and "文件过大" in response.content.decode()
    settings.MAX_UPLOAD_BYTES = 10_000
    response = client.post("/workbook/", {"file": SimpleUploadedFile("notes.txt", b"hello")})
    assert response.status_code == 400 and ".xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_renamed_text_file_is_refused_at_upload(world, client_for):
    client = client_for(world.users["district_admin"])
    response = client.post("/workbook/", {"file": SimpleUploadedFile("fake.xlsx", b"code,name\n1,2\n")})
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused_at_upload(world, client_for):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    response = client_for(world.users["district_admin"]).post(
        "/workbook/", {"file": SimpleUploadedFile("fake.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 400 and "没有 Excel 工作簿" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_jobs_of_another_street_are_404(world, client_for):
    job = ImportJob.objects.create(
        original_name="x.xlsx", file="x.xlsx", street=world.other_street, district=world.district
    )
    assert client_for(world.users["street_supervisor"]).get(f"/workbook/jobs/{job.pk}/").status_code == 404
    assert (
        client_for(world.users["other_street_supervisor"]).get(f"/workbook/jobs/{job.pk}/").status_code == 200
    )


def test_import_page_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    ImportJob.objects.bulk_create(
        ImportJob(
            original_name=f"{i}.xlsx",
            file="x.xlsx",
            district=world.district,
            created_by=world.users["district_admin"],
        )
        for i in range(30)
    )
    client = client_for(world.users["district_admin"])
    with django_assert_max_num_queries(12):
        assert client.get("/workbook/").status_code == 200


def test_export_download_and_scope(world, client_for, make_xlsx):
    from workbook.services import workbook_import

    from .conftest import EVERYTHING

    workbook_import(path=make_xlsx(meetings_sheets(world)), scope=EVERYTHING)
    client = client_for(world.users["street_supervisor"])
    page = client.get("/workbook/export/")
    assert page.status_code == 200 and f"street:{world.street.code}" in page.content.decode()
    response = client.get("/workbook/export/", {"scope": f"street:{world.street.code}", "year": 2024})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert client.get("/workbook/export/", {"scope": f"street:{world.other_street.code}"}).status_code == 400
    staff = client_for(world.users["community_staff"])
    assert staff.get("/workbook/export/", {"scope": f"community:{world.community.code}"}).status_code == 200


def test_full_workbook_from_the_browser(world, client_for, make_xlsx, django_capture_on_commit_callbacks):
    client = client_for(world.users["district_admin"])
    sheets = full_sheets()
    sheets["streets"][1][2] = world.district.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/workbook/", {"file": upload(make_xlsx(sheets))})
    job = ImportJob.objects.get()
    assert job.status == "succeeded", job.errors
    assert set(job.counts) == {s for s in job.counts} and len(job.counts) == 18
