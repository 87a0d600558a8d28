"""Reading an uploaded workbook: a streaming xlsx reader with flat memory.

One reader for every file. python-calamine (the Rust reader the first version used) loads a
whole sheet into memory before the first row comes out (calamine's Range; python-calamine
issue #42 / PR #43: pyo3 cannot hand out a lazy Rust iterator), so its peak grows with the
sheet: 670 MB at 1 M rows. This reader streams the sheet's XML out of the zip in chunks of
a few MB, cut at a row end, and yields the rows chunk by chunk; memory stays the size of one
chunk, whatever the sheet's size.

Speed comes from doing the per-byte work in C:
- **Fast path.** One `re.findall` per chunk tokenises the common form every writer we know
  emits (`<row r="…">`, `<c r="B2" s="1" t="…">` with a `<v>` or a plain inline `<is><t>`);
  a cell's value is looked up in a memo keyed by the cell's bytes after its reference
  (`' s="1"><v>45292</v></c>'`), so repeated values (codes, dates, categories) cost one dict
  lookup. The pattern's last alternative catches any other tag; if a chunk holds one
  (a formula, rich text, a namespace prefix, a cell without `r`, …) the whole chunk goes
  through the general path instead, so the fast path can never skip or misread a cell.
- **General path.** A tag tokeniser (also one regex) and a small state machine: namespace
  prefixes (`<x:row>`), attributes in any order and quoting, rows and cells without `r`,
  formulas (`<f>` with a cached `<v>` reads as that value; with none the cell is reported in
  `Chunk.uncomputed`), inline strings with rich-text runs (phonetic `<rPh>` runs left out).

Values are what python-calamine gives (the importer's converters in cells.py expect them):
numbers → float, shared/inline/formula strings → str, `t="b"` → bool, `t="e"` → the error
text (`#DIV/0!`), numbers in a date format (styles.xml cellXfs → numFmtId: built-in 14–22,
45–47, or a custom format with date/time tokens) → datetime.date, or datetime.datetime with a
time of day, in the 1900 or 1904 date system of the workbook. Empty cells are None. XML
entity and character references and the OOXML `_xHHHH_` escapes are unescaped.

Shared strings are kept compactly: one UTF-8 byte string plus an array of offsets (a few
bytes of overhead per string instead of a Python object each), decoded on use through the
bounded memo.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from xml.etree import ElementTree as ET  # noqa: S405 - small parts of the user's own workbook, no DTDs

from django.utils.translation import gettext as _

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

READ_SIZE = 4 << 20  # decompressed XML per chunk
HEAD_SIZE = 64 << 10
MEMO_LIMIT = 100_000

# Fast path: the common form of rows and cells; group 4 catches anything else (→ general path).
_FAST = re.compile(
    rb'<row r="(\d+)"[^>/]*>'
    rb'|<c r="([A-Z]{1,3})\d+"((?: [st]="\w+")*(?:/>|>(?:<v>[^<]*</v>|<is><t(?: xml:space="preserve")?>[^<]*</t></is>)?</c>))'
    rb"|(<(?!/row>)[^>]*>)"
)
_ODD_CELL = re.compile(rb'<c r="(?![A-Z]{1,3}\d+"(?: [st]="\w+")*/?>)')
_ROW_NUMBERS = re.compile(rb'<row r="(\d+)"')
_FAST_REST = re.compile(
    rb'^((?: [st]="\w+")*)(?:/>|>(?:<v>([^<]*)</v>|<is><t( xml:space="preserve")?>([^<]*)</t></is>)?</c>)$'
)
_FAST_ATTR = re.compile(rb'([st])="(\w+)"')
# General path: every tag (or text run) of the chunk.
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?([\w.-]+)((?:\s[^>]*?)?)(/?)>|([^<]+)", re.S)
_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEETDATA_START = re.compile(rb"<(?:[\w.-]+:)?sheetData\b[^>]*?(/?)>")
_ROW_END = re.compile(rb"</(?:[\w.-]+:)?row\s*>")
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d*)$")
_DATE_TOKENS = re.compile(r"[dmyhs]", re.I)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
DATE_FORMAT_IDS = frozenset(range(14, 23)) | {45, 46, 47}
_EMPTY = object()


class NotAWorkbook(Exception):
    """The file is not an xlsx workbook (empty, not a zip, or a zip without a workbook)."""


@dataclass(frozen=True)
class MissingValue:
    """A cell holding a formula but no computed value."""

    sheet: str
    cell: str  # "B7"
    row: int
    column_index: int


@dataclass
class Parsed:
    """Rows parsed from a stretch of a sheet and the formula cells without a value among them."""

    rows: list[tuple[int, list]]
    uncomputed: list[MissingValue] = field(default_factory=list)


class Chunk:
    """One stretch of a sheet (a few MB of XML cut at a row end), parsed on demand.

    `rows`: (Excel row number, values) with every row of the chunk the same length.
    `columns(indexes)`: the same cells column by column — row numbers and, per wanted column,
    its values (None where a row has no such cell). In the common form this runs one regex
    per wanted column and never builds a row: the importer's path for large sheets.
    `uncomputed`: formula cells without a computed value.
    """

    def __init__(self, reader: XlsxReader, state: _GeneralState, xml: bytes):
        self._reader = reader
        self._state = state
        self._xml = xml
        self._parsed: Parsed | None = None
        self.fast = _is_common_form(xml)

    def _parse(self) -> Parsed:
        if self._parsed is None:
            parsed = self._reader._fast_chunk(self._xml, self._state) if self.fast else None
            if parsed is None:
                self.fast = False
                parsed = self._state.parse(self._xml)
            if parsed.rows:
                _pad(parsed.rows)
            self._parsed = parsed
            self._xml = b""
        return self._parsed

    @property
    def rows(self) -> list[tuple[int, list]]:
        return self._parse().rows

    @rows.setter
    def rows(self, rows: list[tuple[int, list]]) -> None:
        self._parse().rows = rows

    @property
    def uncomputed(self) -> list[MissingValue]:
        return [] if self.fast and self._parsed is None else self._parse().uncomputed

    def columns(self, indexes: list[int | None]) -> tuple[list[int], list[list]]:
        """(row numbers, one list of values per wanted column index; None → all None)."""
        if self._parsed is not None or not self.fast:
            rows = self.rows
            numbers = [number for number, _values in rows]
            width = len(rows[0][1]) if rows else 0
            by_index = list(zip(*[values for _n, values in rows], strict=True)) if rows else []
            empty = [None] * len(numbers)
            return numbers, [
                list(by_index[i]) if i is not None and i < width else list(empty) for i in indexes
            ]
        xml = self._xml
        row_keys = tuple(_ROW_NUMBERS.findall(xml))
        numbers = list(map(int, row_keys))
        if numbers:
            self._state.last_row = numbers[-1]
        memo = self._state.memo
        out = []
        for index in indexes:
            if index is None:
                out.append([None] * len(numbers))
                continue
            found = self._state.column_pattern(index).findall(xml)
            keys, rests = tuple(zip(*found, strict=True)) or ((), ())
            values = memo_map(memo, rests, self._reader._fast_value)
            if keys != row_keys:  # sparse: some rows have no such cell
                values = list(map(dict(zip(keys, values, strict=True)).get, row_keys))
            out.append(values)
        return numbers, out


def sniff_xlsx(fileobj) -> None:
    """Checks by content, not by name, that an uploaded file is an xlsx workbook: a zip that
    holds xl/workbook.xml. Raises NotAWorkbook; leaves the file at its start."""
    try:
        fileobj.seek(0)
        if not zipfile.is_zipfile(fileobj):
            raise NotAWorkbook(_("不是 Excel 工作簿（.xlsx）文件。"))
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise NotAWorkbook(_("压缩包中没有 Excel 工作簿（不是 .xlsx 文件）。"))
    except zipfile.BadZipFile as exc:
        raise NotAWorkbook(_("不是 Excel 工作簿（.xlsx）文件。")) from exc
    finally:
        fileobj.seek(0)


def column_letter(index: int) -> str:
    """0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 0, AB → 27."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return col - 1


def split_ref(ref: str) -> tuple[int, int]:
    """ "B7" → (7, 1); a reference without digits gives row 0."""
    match = _REF.match(ref.strip())
    if not match:
        return 0, -1
    return (int(match[2]) if match[2] else 0), column_index(match[1])


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    return text


def is_date_format(code: str) -> bool:
    """Whether a number format shows dates or times (quoted text, escapes, [colour] and
    padding left out first)."""
    return bool(_DATE_TOKENS.search(_FORMAT_NOISE.sub("", code)))


class SharedStrings:
    """The shared string table, compactly: all strings in one UTF-8 byte string + offsets."""

    def __init__(self):
        self.blob = bytearray()
        self.offsets = array("Q", [0])

    def append(self, text: str) -> None:
        self.blob += text.encode("utf-8")
        self.offsets.append(len(self.blob))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> str:
        if index < 0:
            raise IndexError(index)
        return self.blob[self.offsets[index] : self.offsets[index + 1]].decode("utf-8")


class XlsxReader:
    """An open xlsx workbook: `sheet_names`, then `chunks(name)` streams one sheet's rows."""

    def __init__(self, path: str | Path):
        path = Path(path)
        if not path.exists() or path.stat().st_size == 0:
            raise NotAWorkbook(_("文件为空。"))
        if not zipfile.is_zipfile(path):
            raise NotAWorkbook(_("不是 Excel 工作簿（.xlsx）文件。"))
        try:
            self.archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise NotAWorkbook(_("不是 Excel 工作簿（.xlsx）文件。")) from exc
        self.names = set(self.archive.namelist())
        if "xl/workbook.xml" not in self.names:
            self.archive.close()
            raise NotAWorkbook(_("压缩包中没有 Excel 工作簿（不是 .xlsx 文件）。"))
        try:
            self._read_workbook()
            self._read_styles()
            self._read_shared_strings()
        except (ET.ParseError, KeyError, ValueError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
            self.archive.close()
            raise NotAWorkbook(_("无法读取该工作簿：%(error)s") % {"error": exc}) from exc

    # ---- workbook parts ----------------------------------------------------------------------
    def _part(self, name: str) -> bytes:
        return self.archive.read(name) if name in self.names else b""

    def _read_workbook(self) -> None:
        workbook = ET.fromstring(self._part("xl/workbook.xml"))  # noqa: S314
        rels_xml = self._part("xl/_rels/workbook.xml.rels")
        targets = {}
        # Shared strings and styles are found through the workbook's relationships (their
        # usual names are only the fallback: not every writer uses them).
        self.part_paths = {"sharedStrings": "xl/sharedStrings.xml", "styles": "xl/styles.xml"}
        if rels_xml:
            for rel in ET.fromstring(rels_xml).iter(f"{{{NS_PKG_REL}}}Relationship"):  # noqa: S314
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                targets[rel.get("Id")] = target
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                if kind in self.part_paths:
                    self.part_paths[kind] = target
        self.sheet_paths: dict[str, str] = {}
        self.sheet_names: list[str] = []
        for sheet in workbook.iter(f"{{{NS_MAIN}}}sheet"):
            name = sheet.get("name")
            self.sheet_names.append(name)
            rid = sheet.get(f"{{{NS_REL}}}id")
            if rid in targets:
                self.sheet_paths[name] = targets[rid]
        self.date1904 = False
        for pr in workbook.iter(f"{{{NS_MAIN}}}workbookPr"):
            self.date1904 = pr.get("date1904", "").lower() in ("1", "true")
        # naive on purpose: a cell holds a wall-clock date and time, no zone  # noqa: ERA001
        self.epoch = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)  # noqa: DTZ001

    def _read_styles(self) -> None:
        """Style index (`s`) → whether its number format is a date."""
        self.date_styles: set[int] = set()
        xml = self._part(self.part_paths["styles"])
        if not xml:
            return
        root = ET.fromstring(xml)  # noqa: S314
        custom = {}
        for fmt in root.iter(f"{{{NS_MAIN}}}numFmt"):
            custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        xfs = root.find(f"{{{NS_MAIN}}}cellXfs")
        if xfs is None:
            return
        for index, xf in enumerate(xfs.findall(f"{{{NS_MAIN}}}xf")):
            fmt_id = int(xf.get("numFmtId", "0"))
            if fmt_id in DATE_FORMAT_IDS or (fmt_id in custom and is_date_format(custom[fmt_id])):
                self.date_styles.add(index)

    def _read_shared_strings(self) -> None:
        self.strings = SharedStrings()
        part = self.part_paths["sharedStrings"]
        if part not in self.names:
            return
        si = re.compile(rb"<(?:[\w.-]+:)?si\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?si>)", re.S)
        tail = b""
        with self.archive.open(part) as stream:
            while True:
                data = stream.read(READ_SIZE)
                buf = tail + data
                if data:
                    cut = buf.rfind(b"</")
                    end = buf.find(b">", cut)
                    if cut < 0 or end < 0:
                        tail = buf
                        continue
                    chunk, tail = buf[: end + 1], buf[end + 1 :]
                else:
                    chunk, tail = buf, b""
                last = 0
                for match in si.finditer(chunk):
                    self.strings.append(_rich_text(match[1] or b""))
                    last = match.end()
                if data:
                    tail = chunk[last:] + tail
                else:
                    break

    def close(self) -> None:
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- cell values --------------------------------------------------------------------------
    def value(self, kind: str, style: int, raw: bytes | None, inline: str | None = None):
        """One cell's value from its type (`t`), style index (`s`) and `<v>` text."""
        if inline is not None:
            return inline
        if raw is None:
            return None
        if kind == "s":
            return self.strings[int(raw)]
        if kind in ("str", "inlineStr"):
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in (b"1", b"true")
        if kind == "e":
            return _unescape(raw)
        if kind == "d":
            return _iso_datetime(raw.decode("ascii"))
        text = raw.strip()
        if not text:
            return None
        number = float(text)
        if style in self.date_styles:
            return self.as_datetime(number)
        return number

    def as_datetime(self, serial: float):
        if not self.date1904 and serial < 60:
            serial += 1  # Excel's 1900-02-29 does not exist; serials before it are a day off
        try:
            moment = self.epoch + dt.timedelta(days=serial)
        except OverflowError:
            return serial
        moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
        if moment.hour == moment.minute == moment.second == 0:
            return moment.date()
        return moment

    def _fast_value(self, rest: bytes):
        match = _FAST_REST.match(rest)
        attrs = dict(_FAST_ATTR.findall(match[1]))
        kind = attrs.get(b"t", b"n").decode()
        style = int(attrs.get(b"s", b"0"))
        if match[4] is not None:
            return _unescape(match[4] if match[3] else match[4].strip(_XML_SPACE))
        return self.value(kind, style, match[2])

    # ---- rows ---------------------------------------------------------------------------------
    def dimension_rows(self, name: str) -> int:
        """The last row of the sheet's `<dimension ref>` (0 when absent), for progress bars."""
        part = self.sheet_paths.get(name)
        if not part or part not in self.names:
            return 0
        with self.archive.open(part) as stream:
            head = stream.read(4096).decode("utf-8", "ignore")
        match = re.search(r'<(?:\w+:)?dimension\s+ref="([^"]*)"', head)
        if not match:
            return 0
        return split_ref(match[1].split(":")[-1])[0]

    def rows(self, name: str) -> Iterator[tuple[int, list]]:
        """(Excel row number, values) for every row of a sheet that has cells."""
        for chunk in self.chunks(name):
            yield from chunk.rows

    def chunks(self, name: str) -> Iterator[Chunk]:
        """The sheet's rows, a few MB of XML at a time."""
        part = self.sheet_paths.get(name)
        if not part or part not in self.names:
            return
        state = _GeneralState(self, name)
        with self.archive.open(part) as stream:
            buf = b""
            while True:  # skip to <sheetData>
                data = stream.read(HEAD_SIZE)
                buf += data
                start = _SHEETDATA_START.search(buf)
                if start or not data:
                    break
            if not start or start[1]:  # no sheetData, or an empty <sheetData/>
                return
            tail = buf[start.end() :]
            finished = False
            size = HEAD_SIZE  # a small first chunk: the importer reads its header row by row
            while not finished:
                data = stream.read(size)
                size = READ_SIZE
                buf = tail + data
                end = buf.find(b"sheetData>")
                if end >= 0:
                    chunk, tail, finished = buf[: buf.rfind(b"<", 0, end)], b"", True
                elif not data:
                    chunk, tail, finished = buf, b"", True
                else:
                    cut = _last_row_end(buf)
                    if cut < 0:
                        tail = buf
                        continue
                    chunk, tail = buf[:cut], buf[cut:]
                yield Chunk(self, state, chunk)

    def _fast_chunk(self, chunk: bytes, state: _GeneralState) -> Parsed | None:
        tokens = _FAST.findall(chunk)
        if any(map(itemgetter(3), tokens)):
            return None
        rows: list[tuple[int, list]] = []
        memo = state.memo
        get = memo.get
        colidx = state.colidx
        row: list | None = None
        width = state.width
        for number, col, rest, _other in tokens:
            if col and row is not None:
                value = get(rest, _EMPTY)
                if value is _EMPTY:
                    if len(memo) > MEMO_LIMIT:
                        memo.clear()
                    value = memo[rest] = self._fast_value(rest)
                index = colidx.get(col)
                if index is None:
                    index = colidx[col] = column_index(col.decode())
                if index >= len(row):
                    row.extend([None] * (index + 1 - len(row)))
                    width = max(width, len(row))
                row[index] = value
            elif col:
                return None  # a cell outside a row: not the common form
            elif number:
                row = [None] * width
                rows.append((int(number), row))
        state.width = width
        if rows:
            state.last_row = rows[-1][0]
        return Parsed(rows)


def memo_map(memo: dict, values, make) -> list:
    """[make(v) for v in values], each distinct value made once and remembered in memo
    (cleared past MEMO_LIMIT entries, so it stays bounded). The per-value work is C's
    (map over dict lookups) except for values not seen yet."""
    try:
        return list(map(memo.__getitem__, values))
    except KeyError:
        pass
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    for value in set(values).difference(memo):
        memo[value] = make(value)
    return list(map(memo.__getitem__, values))


def _is_common_form(xml: bytes) -> bool:
    """Whether a chunk holds only the common form: no other tag and no cell attribute besides
    r, s and t. Counted with bytes.count (C speed): in the common form every `<` belongs to a
    row (2), a cell (2, or 1 self-closing), a `<v>…</v>` (2) or an `<is><t>…</t></is>` (4);
    any other tag (a formula, rich text, a prefix, a self-closing row, …) breaks the sum.
    (A self-closing `<row r="…"/>` has one `<` where two are counted, so it breaks it too.)"""
    count = xml.count
    rows = count(b'<row r="')
    expected = 2 * rows + 2 * count(b'<c r="') - count(b"/>") + 2 * count(b"<v>") + 4 * count(b"<is>")
    return count(b"<") == expected and _ODD_CELL.search(xml) is None


def _last_row_end(buf: bytes) -> int:
    """Offset just after the last complete row end tag in buf, or -1."""
    pos = len(buf)
    while True:
        pos = buf.rfind(b"</", 0, pos)
        if pos < 0:
            return -1
        end = _ROW_END.match(buf, pos)
        if end:
            return end.end()


def _pad(rows: list[tuple[int, list]]) -> None:
    width = max(len(values) for _n, values in rows)
    for _n, values in rows:
        if len(values) < width:
            values.extend([None] * (width - len(values)))


def _iso_datetime(text: str):
    try:
        moment = dt.datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text
    if moment.hour == moment.minute == moment.second == moment.microsecond == 0:
        return moment.date()
    return moment


_XML_SPACE = b" \t\r\n"
_RICH_T = re.compile(rb"<(/?)(?:[\w.-]+:)?(t|rPh)\b[^>]*?(/?)>", re.S)


def _rich_text(inner: bytes) -> str:
    """The text of an `<si>` / `<is>`: its `<t>` runs joined, phonetic (`<rPh>`) runs left out.
    A run without xml:space="preserve" loses its leading and trailing white space (as
    calamine and Excel read it)."""
    if b"<" not in inner:
        return _unescape(inner)
    parts = []
    in_phonetic = False
    start = None
    preserve = False
    for match in _RICH_T.finditer(inner):
        closing, tag, selfclosing = match[1], match[2], match[3]
        if tag == b"rPh":
            if not selfclosing:
                in_phonetic = not closing
            continue
        if closing:
            if start is not None and not in_phonetic:
                text = inner[start : match.start()]
                parts.append(text if preserve else text.strip(_XML_SPACE))
            start = None
        elif not selfclosing:
            start = match.end()
            preserve = b"preserve" in match[0]
    return _unescape(b"".join(parts))


class _GeneralState:
    """The general tokeniser's state across the chunks of one sheet."""

    def __init__(self, reader: XlsxReader, sheet: str):
        self.reader = reader
        self.sheet = sheet
        self.memo: dict[bytes, object] = {}
        self.colidx: dict[bytes, int] = {}
        self.width = 0
        self.last_row = 0
        self.patterns: dict[int, re.Pattern] = {}

    def column_pattern(self, index: int) -> re.Pattern:
        """The fast path's cell pattern for one column: (row number, the cell after its ref)."""
        if index not in self.patterns:
            letters = column_letter(index).encode()
            self.patterns[index] = re.compile(
                rb'<c r="' + letters + rb'(\d+)"((?: [st]="\w+")*(?:/>|>(?:<v>[^<]*</v>'
                rb'|<is><t(?: xml:space="preserve")?>[^<]*</t></is>)?</c>))'
            )
        return self.patterns[index]

    def parse(self, chunk: bytes) -> Parsed:
        result = Parsed([])
        row: list | None = None
        number = self.last_row
        col = -1
        cell: dict | None = None
        text_target = None  # "v", "f", "t" (inside <is>) or None
        is_start = 0
        for match in _TAG.finditer(chunk):
            closing, tag, attrs, selfclosing, text = match.groups()
            if text is not None:
                if cell is not None and text_target:
                    cell[text_target].append(text)
                continue
            if tag == b"row":
                if closing:
                    row = None
                    continue
                found = _attrs(attrs).get("r")
                number = int(found) if found and found.isdigit() else number + 1
                row = [None] * self.width
                col = -1
                result.rows.append((number, row))
                if selfclosing:
                    row = None
                continue
            if tag == b"c" and not closing:
                values = _attrs(attrs)
                ref = values.get("r")
                if ref:
                    _r, col = split_ref(ref)
                else:
                    col += 1
                cell = {"t": values.get("t", "n"), "s": values.get("s", "0"), "v": [], "f": [], "is": []}
                cell["has_f"] = False
                if selfclosing:
                    self._store(result, row, number, col, cell)
                    cell = None
                continue
            if cell is None:
                continue
            if tag == b"c":
                self._store(result, row, number, col, cell)
                cell = None
                text_target = None
            elif tag == b"v":
                text_target = None if closing or selfclosing else "v"
                if not closing:
                    cell["has_v"] = True
            elif tag == b"f":
                cell["has_f"] = True
                text_target = None if closing or selfclosing else "f"
            elif tag == b"is":
                if selfclosing:
                    cell["has_is"] = True
                elif not closing:
                    cell["has_is"] = True
                    is_start = match.end()
                else:
                    cell["is"] = [chunk[is_start : match.start()]]
        if result.rows:
            self.last_row = result.rows[-1][0]
            self.width = max(self.width, max(len(values) for _n, values in result.rows))
        return result

    def _store(self, result: Parsed, row: list | None, number: int, col: int, cell: dict) -> None:
        if row is None or col < 0:
            return
        if col >= len(row):
            row.extend([None] * (col + 1 - len(row)))
        if cell.get("has_is"):
            row[col] = _rich_text(b"".join(cell["is"]))
            return
        raw = b"".join(cell["v"]) if cell.get("has_v") else None
        if cell["has_f"] and not raw and cell["t"] not in ("str", "s", "inlineStr"):
            cell_ref = f"{column_letter(col)}{number}"
            result.uncomputed.append(MissingValue(self.sheet, cell_ref, number, col))
            return
        if cell["has_f"] and raw is None:
            cell_ref = f"{column_letter(col)}{number}"
            result.uncomputed.append(MissingValue(self.sheet, cell_ref, number, col))
            return
        try:
            style = int(cell["s"])
        except ValueError:
            style = 0
        row[col] = self.reader.value(cell["t"], style, raw)


def _attrs(raw: bytes) -> dict[str, str]:
    return {name.decode(): (a if a is not None else b).decode("utf-8") for name, a, b in _ATTR.findall(raw)}
