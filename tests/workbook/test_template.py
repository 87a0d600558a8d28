"""下载空白模板 and the result page in the reader's language: the blank workbook has every
contract sheet with its header row (Chinese names in the Chinese UI, English keys otherwise) and
imports cleanly as 0 rows; the result page names the sheets in the reader's language; the export
form ticks 中文工作表名和表头 by default in the Chinese UI."""

import io

import pytest
from openpyxl import load_workbook

from organisation.scoping import Scope
from workbook import spec
from workbook.models import ImportJob
from workbook.services import workbook_import

from .test_views import meetings_sheets, upload

pytestmark = pytest.mark.django_db


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def _download(client):
    response = client.get("/workbook/template/")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_blank_template_downloads_in_the_ui_language_and_imports_as_zero_rows(
    world, client_for, tmp_path, language
):
    client = client_for(world.users["street_supervisor"])
    if language == "en":
        _english(client)
    response, data = _download(client)
    chinese = language == "zh"
    expected_name = "%E5%87%8F%E8%B4%9F" if chinese else "workbook-v1-template.xlsx"
    assert expected_name in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == [s.zh if chinese else s.key for s in spec.SHEETS]
    for sheet in spec.SHEETS:
        rows = list(book[sheet.zh if chinese else sheet.key].iter_rows(values_only=True))
        assert rows == [tuple(c.zh if chinese else c.key for c in sheet.columns)]
    path = tmp_path / "template.xlsx"
    path.write_bytes(data)
    result = workbook_import(path=path, scope=Scope(role="district_admin", everything=True))
    assert result.imported and not result.errors and not result.warnings
    assert all(c["rows"] == 0 for c in result.counts.values())


@pytest.mark.parametrize(("role", "status"), [("community_staff", 200), ("department_officer", 403)])
def test_template_roles(world, client_for, role, status):
    assert client_for(world.users[role]).get("/workbook/template/").status_code == status


def test_import_page_links_the_template(world, client_for):
    page = client_for(world.users["district_admin"]).get("/workbook/").content.decode()
    assert 'href="/workbook/template/"' in page and "下载空白模板" in page


@pytest.mark.parametrize("language", ["zh", "en"])
def test_result_page_names_sheets_in_the_readers_language(
    world, client_for, make_xlsx, django_capture_on_commit_callbacks, language
):
    client = client_for(world.users["street_supervisor"])
    if language == "en":
        _english(client)
    sheets = meetings_sheets(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/workbook/", {"file": upload(make_xlsx(sheets))})
    assert ImportJob.objects.get().status == "succeeded"
    html = client.get(response["Location"]).content.decode()
    counts = html[html.index('data-testid="counts"') :]
    if language == "zh":
        assert "<td>会议</td>" in counts and "<td>meetings</td>" not in counts
    else:
        assert "<td>meetings</td>" in counts and "<td>会议</td>" not in counts


def test_errors_keep_the_files_sheet_name_and_label_the_column(
    world, client_for, make_xlsx, django_capture_on_commit_callbacks
):
    """A Chinese workbook's bad row: the error names the sheet 会议 as in the file and the column 日期."""
    rows = meetings_sheets(world, bad=True)["meetings"]
    sheet = spec.SHEETS_BY_KEY["meetings"]
    rows[0] = [sheet.by_key[key].zh for key in rows[0]]
    client = client_for(world.users["street_supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/workbook/", {"file": upload(make_xlsx({"会议": rows}))})
    html = client.get(response["Location"]).content.decode()
    errors = html[html.index('data-testid="errors"') :]
    assert (
        '<td class="text-nowrap">会议</td><td>3</td><td class="text-nowrap">日期</td>'
        '<td class="text-nowrap">2024-13-02</td>'
    ) in errors


@pytest.mark.parametrize(("language", "checked"), [("zh", True), ("en", False)])
def test_export_chinese_names_ticked_by_default_in_the_chinese_ui(world, client_for, language, checked):
    client = client_for(world.users["street_supervisor"])
    if language == "en":
        _english(client)
    for url in ("/workbook/", "/workbook/export/"):
        html = client.get(url).content.decode()
        tag = html[html.index('name="chinese"') - 200 : html.index('name="chinese"') + 200]
        assert ("checked" in tag) is checked, tag
