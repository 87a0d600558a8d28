"""The workbook importer (contract workbook-v1): read → validate in bulk → write in one transaction.

Decisions the contract leaves open, taken here:
- **No sheet is mandatory by itself.** A workbook may hold part of a scope (only records,
  when the catalog rows already exist in the database). Every code a row references must
  resolve, either to a row of the same workbook or to the database, and a sheet that is
  present must have all its required columns (an error on row 1 names each missing one).
- **Scope.** The command imports with no restriction. From the browser and the API only a
  district admin (the whole district) or a street supervisor (their street) imports; a row
  whose street or community lies outside the uploader's unit is an error. Departments and
  catalogs are the district's: a street supervisor's workbook may carry them (an export does),
  but only codes already in the database, which are left as they are.
- **Upserts.** Organisation and catalog rows upsert by `code` and are only updated when a
  value differs. Record rows upsert by `row_id`; a row without one is new and gets a fresh
  row_id. A row_id repeated in one sheet: the last row wins. An existing record is never
  moved to another community by an import (its row is left unchanged).
- `count` exists only where the contract lists it; `work_logs`, `ledger_books` and
  `platform_usage` have no count (an extra `count` column there is reported as unknown).

How it stays fast and flat: pass 1 streams each sheet from python-calamine, converts and
checks every cell, and spools record rows to a temporary file in batches (pickled tuples);
only the distinct referenced codes are kept in memory. The codes are then resolved with one
query per referenced sheet. Pass 2 re-reads the spool to check references and scope. Only
when no error was found does pass 3 write, inside one transaction: organisation and catalog
rows with bulk_create / bulk_update, record rows with PostgreSQL COPY into a temporary table
and one INSERT … ON CONFLICT (row_id) per batch (other databases: bulk_create with
update_conflicts).
"""

from __future__ import annotations

import os
import pickle  # noqa: S403 - our own spool, written and read by this process only
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, transaction
from django.utils import timezone

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
    spool: Any = None
    columns_ok: bool = True
    codes: set[str] = field(default_factory=set)


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
        self.refs: dict[str, set[str]] = defaultdict(set)  # target sheet → referenced codes
        self.total = 0
        self.done = 0

    # ---- the three passes ---------------------------------------------------------------
    def run(self) -> ImportResult:
        try:
            workbook = reader.open_workbook(self.path)
        except reader.NotAWorkbook as exc:
            self.result.error("", 0, "", "", str(exc))
            return self.result
        try:
            self._map_sheets(workbook)
            self._estimate_total()
            for key in [s.key for s in spec.SHEETS if s.key in self.sheets]:
                self._read_sheet(workbook, self.sheets[key])
        finally:
            workbook.close()
        self._resolve()
        self._check_catalogs()
        for state in self.sheets.values():
            if state.spec.group == spec.RECORD:
                self._check_records(state)
        if self.result.error_total:
            self._close_spools()
            return self.result
        try:
            with transaction.atomic():
                self._write()
        finally:
            self._close_spools()
        self.result.imported = True
        return self.result

    def _map_sheets(self, workbook) -> None:
        for name in workbook.sheet_names:
            sheet = spec.sheet_for(name)
            if sheet is None:
                self.result.warnings.append(f"未知工作表“{name}”，已忽略。")
                continue
            if sheet.key in self.sheets:
                self.result.error(
                    name, 0, "", name, f"与工作表“{self.sheets[sheet.key].name}”重复（同一工作表出现两次）"
                )
                continue
            self.sheets[sheet.key] = _SheetState(sheet, name)

    def _estimate_total(self) -> None:
        """Rows from each sheet's `<dimension>`, for the progress bar (reading + writing)."""
        try:
            paths = reader.sheet_xml_paths(self.path)
        except Exception:  # noqa: BLE001 - only the progress bar depends on it
            return
        import zipfile

        with zipfile.ZipFile(self.path) as archive:
            for state in self.sheets.values():
                part = paths.get(state.name)
                if not part or part not in archive.namelist():
                    continue
                with archive.open(part) as stream:
                    head = stream.read(4096).decode("utf-8", "ignore")
                marker = head.find('<dimension ref="')
                if marker >= 0:
                    ref = head[marker + 16 : head.find('"', marker + 16)]
                    last = ref.split(":")[-1]
                    rows, _col = reader._split_ref(last)
                    self.total += max(rows - 1, 0)
        self.total *= 2

    def _tick(self, phase: str, n: int) -> None:
        before = self.done // PROGRESS_EVERY
        self.done += n
        if self.done // PROGRESS_EVERY != before:
            self.progress(phase, self.done, max(self.total, self.done))

    # ---- pass 1: read and convert ---------------------------------------------------------
    def _read_sheet(self, workbook, state: _SheetState) -> None:
        sheet = state.spec
        rows = reader.iter_sheet_rows(workbook, state.name)
        header_row = next(rows, None)
        if header_row is None:
            self.result.warnings.append(f"工作表“{state.name}”为空。")
            return
        header_number, header = header_row
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
                self.result.error(state.name, header_number, col.key, raw, "列重复")
                state.columns_ok = False
            else:
                positions[col.key] = index
        if unknown:
            self.result.warnings.append(f"工作表“{state.name}”的未知列已忽略：{'、'.join(unknown)}")
        for col in sheet.columns:
            if col.required and col.key not in positions:
                self.result.error(
                    state.name, header_number, col.key, "", f"缺少必填列“{col.key}”（{col.zh}）"
                )
                state.columns_ok = False
        self._check_formulas(state, positions)
        if not state.columns_ok:
            return

        plan = [(col, positions.get(col.key), cells.reader_for(sheet, col)) for col in sheet.columns]
        is_record = sheet.group == spec.RECORD
        if is_record:
            state.spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _close_spools
        refs = [(i, self.refs[col.ref]) for i, (col, _p, _r) in enumerate(plan) if col.kind == spec.REF]
        row_id_index = next((i for i, (col, _p, _r) in enumerate(plan) if col.kind == spec.ROW_ID), None)
        seen_codes: dict[str, int] = {}
        fresh_ids = _fresh_row_ids()
        batch: list[tuple] = []
        error = self.result.error
        is_empty = cells.is_empty
        for number, raw_row in rows:
            if not any(not is_empty(v) for v in raw_row):
                continue
            state.rows += 1
            values = []
            bad = False
            for col, position, read in plan:
                raw = raw_row[position] if position is not None and position < len(raw_row) else None
                if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
                    if col.required:
                        error(state.name, number, col.key, "", "必填")
                        bad = True
                    values.append(col.default)
                    continue
                try:
                    values.append(read(raw))
                except cells.CellError as exc:
                    error(state.name, number, col.key, raw, str(exc))
                    values.append(None)
                    bad = True
            for index, target in refs:
                if values[index] is not None:
                    target.add(values[index])
            if is_record:
                fresh = not values[row_id_index]
                if fresh:
                    values[row_id_index] = next(fresh_ids)
                if not bad:
                    batch.append((number, tuple(values), fresh))
                    if len(batch) >= BATCH:
                        pickle.dump(batch, state.spool, protocol=pickle.HIGHEST_PROTOCOL)
                        self._tick("reading", len(batch))
                        batch = []
            else:
                row = {col.key: value for (col, _p, _r), value in zip(plan, values, strict=True)}
                code = row["code"]
                if code is not None:
                    state.codes.add(code)
                if code in seen_codes:
                    error(state.name, number, "code", code, f"编码重复（第 {seen_codes[code]} 行已有）")
                elif code is not None:
                    seen_codes[code] = number
                if (
                    sheet.key == "certificate_kinds"
                    and row.get("class") == "C"
                    and not row.get("responsible_authority")
                ):
                    error(state.name, number, "responsible_authority", "", "C 类证明必须填写应出具机关")
                    bad = True
                if not bad:
                    state.catalog_rows.append((number, row))
        if is_record and batch:
            pickle.dump(batch, state.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self._tick("reading", len(batch))

    def _check_formulas(self, state: _SheetState, positions: dict[str, int]) -> None:
        try:
            part = reader.sheet_xml_paths(self.path).get(state.name)
        except Exception:  # noqa: BLE001
            part = None
        if not part:
            return
        by_index = {index: key for key, index in positions.items()}
        for missing in reader.formulas_without_value(self.path, state.name, part):
            column = by_index.get(missing.column_index, reader.column_letter(missing.column_index))
            self.result.error(
                state.name,
                missing.row,
                column,
                missing.cell,
                f"单元格 {missing.cell} 是没有计算结果的公式（请在 Excel 中打开并保存后再导入）",
            )
            state.columns_ok = False

    # ---- resolution: one query per referenced sheet -----------------------------------------
    def _resolve(self) -> None:
        """Known codes per target sheet: from this workbook's rows and from the database."""
        self.known: dict[str, set[str]] = {}
        self.db_rows: dict[str, dict[str, tuple]] = {}
        wanted = defaultdict(set, {k: set(v) for k, v in self.refs.items()})
        for key, state in self.sheets.items():
            if state.spec.group != spec.RECORD:
                wanted[key] |= state.codes
        # Streets that communities in the workbook or the database sit in are needed for scope.
        for key, codes in wanted.items():
            self.db_rows[key] = self._db_lookup(key, codes)
        if "communities" in self.db_rows:
            extra = {street for (_id, street) in self.db_rows["communities"].values()}
            extra |= {row["street_code"] for _n, row in self._rows("communities")}
            missing = extra - set(self.db_rows.get("streets", {}))
            if missing:
                self.db_rows.setdefault("streets", {}).update(self._db_lookup("streets", missing))
        for key in set(wanted) | set(self.sheets):
            in_book = self.sheets[key].codes if key in self.sheets else set()
            self.known[key] = in_book | set(self.db_rows.get(key, {}))

    def _db_lookup(self, key: str, codes: set[str]) -> dict[str, tuple]:
        if not codes:
            return {}
        model = spec.CODE_MODELS[key]
        extra = {"streets": ("district__name",), "communities": ("street__code",)}.get(key, ())
        found: dict[str, tuple] = {}
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
            state.name, number, col.key, code, f"{target.zh}编码“{code}”不存在（工作簿和系统中都没有）"
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
                if (
                    key == "streets"
                    and not self.street_allowed(row["code"])
                    or key == "communities"
                    and not self.community_allowed(row["code"])
                ):
                    self.result.error(state.name, number, "code", row["code"], "超出导入人的管辖范围")
                elif (
                    key not in ("streets", "communities")
                    and not self.may_edit_catalogs
                    and row["code"] not in self.db_rows.get(key, {})
                ):
                    self.result.error(
                        state.name, number, "code", row["code"], "部门和目录由区减负办维护，街道不能新增"
                    )

    def _check_records(self, state: _SheetState) -> None:
        if state.spool is None:
            return
        checks = [
            (i, col, self.known.get(col.ref, set()))
            for i, col in enumerate(state.spec.columns)
            if col.kind == spec.REF
        ]
        community_index = next(i for i, col in enumerate(state.spec.columns) if col.key == "community_code")
        for batch in self._batches(state):
            for number, values, _fresh in batch:
                for index, col, known in checks:
                    code = values[index]
                    if code is not None and code not in known:
                        self._ref_error(state, number, col, code)
                code = values[community_index]
                if code in self.known.get("communities", ()) and not self.community_allowed(code):
                    self.result.error(state.name, number, "community_code", code, "社区超出导入人的管辖范围")

    def _batches(self, state: _SheetState):
        state.spool.seek(0)
        while True:
            try:
                yield pickle.load(state.spool)  # noqa: S301 - our own spool
            except EOFError:
                return

    def _close_spools(self) -> None:
        for state in self.sheets.values():
            if state.spool is not None:
                state.spool.close()
                state.spool = None

    # ---- pass 3: write -------------------------------------------------------------------------
    def _write(self) -> None:
        ids: dict[str, dict[str, int]] = {}
        if self.sheets.get("streets") and self._rows("streets"):
            names = {row["district"] for _n, row in self._rows("streets")}
            districts = dict(District.objects.filter(name__in=names).values_list("name", "pk"))
            missing = [District(name=n) for n in sorted(names - set(districts))]
            if missing:
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
        for sheet in spec.SHEETS:
            state = self.sheets.get(sheet.key)
            if sheet.group == spec.RECORD and state is not None:
                self.result.counts[sheet.key] = self._write_records(state, ids)

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

    def _resolved(self, state: _SheetState, batch, ids) -> tuple[dict[str, tuple], list[tuple]]:
        """One batch as DB values: rows that came with a row_id (row_id → values, the last
        row wins inside the batch) and rows given a fresh row_id (they cannot conflict)."""
        plan = []
        for index, col in enumerate(state.spec.columns):
            plan.append((index, ids[col.ref] if col.kind == spec.REF else None))
        row_id_index = next(i for i, col in enumerate(state.spec.columns) if col.kind == spec.ROW_ID)
        keyed: dict[str, tuple] = {}
        fresh: list[tuple] = []
        for _number, values, is_fresh in batch:
            row = tuple(
                (lookup[values[i]] if values[i] is not None else None) if lookup is not None else values[i]
                for i, lookup in plan
            )
            if is_fresh:
                fresh.append(row)
            else:
                keyed[values[row_id_index]] = row
        return keyed, fresh

    def _write_records(self, state: _SheetState, ids: dict) -> dict[str, int]:
        counts = {"rows": state.rows, "created": 0, "updated": 0, "unchanged": 0}
        if state.spool is None:
            return counts
        columns = self._record_columns(state.spec)
        writer = (
            _CopyUpsert(state.spec.model, columns) if self.use_copy else _OrmUpsert(state.spec.model, columns)
        )
        with writer:
            for batch in self._batches(state):
                keyed, fresh = self._resolved(state, batch, ids)
                created, updated = writer.write(keyed, fresh)
                counts["created"] += created
                counts["updated"] += updated
                self._tick("writing", len(batch))
        counts["unchanged"] = counts["rows"] - counts["created"] - counts["updated"]
        return counts


def _fresh_row_ids():
    """New row keys (as organisation.models.new_row_id: 32 hex digits), drawn in bulk."""
    while True:
        block = os.urandom(16 * 4096).hex()
        for start in range(0, len(block), 32):
            yield block[start : start + 32]


def _extra_fields(model, columns: list[str]) -> list:
    """NOT NULL fields the workbook does not fill: written with their Python default."""
    extra = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in columns or f.null:
            continue
        extra.append(f)
    return extra


class _CopyUpsert:
    """PostgreSQL: COPY a batch into a temporary table, then one INSERT … ON CONFLICT (row_id).

    The SQL is built from model metadata only (table and column names, quoted); values go
    through COPY and query parameters.
    """

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.columns = columns
        self.table = model._meta.db_table
        self.stage = f"wb_stage_{self.table}"

    def __enter__(self):
        qn = connection.ops.quote_name
        self.cursor = connection.cursor().__enter__()
        cols = ", ".join(qn(c) for c in self.columns)
        self.cursor.execute(f"DROP TABLE IF EXISTS {qn(self.stage)}")
        self.cursor.execute(
            f"CREATE TEMP TABLE {qn(self.stage)} ON COMMIT DROP AS SELECT {cols} FROM {qn(self.table)} WITH NO DATA"  # noqa: S608
        )
        extra = _extra_fields(self.model, self.columns)
        now = timezone.now()
        self.extra_params = []
        for f in extra:
            value = (
                now if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False) else f.get_default()
            )
            self.extra_params.append(f.get_db_prep_save(value, connection))
        insert_cols = ", ".join(qn(c) for c in self.columns + [f.column for f in extra])
        self.direct_sql = f"COPY {qn(self.table)} ({insert_cols}) FROM STDIN"
        self.extra_tuple = tuple(self.extra_params)
        select_cols = ", ".join([f"s.{qn(c)}" for c in self.columns] + ["%s"] * len(extra))
        updatable = [c for c in self.columns if c not in ("row_id", "community_id")]
        sets = ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in updatable)
        old = ", ".join(f"t.{qn(c)}" for c in updatable)
        new = ", ".join(f"EXCLUDED.{qn(c)}" for c in updatable)
        self.copy_sql = f"COPY {qn(self.stage)} ({cols}) FROM STDIN"
        self.upsert_sql = (
            f"WITH w AS (INSERT INTO {qn(self.table)} AS t ({insert_cols}) "  # noqa: S608
            f"SELECT {select_cols} FROM {qn(self.stage)} s "
            f"ON CONFLICT (row_id) DO UPDATE SET {sets} "
            f"WHERE t.community_id = EXCLUDED.community_id AND ROW({old}) IS DISTINCT FROM ROW({new}) "
            f"RETURNING (xmax = 0) AS created) "
            f"SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM w"
        )
        return self

    def write(self, rows: dict[str, tuple], fresh: list[tuple]) -> tuple[int, int]:
        created = updated = 0
        if fresh:
            # New rows (fresh row_ids) cannot conflict: straight into the table.
            extra = self.extra_tuple
            with self.cursor.cursor.copy(self.direct_sql) as copy:
                for row in fresh:
                    copy.write_row(row + extra)
            created += len(fresh)
        if rows:
            c, u = self._upsert(rows)
            created, updated = created + c, updated + u
        return created, updated

    def _upsert(self, rows: dict[str, tuple]) -> tuple[int, int]:
        qn = connection.ops.quote_name
        with self.cursor.cursor.copy(self.copy_sql) as copy:
            for row in rows.values():
                copy.write_row(row)
        self.cursor.execute(self.upsert_sql, self.extra_params)
        created, updated = self.cursor.fetchone()
        self.cursor.execute(f"TRUNCATE {qn(self.stage)}")
        return created, updated

    def __exit__(self, *exc):
        self.cursor.__exit__(*exc)


class _OrmUpsert:
    """Any other database: bulk_create with update_conflicts on row_id."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.columns = columns

    def __enter__(self):
        return self

    def write(self, rows: dict[str, tuple], fresh: list[tuple]) -> tuple[int, int]:
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

    ImportJob.objects.filter(pk=job_id).update(phase=phase, processed=done, total=total)


def _save_and_close(job_id: int, phase: str, done: int, total: int) -> None:
    try:
        _save(job_id, phase, done, total)
    finally:
        connections.close_all()
