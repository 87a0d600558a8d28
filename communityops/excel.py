"""Excel downloads: streamed write with openpyxl's write-only mode.

Every str goes out as a text cell: openpyxl would otherwise turn "=..." into a live formula and
"#N/A" into an error, so what a user typed (a note, a reason, a name) could run in Excel.
`text_row` / `text_cell` are the one place that rule lives; ledgers/spreadsheets.py uses them too,
and `strings_as_text` applies it to a workbook written cell by cell (burden/exports.py).
"""

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "Sheet1")[:31])
    header_cells = []
    for header in headers:
        cell = text_cell(sheet, header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(text_row(sheet, [_plain(v) for v in row]))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# What spreadsheet programs read as the start of a formula (or openpyxl as an error value).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet, value: str, **kwargs) -> WriteOnlyCell:
    """A write-only cell holding `value` as text (data type "s"), whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=value, **kwargs)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def text_value(sheet, value: Any) -> Any:
    """`value` itself, or a text cell when openpyxl would not write the str as plain text."""
    if isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or value in ERROR_CODES):
        return text_cell(sheet, value)
    return value


def text_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append`: every str written as text, other values as they are."""
    return [text_value(sheet, v) for v in values]


def strings_as_text(workbook: Workbook) -> None:
    """The same rule for a regular (not write-only) workbook, before it is saved: every cell
    holding a str that openpyxl took for a formula or an error value becomes text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type in ("f", "e"):
                    cell.data_type = "s"


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat") or hasattr(value, "as_tuple"):
        return value
    return str(value)


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = ""
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(headers, rows, title=title), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
