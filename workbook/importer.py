"""The workbook importer (contract workbook-v1): read → validate in bulk → write in one transaction.

Decisions the contract leaves open, taken here:
- **No sheet is mandatory by itself.** A workbook may hold part of a scope (only records,
  when the catalog rows already exist in the database). Every code a row references must
  resolve, either to a row of the same workbook or to the database, and a sheet that is
  present must have all its required columns (an error on row 1 names each missing one).
- **Scope.** The command imports with no restriction. From the browser and the API only a
  district admin (the whole district) or a street supervisor (their street) imports; a row
  whose street or community lies outside the uploader's unit is an error. Neither moves a
  street to another district nor creates a district (a street row's `district` must be the
  uploader's district), and a community row's street must be one of the uploader's streets
  (the command alone may move units anywhere and creates missing districts). Departments and
  catalogs are the district's: a street supervisor's workbook may carry them (an export does),
  but only codes already in the database, which are left as they are.
- **Upserts.** Organisation and catalog rows upsert by `code` and are only updated when a
  value differs. Record rows upsert by `row_id`; a row without one is new and gets a fresh
  row_id. A row_id repeated in one sheet: the last row wins. An existing record is never
  moved to another community by an import (its row is left unchanged).
- `count` exists only where the contract lists it; `work_logs`, `ledger_books` and
  `platform_usage` have no count (an extra `count` column there is reported as unknown).

How it stays fast and flat (one pass, memory the size of one chunk, whatever the size):
- workbook/reader.py streams each sheet's XML in chunks of a few MB (python-calamine loads a
  whole sheet first: 670 MB at 1 M rows).
- Organisation and catalog sheets (small) are read first, row by row, and checked. Then one
  query per referenced sheet loads its code → id map (never one query per row).
- Inside ONE transaction: organisation and catalog rows are upserted (bulk_create /
  bulk_update), then each record sheet is streamed chunk by chunk. A chunk is converted
  column by column: each distinct raw value goes once through its cells.py converter (the
  same converters as the catalog rows) and, for a reference, through the code map; a memo
  per column remembers it, so the per-cell work is dict lookups at C speed. Clean rows
  become PostgreSQL COPY text (built column-wise too), handed to a feeder thread (_Feeder)
  that COPYs each chunk on the import's own connection and transaction while this thread
  reads and checks the next one (at most two chunks queued). Foreign keys are checked in
  bulk where the database role may (`_CopyUpsert._check_keys_in_bulk`: each referenced row
  locked once, PostgreSQL's per-row probe off for the sheet; it was half of PostgreSQL's
  CPU); otherwise the table's foreign keys are set IMMEDIATE for the sheet, so PostgreSQL
  checks each chunk's at the end of its COPY, overlapped with the reading, not at COMMIT.
  Rows without row_id get a fresh one and go straight into the table; rows with one are
  COPYed into a temporary stage table and written at the sheet's end by one INSERT … ON
  CONFLICT (row_id) over DISTINCT ON (row_id): the last row of a repeated row_id wins across
  the whole sheet, and the repeats are found by PostgreSQL, not held in memory here.
- The first error anywhere stops the writing (checking goes on, to report every error);
  at the end any error rolls the transaction back, so nothing is written. Other databases
  (SQLite for the demo) use bulk_create with update_conflicts instead of COPY.
- A record row counts as empty (skipped) when every cell of the contract's columns is empty;
  cells of unknown columns are not looked at.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import District, Street
from organisation.scoping import Scope

from . import cells, reader, spec

ERROR_CAP = 1000
BATCH = 20_000
PROGRESS_EVERY = 50_000


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    value: str
    reason: str

    def line(self) -> str:
        return f"{self.sheet}:{self.row}:{self.column}: {self.reason}"

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class ImportResult:
    """What an import did: rows per sheet, warnings, errors (capped) and their total."""

    imported: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_total: int = 0

    def error(self, sheet: str, row: int, column: str, value: Any, reason: str) -> None:
        self.error_total += 1
        if len(self.errors) < ERROR_CAP:
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # as Excel shows it
            shown = (
                "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
            )
            self.errors.append(RowError(sheet, row, column, shown[:200], reason))


Progress = Callable[[str, int, int], None]


@dataclass
class _SheetState:
    spec: spec.Sheet
    name: str  # as written in the workbook
    rows: int = 0
    catalog_rows: list[tuple[int, dict]] = field(default_factory=list)
    columns_ok: bool = True
    codes: set[str] = field(default_factory=set)
    positions: dict[str, int] = field(default_factory=dict)
    chunks: Any = None  # the reader's chunk iterator
    pending: Any = None  # the chunk the header came from (its rows after the header)


class _Abort(Exception):
    """Raised inside the import's transaction when an error was found: roll everything back."""


class _Failure:
    """Why a cell of a record row failed (a marker in a converted column)."""

    def __init__(self, kind: str):
        self.kind = kind

    def __repr__(self) -> str:
        return f"<{self.kind}>"


MISSING, BAD, UNKNOWN, OUTSIDE = (_Failure(k) for k in ("missing", "bad", "unknown", "outside"))
_FAILURES = frozenset({MISSING, BAD, UNKNOWN, OUTSIDE})
_FRESH = _Failure("fresh row_id")  # an empty row_id: the row gets a new one (not an error)


def _blank(values) -> bool:
    """Whether every cell of a row is empty (None, "" or only spaces)."""
    for value in values:
        if value is not None and value != "" and not (value.__class__ is str and not value.strip()):
            return False
    return True


class _ColumnConverter:
    """One record column of one sheet: converts a chunk's column at once. Each distinct raw
    value is converted once (cells.py's converter, then the code → id map for a reference)
    and remembered in a bounded memo; a failing cell becomes a _Failure marker."""

    def __init__(self, importer, sheet: spec.Sheet, col: spec.Col, slot: int, ids: dict):
        self.importer = importer
        self.col = col
        self.slot = slot  # this column's place in the chunk's raw columns
        self.read = cells.reader_for(sheet, col)
        self.lookup = ids.get(col.ref, {}) if col.kind == spec.REF else None
        self.community = col.key == "community_code"
        self.memo: dict[Any, Any] = {}
        self.failed = False

    def raw(self, raw_columns, index: int):
        return raw_columns[self.slot][index]

    def one(self, raw):
        if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
            if self.col.kind == spec.ROW_ID:
                return _FRESH
            if self.col.required:
                self.failed = True
                return MISSING
            return self.col.default
        try:
            value = self.read(raw)
        except cells.CellError:
            self.failed = True
            return BAD
        if self.lookup is not None:
            pk = self.lookup.get(value)
            if pk is None:
                self.failed = True
                return UNKNOWN
            if self.community and not self.importer.community_allowed(value):
                self.failed = True
                return OUTSIDE
            return pk
        return value

    def convert(self, raw_columns) -> list:
        column = raw_columns[self.slot]
        if self.col.kind == spec.ROW_ID or bool in set(map(type, column)):
            # row keys are unique (a memo would not help); True == 1 == 1.0 would share an entry
            return list(map(self.one, column))
        return reader.memo_map(self.memo, column, self.one)

    def report(self, state: _SheetState, number: int, raw, failure: _Failure) -> None:
        col, error = self.col, self.importer.result.error
        if failure is MISSING:
            error(state.name, number, col.key, "", _("必填"))
            return
        try:
            value = self.read(raw)
        except cells.CellError as exc:
            error(state.name, number, col.key, raw, str(exc))
            return
        if failure is UNKNOWN:
            self.importer._ref_error(state, number, col, value)
        elif failure is OUTSIDE:
            error(state.name, number, col.key, value, _("社区超出导入人的管辖范围"))


class WorkbookImporter:
    """One import run. `run()` returns the ImportResult; nothing is written unless it is clean."""

    def __init__(
        self, path: str, *, scope: Scope, progress: Progress | None = None, use_copy: bool | None = None
    ):
        self.path = str(path)
        self.scope = scope
        self.progress = progress or (lambda phase, done, total: None)
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.result = ImportResult()
        self.sheets: dict[str, _SheetState] = {}
        self.total = 0
        self.done = 0
        self.row_ids = _RowIds()

    # ---- the run -------------------------------------------------------------------------------
    def run(self) -> ImportResult:
        # The run allocates millions of short-lived tuples and lists; without this, every full
        # collection the garbage collector triggers walks all of Django's long-lived objects
        # too (measured: 1 M rows took twice the CPU). Frozen objects are skipped.
        gc.freeze()
        try:
            return self._run()
        finally:
            gc.unfreeze()

    def _run(self) -> ImportResult:
        try:
            book = reader.XlsxReader(self.path)
        except reader.NotAWorkbook as exc:
            self.result.error("", 0, "", "", str(exc))
            return self.result
        with book:
            self._map_sheets(book)
            self.total = sum(book.dimension_rows(state.name) for state in self.sheets.values())
            ordered = [self.sheets[s.key] for s in spec.SHEETS if s.key in self.sheets]
            for state in ordered:
                state.chunks = book.chunks(state.name)
                self._read_header(state)
            for state in ordered:
                if state.spec.group != spec.RECORD and state.columns_ok:
                    self._read_catalog(state)
            self._resolve()
            self._check_catalogs()
            writing = not self.result.error_total
            try:
                with transaction.atomic():
                    ids = self._write_catalogs() if writing else self._placeholder_ids()
                    for state in ordered:
                        if state.spec.group == spec.RECORD and state.columns_ok:
                            self._stream_records(state, ids)
                    if self.result.error_total:
                        raise _Abort
            except _Abort:
                return self.result
        self.result.imported = True
        return self.result

    def _map_sheets(self, book) -> None:
        for name in book.sheet_names:
            sheet = spec.sheet_for(name)
            if sheet is None:
                self.result.warnings.append(_("未知工作表“%(name)s”，已忽略。") % {"name": name})
                continue
            if sheet.key in self.sheets:
                self.result.error(
                    name,
                    0,
                    "",
                    name,
                    _("与工作表“%(name)s”重复（同一工作表出现两次）") % {"name": self.sheets[sheet.key].name},
                )
                continue
            self.sheets[sheet.key] = _SheetState(sheet, name)

    def _tick(self, phase: str, n: int) -> None:
        before = self.done // PROGRESS_EVERY
        self.done += n
        if self.done // PROGRESS_EVERY != before:
            self.progress(phase, self.done, max(self.total, self.done))

    # ---- reading: header, then the rows chunk by chunk ------------------------------------------
    def _next_chunk(self, state: _SheetState) -> reader.Chunk | None:
        if state.pending is not None:
            chunk, state.pending = state.pending, None
            return chunk
        return next(state.chunks, None)

    def _read_header(self, state: _SheetState) -> None:
        sheet = state.spec
        while True:
            chunk = self._next_chunk(state)
            if chunk is None:
                self.result.warnings.append(_("工作表“%(name)s”为空。") % {"name": state.name})
                state.columns_ok = False
                return
            for index, (number, values) in enumerate(chunk.rows):
                if not _blank(values):
                    header_number, header = number, values
                    chunk.rows = chunk.rows[index + 1 :]
                    state.pending = chunk
                    break
            else:
                continue
            break
        positions: dict[str, int] = {}
        unknown: list[str] = []
        for index, raw in enumerate(header):
            if cells.is_empty(raw):
                continue
            wanted = spec.normalise(raw)
            col = next((c for c in sheet.columns if wanted in spec.column_names(c)), None)
            if col is None:
                unknown.append(str(raw))
            elif col.key in positions:
                self.result.error(state.name, header_number, col.key, raw, _("列重复"))
                state.columns_ok = False
            else:
                positions[col.key] = index
        if unknown:
            self.result.warnings.append(
                _("工作表“%(name)s”的未知列已忽略：%(columns)s")
                % {"name": state.name, "columns": _("、").join(unknown)}
            )
        for col in sheet.columns:
            if col.required and col.key not in positions:
                self.result.error(
                    state.name,
                    header_number,
                    col.key,
                    "",
                    _("缺少必填列“%(key)s”（%(label)s）") % {"key": col.key, "label": col.zh},
                )
                state.columns_ok = False
        state.positions = positions

    def _report_uncomputed(self, state: _SheetState, chunk: reader.Chunk) -> None:
        """Formula cells without a computed value: an error naming the cell; the cell's row is
        not checked further (its value is unknown)."""
        if not chunk.uncomputed:
            return
        by_index = {index: key for key, index in state.positions.items()}
        skip = set()
        for missing in chunk.uncomputed:
            column = by_index.get(missing.column_index, reader.column_letter(missing.column_index))
            self.result.error(
                state.name,
                missing.row,
                column,
                missing.cell,
                _("单元格 %(cell)s 是没有计算结果的公式（请在 Excel 中打开并保存后再导入）")
                % {"cell": missing.cell},
            )
            skip.add(missing.row)
        chunk.rows = [(n, v) for n, v in chunk.rows if n not in skip]

    def _rows_after_header(self, state: _SheetState):
        while (chunk := self._next_chunk(state)) is not None:
            self._report_uncomputed(state, chunk)
            yield chunk

    def _read_catalog(self, state: _SheetState) -> None:
        """Organisation and catalog sheets (small): row by row into memory."""
        sheet = state.spec
        plan = [(col, state.positions.get(col.key), cells.reader_for(sheet, col)) for col in sheet.columns]
        seen_codes: dict[str, int] = {}
        error = self.result.error
        for chunk in self._rows_after_header(state):
            for number, raw_row in chunk.rows:
                if _blank(raw_row):
                    continue
                state.rows += 1
                values = []
                bad = False
                for col, position, read in plan:
                    raw = raw_row[position] if position is not None and position < len(raw_row) else None
                    if cells.is_empty(raw):
                        if col.required:
                            error(state.name, number, col.key, "", _("必填"))
                            bad = True
                        values.append(col.default)
                        continue
                    try:
                        values.append(read(raw))
                    except cells.CellError as exc:
                        error(state.name, number, col.key, raw, str(exc))
                        values.append(None)
                        bad = True
                row = {col.key: value for (col, _p, _r), value in zip(plan, values, strict=True)}
                code = row["code"]
                if code is not None:
                    state.codes.add(code)
                if code in seen_codes:
                    error(
                        state.name,
                        number,
                        "code",
                        code,
                        _("编码重复（第 %(row)s 行已有）") % {"row": seen_codes[code]},
                    )
                elif code is not None:
                    seen_codes[code] = number
                if (
                    sheet.key == "certificate_kinds"
                    and row.get("class") == "C"
                    and not row.get("responsible_authority")
                ):
                    error(state.name, number, "responsible_authority", "", _("C 类证明必须填写应出具机关"))
                    bad = True
                if not bad:
                    state.catalog_rows.append((number, row))

    # ---- resolution: one query per referenced sheet -----------------------------------------
    def _resolve(self) -> None:
        """Known codes per target sheet, from this workbook's rows and from the database: one
        query per sheet (the whole code → id map of each sheet a record column points at; the
        workbook's own codes for an organisation or catalog sheet)."""
        self.known: dict[str, set[str]] = {}
        self.db_rows: dict[str, dict[str, tuple]] = {}
        targets = {
            col.ref for state in self.sheets.values() for col in state.spec.columns if col.kind == spec.REF
        }
        for key in targets:
            self.db_rows[key] = self._db_lookup(key, None)
        for key, state in self.sheets.items():
            if state.spec.group != spec.RECORD and key not in self.db_rows:
                self.db_rows[key] = self._db_lookup(key, state.codes)
        # Streets that communities in the workbook or the database sit in are needed for scope.
        if "communities" in self.db_rows:
            extra = {street for (_id, street) in self.db_rows["communities"].values()}
            extra |= {row["street_code"] for _n, row in self._rows("communities")}
            missing = extra - set(self.db_rows.get("streets", {}))
            if missing:
                self.db_rows.setdefault("streets", {}).update(self._db_lookup("streets", missing))
        for key in targets | {k for k, st in self.sheets.items() if st.spec.group != spec.RECORD}:
            in_book = self.sheets[key].codes if key in self.sheets else set()
            self.known[key] = in_book | set(self.db_rows.get(key, {}))

    def _db_lookup(self, key: str, codes: set[str] | None) -> dict[str, tuple]:
        """code → (pk, …) for the given codes, or for every row when codes is None."""
        if codes is not None and not codes:
            return {}
        model = spec.CODE_MODELS[key]
        extra = {"streets": ("district__name",), "communities": ("street__code",)}.get(key, ())
        found: dict[str, tuple] = {}
        if codes is None:
            for code, pk, *rest in model.objects.values_list("code", "pk", *extra).iterator(
                chunk_size=10_000
            ):
                found[code] = (pk, *rest)
            return found
        ordered = sorted(codes)
        for start in range(0, len(ordered), 10_000):
            chunk = ordered[start : start + 10_000]
            for code, pk, *rest in model.objects.filter(code__in=chunk).values_list("code", "pk", *extra):
                found[code] = (pk, *rest)
        return found

    def _rows(self, key: str) -> list[tuple[int, dict]]:
        state = self.sheets.get(key)
        return state.catalog_rows if state else []

    # ---- scope --------------------------------------------------------------------------------
    def _district_name(self) -> str | None:
        if not hasattr(self, "_district_name_cache"):
            self._district_name_cache = (
                District.objects.filter(pk=self.scope.district_id).values_list("name", flat=True).first()
                if self.scope.district_id
                else None
            )
        return self._district_name_cache

    def _own_street_code(self) -> str | None:
        if not hasattr(self, "_street_code_cache"):
            self._street_code_cache = (
                Street.objects.filter(pk=self.scope.street_id).values_list("code", flat=True).first()
                if self.scope.street_id
                else None
            )
        return self._street_code_cache

    def _scope_district_name(self) -> str | None:
        """The district the uploader's streets must stay in: a district admin's own district, or
        the district a street supervisor's street lies in now (None when unrestricted)."""
        if not hasattr(self, "_scope_district_cache"):
            if self.scope.everything:
                name = None
            elif self.scope.is_street:
                name = (
                    Street.objects.filter(pk=self.scope.street_id)
                    .values_list("district__name", flat=True)
                    .first()
                )
            else:
                name = self._district_name()
            self._scope_district_cache = name
        return self._scope_district_cache

    def street_allowed(self, code: str) -> bool:
        if self.scope.everything:
            return True
        if self.scope.is_street:
            return code == self._own_street_code()
        if self.scope.role == "district_admin":
            district = self._district_name()
            db = self.db_rows.get("streets", {}).get(code)
            if db is not None and db[1] != district:
                return False
            book = self._book_streets().get(code)
            return (book is None and db is not None) or (book is not None and book == district)
        return False

    def _book_streets(self) -> dict[str, str]:
        if not hasattr(self, "_book_streets_cache"):
            self._book_streets_cache = {row["code"]: row["district"] for _n, row in self._rows("streets")}
        return self._book_streets_cache

    def _book_communities(self) -> dict[str, str]:
        if not hasattr(self, "_book_communities_cache"):
            self._book_communities_cache = {
                row["code"]: row["street_code"] for _n, row in self._rows("communities")
            }
        return self._book_communities_cache

    def community_allowed(self, code: str) -> bool:
        if self.scope.everything:
            return True
        if not hasattr(self, "_community_allowed_cache"):
            self._community_allowed_cache: dict[str, bool] = {}
        cache = self._community_allowed_cache
        if code not in cache:
            db = self.db_rows.get("communities", {}).get(code)
            book_street = self._book_communities().get(code)
            ok = True
            if db is not None:
                ok = self.street_allowed(db[1])
            if ok and book_street is not None:
                ok = self.street_allowed(book_street)
            cache[code] = ok
        return cache[code]

    @property
    def may_edit_catalogs(self) -> bool:
        return self.scope.everything or self.scope.role == "district_admin"

    # ---- pass 2: references and scope -------------------------------------------------------
    def _ref_error(self, state: _SheetState, number: int, col: spec.Col, code: str) -> None:
        target = spec.SHEETS_BY_KEY[col.ref]
        self.result.error(
            state.name,
            number,
            col.key,
            code,
            _("%(sheet)s编码“%(code)s”不存在（工作簿和系统中都没有）") % {"sheet": target.zh, "code": code},
        )

    def _check_catalogs(self) -> None:
        for key in [s.key for s in spec.SHEETS if s.group != spec.RECORD]:
            state = self.sheets.get(key)
            if state is None:
                continue
            refs = [c for c in state.spec.columns if c.kind == spec.REF]
            for number, row in state.catalog_rows:
                for col in refs:
                    code = row.get(col.key)
                    if code is not None and code not in self.known.get(col.ref, ()):
                        self._ref_error(state, number, col, code)
                if key == "streets":
                    self._check_street_row(state, number, row)
                elif key == "communities":
                    self._check_community_row(state, number, row)
                elif (
                    key not in ("streets", "communities")
                    and not self.may_edit_catalogs
                    and row["code"] not in self.db_rows.get(key, {})
                ):
                    self.result.error(
                        state.name, number, "code", row["code"], _("部门和目录由区减负办维护，街道不能新增")
                    )

    def _check_street_row(self, state: _SheetState, number: int, row: dict) -> None:
        """A street row stays in the uploader's unit: its code is theirs (a street supervisor's own
        street; for a district admin a street of their district, or a new one), and its district
        is the uploader's district. Only the unrestricted command moves a street to another
        district or creates a district."""
        if self.scope.everything:
            return
        code = row["code"]
        if self.scope.is_street:
            own = code == self._own_street_code()
        elif self.scope.role == "district_admin":
            db = self.db_rows.get("streets", {}).get(code)
            own = db is None or db[1] == self._district_name()
        else:
            own = False
        if not own:
            self.result.error(state.name, number, "code", code, _("超出导入人的管辖范围"))
        district = self._scope_district_name()
        if row["district"] != district:
            self.result.error(
                state.name,
                number,
                "district",
                row["district"],
                _("所属区只能是“%(district)s”：不能把街道移到别的区，也不能新建区")
                % {"district": district or ""},
            )

    def _check_community_row(self, state: _SheetState, number: int, row: dict) -> None:
        """A community row stays in the uploader's unit: an existing community must lie in it now,
        and its street (after the import) must be one of the uploader's streets. A community row
        never creates a street (its street_code must resolve, checked with the references)."""
        if self.scope.everything:
            return
        code = row["code"]
        db = self.db_rows.get("communities", {}).get(code)
        if db is not None and not self.street_allowed(db[1]):
            self.result.error(state.name, number, "code", code, _("超出导入人的管辖范围"))
            return
        street = row["street_code"]
        if street in self.known.get("streets", ()) and not self.street_allowed(street):
            self.result.error(
                state.name,
                number,
                "street_code",
                street,
                _("不能把社区放到管辖范围以外的街道"),
            )

    # ---- writing: organisation and catalogs first (small), then records streamed ------------
    def _write_catalogs(self) -> dict[str, dict[str, int]]:
        """Upserts organisation and catalog rows; returns code → id of every known code."""
        ids: dict[str, dict[str, int]] = {}
        if self.sheets.get("streets") and self._rows("streets"):
            names = {row["district"] for _n, row in self._rows("streets")}
            districts = dict(District.objects.filter(name__in=names).values_list("name", "pk"))
            # Only the unrestricted command creates districts (checked rows of a district admin or
            # a street supervisor all name the uploader's district, which exists).
            missing = [District(name=n) for n in sorted(names - set(districts))]
            if missing and self.scope.everything:
                District.objects.bulk_create(missing)
                districts = dict(District.objects.filter(name__in=names).values_list("name", "pk"))
            ids["districts"] = districts
        for sheet in spec.SHEETS:
            if sheet.group == spec.RECORD:
                continue
            state = self.sheets.get(sheet.key)
            if state is not None and (sheet.key in ("streets", "communities") or self.may_edit_catalogs):
                self.result.counts[sheet.key] = self._upsert_by_code(state, ids)
            elif state is not None:
                rows = len(state.catalog_rows)
                self.result.counts[sheet.key] = {"rows": rows, "created": 0, "updated": 0, "unchanged": rows}
            ids[sheet.key] = self._ids(sheet.key)
        return ids

    def _placeholder_ids(self) -> dict[str, dict[str, int]]:
        """When nothing will be written: every known code maps to a dummy id (checks only)."""
        return {key: dict.fromkeys(codes, 0) for key, codes in self.known.items()}

    def _ids(self, key: str) -> dict[str, int]:
        codes = self.known.get(key, set())
        if not codes:
            return {}
        model = spec.CODE_MODELS[key]
        found: dict[str, int] = {}
        ordered = sorted(codes)
        for start in range(0, len(ordered), 10_000):
            found.update(
                model.objects.filter(code__in=ordered[start : start + 10_000]).values_list("code", "pk")
            )
        return found

    def _model_values(self, sheet: spec.Sheet, row: dict, ids: dict) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for col in sheet.columns:
            value = row.get(col.key, col.default)
            if col.kind == spec.REF:
                values[f"{col.target}_id"] = ids[col.ref][value] if value is not None else None
            elif col.key == "district" and sheet.key == "streets":
                values["district_id"] = ids["districts"][value]
            elif col.kind == spec.FIELDS:
                values[col.target] = list(value or ())
            else:
                values[col.target] = value
        return values

    def _upsert_by_code(self, state: _SheetState, ids: dict) -> dict[str, int]:
        sheet = state.spec
        model = sheet.model
        codes = [row["code"] for _n, row in state.catalog_rows]
        existing = {obj.code: obj for obj in model.objects.filter(code__in=codes)}
        create, update = [], []
        changed_fields: set[str] = set()
        for _number, row in state.catalog_rows:
            values = self._model_values(sheet, row, ids)
            obj = existing.get(row["code"])
            if obj is None:
                create.append(model(**values))
                continue
            diff = [name for name, value in values.items() if getattr(obj, name) != value]
            if diff:
                for name in diff:
                    setattr(obj, name, values[name])
                changed_fields.update(diff)
                update.append(obj)
        if create:
            model.objects.bulk_create(create, batch_size=2000)
        if update:
            model.objects.bulk_update(update, sorted(changed_fields), batch_size=2000)
        rows = len(state.catalog_rows)
        return {
            "rows": rows,
            "created": len(create),
            "updated": len(update),
            "unchanged": rows - len(create) - len(update),
        }

    def _record_columns(self, sheet: spec.Sheet) -> list[str]:
        return [f"{col.target}_id" if col.kind == spec.REF else col.target for col in sheet.columns]

    def _stream_records(self, state: _SheetState, ids: dict[str, dict[str, int]]) -> None:
        """Record rows chunk by chunk: converted column by column (each distinct value once,
        through a memo per column), references resolved through the pre-loaded code maps, and
        written with COPY while no error has been found anywhere."""
        sheet = state.spec
        columns = self._record_columns(sheet)
        converters = [_ColumnConverter(self, sheet, col, slot, ids) for slot, col in enumerate(sheet.columns)]
        indexes = [state.positions.get(col.key) for col in sheet.columns]
        row_id_index = next(i for i, col in enumerate(sheet.columns) if col.kind == spec.ROW_ID)
        counts = {"rows": 0, "created": 0, "updated": 0, "unchanged": 0}
        # The ids a row may reference, per foreign-key column: all came from the database in
        # this transaction (the code maps), so the writer can check its keys in bulk.
        references = {
            f"{col.target}_id": ids.get(col.ref, {}).values() for col in sheet.columns if col.kind == spec.REF
        }
        writer = (
            _CopyUpsert(sheet.model, columns, references)
            if self.use_copy
            else _OrmUpsert(sheet.model, columns)
        )
        with writer:
            for chunk in self._rows_after_header(state):
                numbers, raw_columns = chunk.columns(indexes)
                if not numbers:
                    continue
                out = [conv.convert(raw_columns) for conv in converters]
                bad = self._chunk_errors(state, converters, out, raw_columns, numbers)
                good = len(numbers) - len(bad)
                counts["rows"] += good
                if bad:
                    keep = [i for i in range(len(numbers)) if i not in bad]
                    numbers = [numbers[i] for i in keep]
                    out = [[column[i] for i in keep] for column in out]
                if not self.result.error_total and numbers:
                    row_ids = out[row_id_index]
                    fresh = [value is _FRESH for value in row_ids]
                    if any(fresh):
                        new_ids = self.row_ids.take(sum(fresh))
                        out[row_id_index] = [
                            next(new_ids) if f else v for v, f in zip(row_ids, fresh, strict=True)
                        ]
                    writer.write(out, fresh, numbers)
                self._tick("reading", len(numbers))
            if not self.result.error_total:
                created, updated, repeated = writer.finish()
                counts["created"], counts["updated"] = created, updated
                if repeated:
                    self.result.warnings.append(
                        _("工作表“%(name)s”中有 %(n)s 行的 row_id 与前面的行重复，以最后一行为准。")
                        % {"name": state.name, "n": repeated}
                    )
        counts["unchanged"] = counts["rows"] - counts["created"] - counts["updated"]
        self.result.counts[sheet.key] = counts

    def _chunk_errors(self, state, converters, out, raw_columns, numbers) -> set[int]:
        """Rows of a chunk with an error (reported, in row then column order); blank rows
        (every cell empty) are dropped silently and also returned."""
        found: dict[int, list[tuple[int, Any]]] = defaultdict(list)
        for position, (conv, column) in enumerate(zip(converters, out, strict=True)):
            if conv.failed and not _FAILURES.isdisjoint(column):
                for index, value in enumerate(column):
                    if value.__class__ is _Failure:
                        found[index].append((position, value))
        if not found:
            return set()
        for index in sorted(found):
            raw_row = [column[index] for column in raw_columns]
            if _blank(raw_row):
                continue
            for position, failure in found[index]:
                conv = converters[position]
                conv.report(state, numbers[index], conv.raw(raw_columns, index), failure)
        return set(found)


class _RowIds:
    """Fresh row keys for one import: 32 hex digits like organisation.models.new_row_id (a
    uuid4's hex), but in increasing order — 12 digits of the import's start time (ms), 8 of a
    counter, 12 random. A random key lands on a random page of the row_id indexes (unique and
    pattern), which costs PostgreSQL most of a bulk load's index work; increasing keys append
    at the right edge. The random tail keeps concurrent imports apart; exports (ordered by
    row_id) keep the workbook's row order."""

    def __init__(self):
        self.prefix = f"{time.time_ns() // 1_000_000:012x}"[-12:]
        self.counter = 0

    def take(self, count: int):
        tails = os.urandom(6 * count).hex()
        start, self.counter = self.counter, self.counter + count
        prefix = self.prefix
        return iter([f"{prefix}{start + i:08x}{tails[12 * i : 12 * i + 12]}" for i in range(count)])


def _extra_fields(model, columns: list[str]) -> list:
    """NOT NULL fields the workbook does not fill: written with their Python default."""
    extra = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in columns or f.null:
            continue
        extra.append(f)
    return extra


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value.__class__ is str:
        return value.translate(_COPY_ESCAPES)
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


_COPY_SPECIAL = ("\\", "\t", "\n", "\r")


def _copy_column(values: list, memo: dict | None) -> list[str]:
    if memo is None:  # mostly distinct strings (row keys, notes): escape only when needed
        if set(map(type, values)) <= {str, type(None)}:
            blob = "".join(filter(None, values))
            if not any(special in blob for special in _COPY_SPECIAL):
                return ["\\N" if value is None else value for value in values]
        return list(map(_copy_text, values))
    return reader.memo_map(memo, values, _copy_text)


def _default_value(f, now):
    if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
        return now
    return f.get_default()


class _CopyUpsert:
    """PostgreSQL. Rows given a fresh row_id cannot conflict: COPY straight into the table.
    Rows that came with a row_id are COPYed into a temporary stage table (with their row
    number) and written at the sheet's end by one INSERT … ON CONFLICT (row_id) over
    DISTINCT ON (row_id) — the last row of a repeated row_id wins across the whole sheet,
    and the repeats are counted there, in PostgreSQL, not in this process's memory.

    The SQL is built from model metadata only (table and column names, quoted); values go
    through COPY (text format, escaped) and query parameters.
    """

    def __init__(self, model, columns: list[str], references: dict[str, Any] | None = None):
        self.model = model
        self.columns = columns
        self.references = references
        self.table = model._meta.db_table
        self.stage = f"wb_stage_{self.table}"
        kinds = {
            f"{c.target}_id" if c.kind == spec.REF else c.target: c.kind
            for c in spec.SHEETS_BY_KEY[next(s.key for s in spec.SHEETS if s.model is model)].columns
        }
        self.memos = [None if kinds.get(c) in (spec.ROW_ID, spec.TEXT) else {} for c in columns]
        self.created = 0
        self.staged = False

    def __enter__(self):
        qn = connection.ops.quote_name
        self.cursor = connection.cursor().__enter__()
        extra = _extra_fields(self.model, self.columns)
        now = timezone.now()
        self.extra_params = [f.get_db_prep_save(_default_value(f, now), connection) for f in extra]
        self.suffix = "".join(
            "\t"
            + (
                _copy_text(json.dumps(f.get_default()))
                if f.get_internal_type() == "JSONField"
                else _copy_text(_default_value(f, now))
            )
            for f in extra
        )
        insert_cols = ", ".join(qn(c) for c in self.columns + [f.column for f in extra])
        cols = ", ".join(qn(c) for c in self.columns)
        self.direct_sql = f"COPY {qn(self.table)} ({insert_cols}) FROM STDIN"
        self.copy_sql = f"COPY {qn(self.stage)} ({cols}, wb_line) FROM STDIN"
        select_cols = ", ".join([f"s.{qn(c)}" for c in self.columns] + ["%s"] * len(extra))
        updatable = [c for c in self.columns if c not in ("row_id", "community_id")]
        sets = ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in updatable)
        old = ", ".join(f"t.{qn(c)}" for c in updatable)
        new = ", ".join(f"EXCLUDED.{qn(c)}" for c in updatable)
        self.upsert_sql = (
            f"WITH w AS (INSERT INTO {qn(self.table)} AS t ({insert_cols}) "  # noqa: S608
            f"SELECT {select_cols} FROM (SELECT DISTINCT ON (row_id) * FROM {qn(self.stage)} "
            f"ORDER BY row_id, wb_line DESC) s "
            f"ON CONFLICT (row_id) DO UPDATE SET {sets} "
            f"WHERE t.community_id = EXCLUDED.community_id AND ROW({old}) IS DISTINCT FROM ROW({new}) "
            f"RETURNING (xmax = 0) AS created) "
            f"SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM w"
        )
        self.create_stage_sql = [
            f"DROP TABLE IF EXISTS {qn(self.stage)}",
            f"CREATE TEMP TABLE {qn(self.stage)} ON COMMIT DROP AS SELECT {cols} FROM {qn(self.table)} WITH NO DATA",  # noqa: S608
            f"ALTER TABLE {qn(self.stage)} ADD COLUMN wb_line integer",
        ]
        self.count_sql = f"SELECT count(*) - count(DISTINCT row_id) FROM {qn(self.stage)}"  # noqa: S608
        self.constraints = ""
        self.bulk_keys = self._bulk_keys_possible(extra) and bulk_key_check_allowed(self.cursor)
        if self.bulk_keys:
            self._check_keys_in_bulk()
        else:
            # The table's deferred foreign keys are checked at the end of each COPY (in the
            # feeder, while this thread reads on) instead of all at COMMIT; set back at the end.
            self.cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' "
                "AND condeferrable AND condeferred ORDER BY conname",
                [self.table],
            )
            self.constraints = ", ".join(qn(name) for (name,) in self.cursor.fetchall())
            if self.constraints:
                self.cursor.execute(f"SET CONSTRAINTS {self.constraints} IMMEDIATE")
        self.feeder = _Feeder(connection.connection)
        return self

    def write(self, out: list[list], fresh: list[bool], numbers: list[int]) -> None:
        texts = [_copy_column(values, memo) for values, memo in zip(out, self.memos, strict=True)]
        if all(fresh):
            direct, staged = texts, None
        elif not any(fresh):
            direct, staged = None, texts
        else:
            direct = [[v for v, f in zip(col, fresh, strict=True) if f] for col in texts]
            staged = [[v for v, f in zip(col, fresh, strict=True) if not f] for col in texts]
            numbers = [num for num, f in zip(numbers, fresh, strict=True) if not f]
        if direct:
            size = len(direct[0])
            body = (
                "\n".join(map("\t".join, zip(*direct, [self.suffix[1:]] * size, strict=True)))
                if self.suffix
                else "\n".join(map("\t".join, zip(*direct, strict=True)))
            )
            self.feeder.copy(self.direct_sql, body + "\n")
            self.created += size
        if staged:
            if not self.staged:
                for sql in self.create_stage_sql:
                    self.feeder.execute(sql)
                self.staged = True
            body = "\n".join(map("\t".join, zip(*staged, map(str, numbers), strict=True)))
            self.feeder.copy(self.copy_sql, body + "\n")

    def finish(self) -> tuple[int, int, int]:
        """Writes the staged rows; returns (created, updated, repeated row_ids)."""
        self.feeder.close()  # every chunk is in (its foreign keys checked); raises its error
        if not self.staged:
            return self.created, 0, 0
        self.cursor.execute(self.count_sql)
        repeated = self.cursor.fetchone()[0]
        self.cursor.execute(self.upsert_sql, self.extra_params)
        created, updated = self.cursor.fetchone()
        return self.created + created, updated, repeated

    def _bulk_keys_possible(self, extra) -> bool:
        """Every foreign key this writer fills is a resolved reference column (the other
        foreign-key fields are left at their default, NULL)."""
        if self.references is None:
            return False
        return not any(
            f.is_relation
            and f.column not in self.references
            and (f.column in self.columns or (f in extra and f.get_default() is not None))
            for f in self.model._meta.concrete_fields
        )

    def _check_keys_in_bulk(self) -> None:
        """Foreign keys checked once per referenced row instead of once per written row.

        Every id a row can carry comes from a code map the importer read from the database in
        this transaction (a code that does not resolve is a row error, never written). Each
        referenced row is locked FOR KEY SHARE until COMMIT — the lock PostgreSQL's own
        foreign-key check takes per written row — so no other transaction can delete or re-key
        it meanwhile. Then the per-row checks are switched off for this transaction's writes to
        the sheet's table (`session_replication_role = replica`, the switch pg_restore and
        logical replication use; set back at the sheet's end). The constraints stay declared
        and keep guarding every other write. Measured on 300 k work-log rows: PostgreSQL's CPU
        for the COPY 6.5 s → 3.8 s (benchmarks/README.md)."""
        qn = connection.ops.quote_name
        fields = {f.column: f for f in self.model._meta.concrete_fields if f.is_relation}
        for column, ids in self.references.items():
            wanted = sorted(set(ids))
            if not wanted:
                continue
            target = fields[column].target_field
            self.cursor.execute(
                f"SELECT 1 FROM {qn(target.model._meta.db_table)} WHERE {qn(target.column)} = ANY(%s) "  # noqa: S608
                "FOR KEY SHARE",
                [wanted],
            )
        self.cursor.execute("SET LOCAL session_replication_role = replica")

    def __exit__(self, *exc):
        try:
            self.feeder.close(raise_error=exc[0] is None)
            if exc[0] is None and self.constraints:
                self.cursor.execute(f"SET CONSTRAINTS {self.constraints} DEFERRED")
            if exc[0] is None and self.bulk_keys:
                self.cursor.execute("SET LOCAL session_replication_role = origin")
        finally:
            self.cursor.__exit__(*exc)


def bulk_key_check_allowed(cursor) -> bool:
    """Whether this import may check foreign keys in bulk: the setting allows it and the
    database role may set `session_replication_role` (a superuser, or on PostgreSQL 15+ a
    role granted it: `GRANT SET ON PARAMETER session_replication_role TO <role>`)."""
    from django.conf import settings

    if not getattr(settings, "WORKBOOK_IMPORT_BULK_KEY_CHECK", True):
        return False
    cursor.execute(
        "SELECT current_setting('is_superuser') = 'on', current_setting('server_version_num')::int"
    )
    superuser, version = cursor.fetchone()
    if superuser:
        return True
    if version < 150000:
        return False
    cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    return bool(cursor.fetchone()[0])


class _Feeder:
    """The database side of a record sheet, in a thread of its own (a 写入线程): one COPY per
    chunk on the import's own connection and transaction (the raw psycopg connection; the
    importer's thread issues no query while the feeder runs). The importer's thread reads
    and checks chunk k+1 while PostgreSQL inserts chunk k and checks its foreign keys (set
    IMMEDIATE for the sheet's table, so they run at the end of each COPY instead of all at
    COMMIT). The queue holds at most DEPTH chunks, so memory stays flat.

    An error in the feeder (e.g. a foreign key violated) is kept; the feeder skips what is
    queued after it, and the importer's thread raises it at its next call (as Django's
    database error), which rolls the transaction back. `close()` always joins the thread:
    none outlives the import.
    """

    DEPTH = 2

    def __init__(self, raw_connection):
        self.raw = raw_connection
        self.queue: queue.Queue = queue.Queue(maxsize=self.DEPTH)
        self.error: BaseException | None = None
        self.raised = False
        self.thread = threading.Thread(target=self._work, name="workbook-feeder", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        cursor = self.raw.cursor()
        try:
            while (item := self.queue.get()) is not None:
                if self.error is not None:
                    continue  # drain: the importer's thread raises the error
                sql, body = item
                try:
                    if body is None:
                        cursor.execute(sql)
                    else:
                        with cursor.copy(sql) as copy:
                            copy.write(body)
                except BaseException as exc:  # noqa: BLE001 - handed to the importer's thread
                    self.error = exc
        finally:
            cursor.close()

    def _raise(self) -> None:
        if self.error is not None and not self.raised:
            self.raised = True  # once; the feeder keeps skipping what is still queued
            with connection.wrap_database_errors:
                raise self.error

    def copy(self, sql: str, body: str) -> None:
        self._raise()
        self.queue.put((sql, body))

    def execute(self, sql: str) -> None:
        self._raise()
        self.queue.put((sql, None))

    def close(self, *, raise_error: bool = True) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        if raise_error:
            self._raise()


class _OrmUpsert:
    """Any other database: bulk_create, with update_conflicts on row_id for keyed rows."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.columns = columns
        self.created = self.updated = 0

    def __enter__(self):
        return self

    def write(self, out: list[list], fresh: list[bool], numbers: list[int]) -> None:
        rows = list(zip(*out, strict=True))
        new = [row for row, f in zip(rows, fresh, strict=True) if f]
        key = self.columns.index("row_id")
        keyed = {row[key]: row for row, f in zip(rows, fresh, strict=True) if not f}
        c, u = self._write(keyed, new)
        self.created += c
        self.updated += u

    def finish(self) -> tuple[int, int, int]:
        return self.created, self.updated, 0

    def _write(self, rows: dict[str, tuple], fresh: list[tuple]) -> tuple[int, int]:
        if fresh:
            self.model.objects.bulk_create(
                [self.model(**dict(zip(self.columns, row, strict=True))) for row in fresh], batch_size=500
            )
        if not rows:
            return len(fresh), 0
        existing = {}
        keys = list(rows)
        for start in range(0, len(keys), 500):
            for obj in self.model.objects.filter(row_id__in=keys[start : start + 500]).values(
                "row_id", *self.columns
            ):
                existing[obj["row_id"]] = obj
        created, updated = [], []
        for row_id, row in rows.items():
            values = dict(zip(self.columns, row, strict=True))
            old = existing.get(row_id)
            if old is None:
                created.append(self.model(**values))
            elif old["community_id"] == values["community_id"] and any(
                old[c] != values[c] for c in self.columns
            ):
                updated.append(self.model(**values))
        update_fields = [c.removesuffix("_id") for c in self.columns if c not in ("row_id", "community_id")]
        if created:
            self.model.objects.bulk_create(created, batch_size=500)
        if updated:
            self.model.objects.bulk_create(
                updated,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["row_id"],
                update_fields=update_fields,
            )
        return len(created) + len(fresh), len(updated)

    def __exit__(self, *exc):
        return None


def progress_writer(job_id: int) -> Progress:
    """Progress updates for a job, written on a separate connection (a short thread), so the
    page sees them while the import's own transaction is still open."""

    def update(phase: str, done: int, total: int) -> None:
        if connection.vendor != "postgresql":
            if not connection.in_atomic_block:
                _save(job_id, phase, done, total)
            return
        worker = threading.Thread(target=_save_and_close, args=(job_id, phase, done, total))
        worker.start()
        worker.join()

    return update


def _save(job_id: int, phase: str, done: int, total: int) -> None:
    from .models import ImportJob

    ImportJob.objects.filter(pk=job_id).update(
        phase=phase, processed=done, total=total, progress_at=timezone.now()
    )


def _save_and_close(job_id: int, phase: str, done: int, total: int) -> None:
    try:
        _save(job_id, phase, done, total)
    finally:
        connections.close_all()
