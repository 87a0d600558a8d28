"""The streaming xlsx reader, cross-checked cell by cell against python-calamine.

Workbooks from openpyxl, xlsxwriter (normal and constant_memory), our exporter and
hand-made XML (namespace prefixes, rows and cells without `r`, inline rich text, entities,
formulas with and without a cached value, booleans, errors, dates in both date systems).
Both ways of reading a chunk are checked: row by row (`rows`) and column by column
(`columns`, the importer's path).
"""

import datetime as dt
import zipfile

import pytest
import xlsxwriter
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from workbook import reader
from workbook.exporter import workbook_export
from workbook.services import workbook_import

from .builders import full_sheets
from .conftest import EVERYTHING

TRICKY_TEXT = ["a<b>&c", "quote \" and '", "中文 社区", "  spaced  ", "line\nbreak", "tab\there", "x_x000D_y"]


def calamine_cells(path, sheet_name) -> dict[int, list]:
    book = CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_name(sheet_name)
    rows = sheet.to_python(skip_empty_area=False)  # from A1
    return _trim({number: list(row) for number, row in enumerate(rows, start=1)})


def _trim(cells: dict[int, list]) -> dict[int, list]:
    """Empty strings as None, trailing empty cells and empty rows dropped."""
    out = {}
    for number, values in cells.items():
        values = [None if value == "" else value for value in values]
        while values and values[-1] is None:
            values.pop()
        if values:
            out[number] = values
    return out


def our_cells(path, sheet_name) -> tuple[dict[int, list], list[reader.MissingValue]]:
    """The sheet read both ways (rows, columns); asserts they agree."""
    with reader.XlsxReader(path) as book:
        by_rows = {number: values for number, values in book.rows(sheet_name)}
    uncomputed = []
    by_columns = {}
    with reader.XlsxReader(path) as book:
        for chunk in book.chunks(sheet_name):
            width = 40
            numbers, columns = chunk.columns(list(range(width)))
            uncomputed += chunk.uncomputed
            for i, number in enumerate(numbers):
                by_columns[number] = [column[i] for column in columns]
    assert _trim(by_columns) == _trim(by_rows)
    return _trim(by_rows), uncomputed


def assert_same_as_calamine(path, formula_cells=(), error_cells=()):
    with reader.XlsxReader(path) as book:
        names = book.sheet_names
    assert names == CalamineWorkbook.from_path(str(path)).sheet_names
    for name in names:
        ours, uncomputed = our_cells(path, name)
        theirs = calamine_cells(path, name)
        # a formula without a cached value: calamine reads "", we report the cell
        for missing in uncomputed:
            assert (name, missing.cell) in formula_cells
            row = theirs.get(missing.row, [])
            assert missing.column_index >= len(row) or row[missing.column_index] is None
        # an error cell (t="e"): calamine reads it as empty, we read its text (#DIV/0!), so a
        # required column reports the error value instead of "required"
        for sheet, number, index, text in error_cells:
            if sheet == name:
                assert ours[number][index] == text and theirs[number][index] is None
                ours[number][index] = None
        assert ours == _trim(theirs), name
    return names


def _values_sheet():
    return [
        ["code", "number", "date", "when", "flag", "text", "empty", "neg"],
        ["001", 3, dt.date(2024, 3, 5), dt.datetime(2024, 3, 5, 14, 30), True, "普通", None, -2.5],  # noqa: DTZ001
        ["010", 0.1, dt.date(1999, 12, 31), dt.datetime(2024, 1, 1, 0, 0, 1), False, None, None, 1e20],  # noqa: DTZ001
        [None, None, None, None, None, None, None, None],
        *[[f"{i:03d}", i, dt.date(2024, 1, 1) + dt.timedelta(days=i), None, i % 2 == 0, text, None, -i]
          for i, text in enumerate(TRICKY_TEXT)],
    ]  # fmt: skip


def test_openpyxl_workbook(tmp_path):
    path = tmp_path / "openpyxl.xlsx"
    book = Workbook()
    ws = book.active
    ws.title = "值"
    for row in _values_sheet():
        ws.append(row)
    ws["J2"] = "=1+2"  # no cached value
    offset = book.create_sheet("offset")
    offset["C3"] = "starts at C3"
    offset["E7"] = 42
    book.save(path)
    assert_same_as_calamine(path, formula_cells={("值", "J2")})


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared_strings", "constant_memory"])
def test_xlsxwriter_workbook(tmp_path, constant_memory):
    path = tmp_path / "xlsxwriter.xlsx"
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": constant_memory, "strings_to_numbers": False, "strings_to_urls": False}
    )
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    time_format = book.add_format({"num_format": "yyyy/m/d h:mm"})
    ws = book.add_worksheet("records")
    for r, row in enumerate(_values_sheet()):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                ws.write_datetime(r, c, value, time_format)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, value, date_format)
            else:
                ws.write(r, c, value)
    row = len(_values_sheet())
    ws.write_formula(row, 0, "=1+2", None, 3)
    ws.write_formula(row, 1, '="a"&"b"', None, "ab")
    ws.write_formula(row, 2, "=1/0", None, "#DIV/0!")
    ws.write_formula(row, 3, "=TRUE()", None, True)
    ws.write_string(row + 2, 5, "after a gap")
    book.close()
    assert_same_as_calamine(path, error_cells={("records", row + 1, 2, "#DIV/0!")})


@pytest.mark.django_db
def test_our_export(tmp_path):
    workbook_path = tmp_path / "full.xlsx"
    book = Workbook()
    book.remove(book.active)
    for name, rows in full_sheets(chinese=True).items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(workbook_path)
    assert workbook_import(path=workbook_path, scope=EVERYTHING).imported
    exported = tmp_path / "export.xlsx"
    workbook_export(scope=EVERYTHING, target=str(exported))
    names = assert_same_as_calamine(exported)
    assert "work_logs" in names


# ---- hand-made XML -------------------------------------------------------------------------------
def _xml_workbook(
    path,
    sheet_xml: str,
    *,
    date1904=False,
    shared: list[str] | None = None,
    prefix="",
    strings_part="sharedStrings.xml",
    styles_part="styles.xml",
):
    p = f"{prefix}:" if prefix else ""
    ns = f' xmlns{":" + prefix if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}workbook{ns} '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<{p}workbookPr{' date1904=' + chr(34) + '1' + chr(34) if date1904 else ''}/>"
        f'<{p}sheets><{p}sheet name="数据" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="{styles_part}"/>'
        f'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="{strings_part}"/>'
        "</Relationships>"
    )
    styles = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '<numFmt numFmtId="165" formatCode="0.00&quot;h&quot;"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>'
        "</styleSheet>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        f'<Override PartName="/xl/{styles_part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/{strings_part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    sst = "".join(shared or [])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr(f"xl/{styles_part}", styles)
        archive.writestr(
            f"xl/{strings_part}",
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}</sst>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet{ns}><{p}sheetData>{sheet_xml}'
            f"</{p}sheetData></{p}worksheet>",
        )
    return path


SHARED = [
    "<si><t>plain</t></si>",
    '<si><r><t>rich </t></r><r><rPr><b/><color rgb="FFFF0000"/></rPr><t xml:space="preserve">text </t></r></si>',
    '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>',
    "<si><t>a &amp; b &lt;c&gt; &#20013;&#x6587;</t></si>",
    "<si><t/></si>",
]

CELLS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
    '<c r="D1" t="s"><v>3</v></c><c r="E1" t="inlineStr"><is><t>inline &quot;q&quot;</t></is></c></row>'
    '<row r="2"><c r="A2" s="1"><v>45357</v></c><c r="B2" s="2"><v>45357.5</v></c><c r="C2" s="3"><v>2.5</v></c>'
    '<c r="D2" t="n"><v>7</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="b"><v>0</v></c></row>'
    '<row r="4"><c r="B4" t="e"><v>#N/A</v></c><c r="C4" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>'
    '<c r="D4"><f>1+1</f><v>2</v></c><c r="E4" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>'
    '<row><c><v>1</v></c><c><v>2</v></c><c r="E5" s="1"><v>1</v></c></row>'
    '<row r="7" spans="1:3"><c r="A7" s="0" t="s"><v>4</v></c><c r="C7"/><c r="D7" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c></row>'
)


@pytest.mark.parametrize("prefix", ["", "x"], ids=["plain", "prefixed"])
@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_hand_made_xml(tmp_path, prefix, date1904):
    cells = CELLS
    if prefix:
        for tag in ("row", "c", "v", "f", "is", "t", "r", "rPr"):
            cells = cells.replace(f"<{tag}>", f"<{prefix}:{tag}>").replace(f"<{tag} ", f"<{prefix}:{tag} ")
            cells = cells.replace(f"</{tag}>", f"</{prefix}:{tag}>").replace(
                f"<{tag}/>", f"<{prefix}:{tag}/>"
            )
    path = _xml_workbook(tmp_path / "hand.xlsx", cells, date1904=date1904, shared=SHARED, prefix=prefix)
    assert_same_as_calamine(path, error_cells={("数据", 4, 1, "#N/A")})
    ours, _uncomputed = our_cells(path, "数据")
    base = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
    assert ours[1] == ["plain", "richtext ", "漢字", "a & b <c> 中文", 'inline "q"']
    assert ours[2][0] == base + dt.timedelta(days=45357)
    assert ours[2][1] == dt.datetime.combine(base + dt.timedelta(days=45357), dt.time(12))
    assert ours[2][2:] == [2.5, 7.0, True, False]
    assert ours[4] == [None, "#N/A", "xy", 2.0, "inline"]
    assert ours[5][:2] == [1.0, 2.0]  # a row and cells without r follow the previous ones
    assert ours[7] == [None, None, None, " x "]


def test_shared_strings_and_styles_are_found_through_the_relationships(tmp_path):
    """Their usual names are a convention, not the format: a writer may name them otherwise
    (python-calamine only looks for xl/sharedStrings.xml and refuses such a file)."""
    path = _xml_workbook(
        tmp_path / "named.xlsx",
        CELLS,
        shared=SHARED,
        strings_part="strings/table1.xml",
        styles_part="looks.xml",
    )
    ours, _uncomputed = our_cells(path, "数据")
    assert ours[1][0] == "plain"
    assert ours[2][0] == dt.date(1899, 12, 30) + dt.timedelta(days=45357)


def test_formula_without_value_is_reported_with_its_cell(tmp_path):
    cells = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f></c><c r="C1" t="str"><f>"a"</f></c></row>'
    path = _xml_workbook(tmp_path / "formula.xlsx", cells)
    with reader.XlsxReader(path) as book:
        [chunk] = list(book.chunks("数据"))
        assert [(m.cell, m.row, m.column_index) for m in chunk.uncomputed] == [("B1", 1, 1), ("C1", 1, 2)]
        assert chunk.rows == [(1, [1.0, None, None])]


def test_a_large_shared_string_table_is_compact():
    table = reader.SharedStrings()
    for i in range(1000):
        table.append(f"字符串{i}")
    assert len(table) == 1000
    assert table[0] == "字符串0" and table[999] == "字符串999"
    with pytest.raises(IndexError):
        table[-1]


@pytest.mark.parametrize(
    ("code", "is_date"),
    [("yyyy-mm-dd", True), ('0.00"h"', False), ("General", False), ("[Red]0.00", False), ("h:mm", True),
     ('"day" 0', False), ("[$-804]yyyy\"年\"m\"月\"", True)],
)  # fmt: skip
def test_date_formats(code, is_date):
    assert reader.is_date_format(code) is is_date


def test_chunks_stay_bounded_on_a_long_sheet(tmp_path, monkeypatch):
    """Many chunks of a long sheet: every row comes out once, in order, each chunk small."""
    monkeypatch.setattr(reader, "READ_SIZE", 4096)
    monkeypatch.setattr(reader, "HEAD_SIZE", 4096)
    path = tmp_path / "long.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet("long")
    for r in range(3000):
        ws.write_row(r, 0, [f"{r:05d}", r, "备注" if r % 7 else None])
    book.close()
    with reader.XlsxReader(path) as xlsx:
        chunks = list(xlsx.chunks("long"))
        sizes = [len(chunk.columns([0])[0]) for chunk in chunks]
    assert len(chunks) > 20 and max(sizes) < 200
    assert all(chunk.fast for chunk in chunks)  # xlsxwriter writes the common form
    ours, _ = our_cells(path, "long")
    assert ours == calamine_cells(path, "long")
    assert list(ours) == list(range(1, 3001))
