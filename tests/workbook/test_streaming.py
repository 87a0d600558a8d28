"""The importer over many chunks: rows COPYed chunk by chunk, yet all-or-nothing; repeated
row keys across the whole sheet (the last row wins); row numbers right in every chunk."""

import datetime as dt

import pytest
import xlsxwriter

from tasks.models import WorkLog
from workbook import reader
from workbook.services import workbook_import

from .builders import full_sheets, record_count
from .conftest import EVERYTHING

pytestmark = pytest.mark.django_db

ROWS = 3000


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    monkeypatch.setattr(reader, "READ_SIZE", 8192)
    monkeypatch.setattr(reader, "HEAD_SIZE", 4096)


def long_workbook(path, *, row_ids=None, bad_row=None):
    """The full contract workbook with a long work_logs sheet (xlsxwriter constant_memory:
    inline strings, the reader's common form)."""
    sheets = full_sheets()
    header = ["community_code", "date", "category", "hours", "note"]
    if row_ids:
        header.append("row_id")
    logs = [header]
    for i in range(ROWS):
        row = [
            "001" if i % 2 else "002",
            dt.date(2024, 1, 1) + dt.timedelta(days=i % 300),
            "meeting",
            1 + i % 4,
            "",
        ]
        if i % 5 == 0:
            row[4] = f"第 {i} 行\t含制表符"
        if row_ids:
            row.append(row_ids(i))
        logs.append(row)
    if bad_row is not None:
        logs[bad_row - 1][3] = -1
    sheets["work_logs"] = logs
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, date_format)
                elif value not in (None, ""):
                    ws.write(r, c, value)
    book.close()
    with reader.XlsxReader(path) as xlsx:
        assert len(list(xlsx.chunks("work_logs"))) > 10
    return path


def test_a_long_sheet_imports_over_many_chunks(tmp_path):
    result = workbook_import(path=long_workbook(tmp_path / "long.xlsx"), scope=EVERYTHING)
    assert result.imported, [e.line() for e in result.errors]
    assert result.counts["work_logs"] == {"rows": ROWS, "created": ROWS, "updated": 0, "unchanged": 0}
    assert WorkLog.objects.count() == ROWS
    assert WorkLog.objects.filter(note="第 10 行\t含制表符").count() == 1  # COPY escaping
    row_ids = list(WorkLog.objects.order_by("row_id").values_list("note", flat=True)[:11])
    assert row_ids[0] == "第 0 行\t含制表符" and row_ids[10] == "第 10 行\t含制表符"  # keys follow the rows


def test_an_error_in_a_late_chunk_writes_nothing(tmp_path):
    """Earlier chunks were already COPYed when the bad row comes: all is rolled back."""
    path = long_workbook(tmp_path / "late.xlsx", bad_row=ROWS - 5)
    result = workbook_import(path=path, scope=EVERYTHING)
    assert not result.imported
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("work_logs", ROWS - 5, "hours")]
    assert set(record_count().values()) == {0}


def test_repeated_row_ids_across_the_sheet_the_last_row_wins(tmp_path):
    path = long_workbook(tmp_path / "dup.xlsx", row_ids=lambda i: f"log-{i % (ROWS - 10)}")
    result = workbook_import(path=path, scope=EVERYTHING)
    assert result.imported, [e.line() for e in result.errors]
    assert result.counts["work_logs"]["created"] == ROWS - 10
    assert any("10 行的 row_id" in warning for warning in result.warnings)
    # log-0 is on data rows 0 and ROWS-10: the later row (hours 1 + (ROWS-10) % 4) wins
    assert WorkLog.objects.get(row_id="log-0").hours == 1 + (ROWS - 10) % 4
    again = workbook_import(path=path, scope=EVERYTHING)
    assert again.counts["work_logs"]["updated"] == 0 and WorkLog.objects.count() == ROWS - 10
