"""Excel for electronic ledgers: the per-type template, the streaming reader (python-calamine
for values, openpyxl read-only for formula cells) and the streaming writer (openpyxl
write-only)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from communityops.excel import text_cell, text_row

from .validation import FieldSpec

# The data sheet's headers are part of the file format (an export re-imports in any UI language):
# they stay Chinese, like the ledger's own field names.
ENTRY_DATE_HEADER = "登记日期"
ROW_ID_HEADER = "行键"
SHEET_TITLE = "台账记录"


class SpreadsheetRefused(Exception):
    """The file cannot be read as a plain xlsx table (not xlsx, merged cells, formulas)."""

    def __init__(self, errors: list[dict]):
        super().__init__("; ".join(e["reason"] for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class SheetRow:
    number: int  # as Excel shows it, the header being row 1
    values: dict[str, Any]


def _header_cells(sheet, headers: Iterable[str], required: set[str]) -> list[WriteOnlyCell]:
    cells = []
    for header in headers:
        cell = text_cell(sheet, header)
        cell.font = Font(bold=True, color="B00000" if header in required else "000000")
        cell.fill = PatternFill("solid", fgColor="E8EEF7")
        cells.append(cell)
    return cells


def template_bytes(title: str, specs: list[FieldSpec], type_labels: dict[str, str]) -> bytes:
    """The import template of one ledger type: the header row and a sheet of instructions."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    headers = [ENTRY_DATE_HEADER, *[s.name for s in specs]]
    for index in range(len(headers)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = 18
    sheet.append(_header_cells(sheet, headers, {s.name for s in specs if s.required}))
    notes = workbook.create_sheet(_("填写说明"))
    notes.append(
        _header_cells(
            notes,
            [
                pgettext("import template", "字段"),
                pgettext("import template", "类型"),
                pgettext("import template", "必填"),
                pgettext("import template", "选项"),
            ],
            set(),
        )
    )
    notes.append([ENTRY_DATE_HEADER, type_labels.get("date", _("日期")), _("否"), _("YYYY-MM-DD，可不填")])
    for spec in specs:
        notes.append(
            text_row(
                notes,
                [
                    spec.name,
                    type_labels.get(spec.field_type, spec.field_type),
                    _("是") if spec.required else _("否"),
                    _("、").join(spec.choices),
                ],
            )
        )
    notes.append([])
    notes.append(
        text_row(
            notes,
            [_("%(title)s：第一行为表头，请勿合并单元格、勿使用公式；每行一条记录。") % {"title": title}],
        )
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def entries_bytes(title: str, field_names: list[str], rows: Iterable[tuple[str, Any, dict]]) -> bytes:
    """Export: (row_id, entry_date, values) rows written in openpyxl's write-only mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.append(_header_cells(sheet, [ROW_ID_HEADER, ENTRY_DATE_HEADER, *field_names], set()))
    for row_id, entry_date, values in rows:
        sheet.append(text_row(sheet, [row_id, entry_date, *[values.get(name) for name in field_names]]))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _refuse(reason: str, row: int | str = "", column: str = "") -> SpreadsheetRefused:
    return SpreadsheetRefused([{"row": row, "column": column, "value": "", "reason": reason}])


def read_rows(upload: IO[bytes], filename: str) -> tuple[list[str], Iterator[SheetRow]]:
    """Headers and a row iterator of the first sheet; refuses what is not a plain xlsx table."""
    if not str(filename or "").lower().endswith(".xlsx"):
        raise _refuse(_("只接受 .xlsx 格式的 Excel 文件"))
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        raise _refuse(_("文件不是有效的 xlsx 文件"))
    upload.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(upload)
        sheet = workbook.get_sheet_by_index(0)
    except Exception:  # noqa: BLE001 - calamine raises its own error types for broken files
        raise _refuse(_("文件不是有效的 xlsx 文件")) from None
    merged = sheet.merged_cell_ranges or []
    if merged:
        (start_row, start_col), _end = merged[0]
        raise _refuse(
            _("表格含合并单元格（共 %(count)s 处），请取消合并后再导入") % {"count": len(merged)},
            row=start_row + 1,
            column=get_column_letter(start_col + 1),
        )
    _refuse_formulas(upload)
    rows = sheet.iter_rows()
    try:
        header = [str(v).strip() for v in next(rows)]
    except StopIteration:
        raise _refuse(_("表格为空")) from None

    def iterate() -> Iterator[SheetRow]:
        for offset, raw in enumerate(rows, start=2):
            if all(v == "" or v is None for v in raw):
                continue
            yield SheetRow(offset, {h: (raw[i] if i < len(raw) else "") for i, h in enumerate(header) if h})

    return header, iterate()


def _refuse_formulas(upload: IO[bytes]) -> None:
    """Formula cells carry no trustworthy value (a library-written file has no cached result)."""
    upload.seek(0)
    workbook = load_workbook(upload, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    raise _refuse(
                        _("单元格含公式，请粘贴为数值后再导入"), row=cell.row, column=cell.column_letter
                    )
    finally:
        workbook.close()
        upload.seek(0)
