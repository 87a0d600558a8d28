"""Reading an uploaded workbook: is it an xlsx at all, which cells hold a formula without a
computed value, and the rows of each sheet (python-calamine, the Rust reader).

calamine returns an empty cell for a formula that has no cached value (a file written by a
library and never opened in Excel), so those cells are found separately by streaming the
sheet XML inside the zip and looking for `<f>` elements without a `<v>` sibling. Sheets that
hold no `<f` at all (nearly always) are skipped after a plain byte scan.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET  # noqa: S405 - parsing the user's own workbook, no DTDs

from python_calamine import CalamineWorkbook

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


class NotAWorkbook(Exception):
    """The file is not an xlsx workbook (empty, not a zip, or a zip without a workbook)."""


@dataclass(frozen=True)
class MissingValue:
    sheet: str
    cell: str  # "B7"
    row: int
    column_index: int


def sniff_xlsx(fileobj) -> None:
    """Checks by content, not by name, that an uploaded file is an xlsx workbook: a zip that
    holds xl/workbook.xml. Raises NotAWorkbook; leaves the file at its start."""
    try:
        fileobj.seek(0)
        if not zipfile.is_zipfile(fileobj):
            raise NotAWorkbook("不是 Excel 工作簿（.xlsx）文件。")
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise NotAWorkbook("压缩包中没有 Excel 工作簿（不是 .xlsx 文件）。")
    except zipfile.BadZipFile as exc:
        raise NotAWorkbook("不是 Excel 工作簿（.xlsx）文件。") from exc
    finally:
        fileobj.seek(0)


def open_workbook(path: str | Path) -> CalamineWorkbook:
    """Checks the file is an xlsx workbook and opens it; raises NotAWorkbook otherwise."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        raise NotAWorkbook("文件为空。")
    if not zipfile.is_zipfile(path):
        raise NotAWorkbook("不是 Excel 工作簿（.xlsx）文件。")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise NotAWorkbook("不是 Excel 工作簿（.xlsx）文件。") from exc
    if "xl/workbook.xml" not in names:
        raise NotAWorkbook("压缩包中没有 Excel 工作簿（不是 .xlsx 文件）。")
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises several error types for broken files
        raise NotAWorkbook(f"无法读取该工作簿：{exc}") from exc


def sheet_xml_paths(path: str | Path) -> dict[str, str]:
    """Sheet name → the worksheet's XML part inside the zip."""
    with zipfile.ZipFile(path) as archive:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
        rels_xml = (
            archive.read("xl/_rels/workbook.xml.rels")
            if "xl/_rels/workbook.xml.rels" in archive.namelist()
            else b""
        )
    targets = {}
    if rels_xml:
        for rel in ET.fromstring(rels_xml).iter(f"{{{NS_PKG_REL}}}Relationship"):  # noqa: S314
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[rel.get("Id")] = target
    result = {}
    for sheet in workbook.iter(f"{{{NS_MAIN}}}sheet"):
        rid = sheet.get(f"{{{NS_REL}}}id")
        if rid in targets:
            result[sheet.get("name")] = targets[rid]
    return result


def formulas_without_value(path: str | Path, sheet_name: str, xml_path: str) -> Iterator[MissingValue]:
    """Cells of one sheet that hold a formula but no computed value."""
    with zipfile.ZipFile(path) as archive:
        if xml_path not in archive.namelist():
            return
        if not _has_formula(archive, xml_path):
            return
        with archive.open(xml_path) as stream:
            for _event, element in ET.iterparse(stream, events=("end",)):  # noqa: S314
                if _local(element.tag) != "c":
                    continue
                has_formula = has_value = False
                for child in element:
                    name = _local(child.tag)
                    if name == "f":
                        has_formula = True
                    elif name == "v" and (child.text or "") != "" or name == "is":
                        has_value = True
                if has_formula and not has_value:
                    ref = element.get("r", "")
                    row, col = _split_ref(ref)
                    yield MissingValue(sheet_name, ref, row, col)
                element.clear()


def _has_formula(archive: zipfile.ZipFile, xml_path: str) -> bool:
    tail = b""
    with archive.open(xml_path) as stream:
        while chunk := stream.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _split_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return (int(digits) if digits else 0), col - 1


def column_letter(index: int) -> str:
    """0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def iter_sheet_rows(workbook: CalamineWorkbook, name: str) -> Iterator[tuple[int, list]]:
    """(Excel row number, cells) for every row of a sheet, the header included.

    calamine's range starts at the first used cell; `start` gives its row, so row numbers
    are the ones Excel shows even when the sheet begins below row 1.
    """
    sheet = workbook.get_sheet_by_name(name)
    start = sheet.start
    first_row = (start[0] if start else 0) + 1
    first_col = start[1] if start else 0
    for offset, row in enumerate(sheet.iter_rows()):
        if first_col:
            row = [""] * first_col + list(row)
        yield first_row + offset, row


def sheet_height(workbook: CalamineWorkbook, name: str) -> int:
    return workbook.get_sheet_by_name(name).height
