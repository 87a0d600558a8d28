"""The burden report's Excel download writes users' text as text, never as a formula."""

import io

import pytest
from openpyxl import load_workbook

from burden.calculations import burden_report
from burden.exports import report_xlsx

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_a_name_that_looks_like_a_formula_stays_text(burden_data):
    report = burden_report(scope="all", year=YEAR)
    report["narrative"] = ['=HYPERLINK("http://x","y")', "+1+1"]
    book = load_workbook(io.BytesIO(report_xlsx(report, title="=cmd|' /C calc'!A0")))
    cells = [
        c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert all(c.data_type == "s" for c in cells)
    values = {c.value for c in cells}
    assert '=HYPERLINK("http://x","y")' in values and "=cmd|' /C calc'!A0" in values
