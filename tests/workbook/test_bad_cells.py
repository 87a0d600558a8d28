"""Cells no converter may pass on: infinities and NaNs in number columns, NUL and other control
characters in text. Each is a row-level error (sheet:row:column), and nothing is written; an
error or warning quoting such a cell is saved readable, and the job ends."""

import datetime as dt

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from workbook.models import ImportJob
from workbook.services import import_job_create, import_job_run

from .builders import full_sheets
from .test_importer import nothing_written, run

pytestmark = pytest.mark.django_db


def write_book(path, sheets):
    """xlsxwriter keeps control characters in text cells (as _xHHHH_ escapes), as Excel may."""
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    value = value.isoformat()
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                elif value is not None:
                    ws.write(r, c, value)
    book.close()
    return path


# sheet, row index in the sheet (header = 0), column index, column name, cell value, reason
BAD_CELLS = {
    "Infinity households": ("communities", 1, 3, "households", "Infinity", "有限"),
    "-Infinity households": ("communities", 1, 3, "households", "-Infinity", "有限"),
    "NaN households": ("communities", 1, 3, "households", "NaN", "有限"),
    "sNaN meeting count": ("meetings", 1, 6, "count", "sNaN", "有限"),
    "Infinity meeting count": ("meetings", 1, 6, "count", "inf", "有限"),
    "NaN hours": ("work_logs", 1, 5, "hours", "NaN", "有限"),
    "sNaN hours": ("work_logs", 1, 5, "hours", "sNaN", "有限"),
    "Infinity funds": ("communities", 1, 7, "annual_funds", "Infinity", "有限"),
    "NUL in a note": ("work_logs", 1, 7, "note", "入\x00户", "控制字符"),
    "bell in a community name": ("communities", 1, 1, "name", "幸福\x07社区", "控制字符"),
    "NUL in a code": ("departments", 1, 0, "code", "D\x0001", "控制字符"),
    "NUL in a row id": ("signboards", 1, 2, "name", "禁毒\x00工作站", "控制字符"),
}


@pytest.mark.parametrize("case", list(BAD_CELLS), ids=list(BAD_CELLS))
def test_bad_cells_are_row_level_errors_and_nothing_is_written(tmp_path, case):
    sheet, index, col, column, value, reason = BAD_CELLS[case]
    sheets = full_sheets()
    sheets[sheet][index][col] = value
    result = run(write_book(tmp_path / "bad.xlsx", sheets))
    assert not result.imported
    assert any(
        (e.sheet, e.row, e.column) == (sheet, index + 1, column) and reason in e.reason for e in result.errors
    ), [e.line() for e in result.errors]
    nothing_written()


def test_tab_and_newline_in_text_are_kept(tmp_path):
    sheets = full_sheets()
    sheets["work_logs"][1][7] = "入户\t走访\n第二行"
    result = run(write_book(tmp_path / "ok.xlsx", sheets))
    assert result.imported, [e.line() for e in result.errors]


def _job(world, path, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("b.xlsx", path.read_bytes())
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(user=world.users["district_admin"], upload=upload)
    return import_job_run(job_id=job.pk)


def test_a_job_whose_error_quotes_a_nul_ends_failed_and_readable(
    world, tmp_path, django_capture_on_commit_callbacks
):
    sheets = full_sheets()
    sheets["meetings"][1][6] = "5\x00"
    sheets["work_logs"][1][7] = "入\x00户"
    job = _job(world, write_book(tmp_path / "nul.xlsx", sheets), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.finished_at is not None
    texts = [str(v) for e in job.errors for v in e.values()]
    assert not any("\x00" in t for t in texts)
    cells = {(e["sheet"], e["row"], e["column"]): e for e in job.errors}
    assert cells[("meetings", 2, "count")]["value"] == "5\ufffd"
    assert cells[("work_logs", 2, "note")]["value"] == "入\ufffd户"
    assert "控制字符" in cells[("work_logs", 2, "note")]["reason"]
    assert not job.warnings or not any("\x00" in w for w in job.warnings)


def _unknown_column_with_a_nul(tmp_path):
    sheets = full_sheets()
    for row in sheets["signboards"]:
        row.append("x")
    sheets["signboards"][0][-1] = "extra\x00col"
    return write_book(tmp_path / "warn.xlsx", sheets)


def test_a_job_warning_about_an_unknown_column_with_a_nul_is_saved(
    world, tmp_path, django_capture_on_commit_callbacks
):
    job = _job(world, _unknown_column_with_a_nul(tmp_path), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.finished_at is not None
    assert any("extra\ufffdcol" in w for w in job.warnings), job.warnings
    assert not any("\x00" in w for w in job.warnings)


def test_a_job_whose_result_cannot_be_saved_ends_failed_with_the_reason(
    world, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    """Without the cleaning, PostgreSQL refuses the NUL in the saved warning: the job still ends
    (failed, saying the data was imported and why the result was not saved), never `running`."""
    import workbook.services

    monkeypatch.setattr(workbook.services, "_readable", lambda value: value)
    job = _job(world, _unknown_column_with_a_nul(tmp_path), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.finished_at is not None
    assert job.error_total == 1
    assert "DataError" in job.errors[0]["reason"] and "数据已导入" in job.errors[0]["reason"]
