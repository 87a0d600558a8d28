"""The English UI: the workbook import's row-level reasons, warnings and upload refusals read in
the uploader's language (the job stores them as text, written under the language active at
upload); Chinese stays the default, and the command line stays Chinese. Sheet names, column keys
and the contract's enumeration labels are never translated."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from inspections.models import Meeting
from workbook.models import ImportJob
from workbook.services import import_job_create
from workbook.tasks import import_job_run_task

from .test_views import meetings_sheets, upload

pytestmark = pytest.mark.django_db

NO_DATE_EN, NO_DATE_ZH = "No such date", "不存在的日期"


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def bad_sheets(world):
    """A bad date in meetings, an unknown enumeration value in temporary tasks, an unknown sheet."""
    sheets = meetings_sheets(world, bad=True)
    sheets["temporary_tasks"] = [
        ["community_code", "department_code", "date", "kind", "hours", "count"],
        [world.community.code, world.department.code, "2024-01-02", "party", 1, 1],
    ]
    sheets["说明"] = [["这是说明"]]
    return sheets


@pytest.mark.parametrize("language", [None, "en"])
def test_result_page_reasons_follow_the_uploaders_language(
    world, client_for, make_xlsx, django_capture_on_commit_callbacks, language
):
    client = client_for(world.users["district_admin"])
    if language:
        _english(client)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly, after the request
        response = client.post("/workbook/", {"file": upload(make_xlsx(bad_sheets(world)))})
    html = client.get(response["Location"]).content.decode()
    english = (
        NO_DATE_EN,
        "Not an allowed value; allowed: demolition (拆迁), donation (慈善捐赠)",
        "Unknown sheet “说明” ignored.",
        "Found 2 errors; nothing was written.",
    )
    chinese = (
        NO_DATE_ZH,
        "不是允许的取值，可选：demolition（拆迁）、donation（慈善捐赠）",
        "未知工作表“说明”，已忽略。",
    )
    shown, hidden = (english, chinese) if language else (chinese, english)
    assert all(text in html for text in shown), html
    assert not any(text in html for text in hidden)
    assert "2024-13-02" in html and "temporary_tasks" in html  # values and sheet names as in the file
    assert not Meeting.objects.exists()


def test_api_job_reasons_follow_accept_language(
    world, api_for, make_xlsx, django_capture_on_commit_callbacks
):
    api = api_for(world.users["street_supervisor"])
    data = make_xlsx(meetings_sheets(world, bad=True)).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/workbook/imports/",
            {"file": SimpleUploadedFile("b.xlsx", data)},
            format="multipart",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 202, response.content
    job = api.get(f"/api/v1/workbook/imports/{response.json()['id']}/").json()
    assert job["status"] == "failed"
    assert job["errors"] == [
        {"sheet": "meetings", "row": 3, "column": "date", "value": "2024-13-02", "reason": NO_DATE_EN}
    ]


def test_upload_refusals_in_english(world, api_for, settings):
    settings.MAX_UPLOAD_BYTES = 5
    api = api_for(world.users["district_admin"])
    response = api.post(
        "/api/v1/workbook/imports/",
        {"file": SimpleUploadedFile("b.xlsx", b"123456")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["file"] == ["The file is too large (limit 1 MB)."]
    settings.MAX_UPLOAD_BYTES = 10_000
    text = api.post(
        "/api/v1/workbook/imports/",
        {"file": SimpleUploadedFile("b.xlsx", b"not a zip")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert text.json()["file"] == ["Not an Excel workbook (.xlsx) file."]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(("language", "reason"), [("en", NO_DATE_EN), (None, NO_DATE_ZH)])
def test_the_task_writes_in_the_language_it_is_given(world, make_xlsx, language, reason):
    """The Celery task (eager here, as queued) renders reasons in the language passed at upload,
    whatever language the worker itself runs in."""
    data = make_xlsx(meetings_sheets(world, bad=True)).read_bytes()
    job = import_job_create(user=world.users["district_admin"], upload=SimpleUploadedFile("b.xlsx", data))
    with translation.override("zh-hans"):
        import_job_run_task.delay(job.pk, language)
    job.refresh_from_db()
    assert job.status == "failed" and [e["reason"] for e in job.errors] == [reason]


def test_import_job_create_queues_the_active_language(world, make_xlsx, django_capture_on_commit_callbacks):
    data = make_xlsx(meetings_sheets(world, bad=True)).read_bytes()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(user=world.users["district_admin"], upload=SimpleUploadedFile("b.xlsx", data))
    job.refresh_from_db()
    assert [e["reason"] for e in job.errors] == [NO_DATE_EN]


def test_command_line_stays_chinese(make_xlsx, world):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_workbook", str(make_xlsx(meetings_sheets(world, bad=True))), stdout=out)
    assert f"meetings:3:date: {NO_DATE_ZH}" in out.getvalue().splitlines()


def test_export_scope_labels_read_in_english(world):
    from workbook.selectors import export_scope_choices

    user = world.users["district_admin"]
    with translation.override("en"):
        labels = [label for _, label in export_scope_choices(user=user)]
    assert not any("全区：" in x or "街道：" in x or "社区：" in x for x in labels), labels
    assert any(x.startswith("Whole district: ") for x in labels)
    assert any(x.startswith("Street: ") for x in labels) and any(x.startswith("Community: ") for x in labels)
    with translation.override("zh-hans"):
        assert any(label.startswith("全区：") for _, label in export_scope_choices(user=user))
