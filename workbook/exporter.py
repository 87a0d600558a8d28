"""The workbook exporter (contract workbook-v1): one sheet per contract sheet, streamed.

xlsxwriter in constant_memory mode writes each row as it comes from a server-side cursor, so
memory stays flat. English sheet names, keys and enumeration values by default (the Chinese
labels with `chinese=True`); dates as Excel dates; codes as text; `row_id` on every record.
Records are ordered by row_id, so export → import → export gives the same workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Community, District, Street
from organisation.scoping import Scope

from . import spec


def parse_scope(text: str) -> Scope:
    """`all`, `district:<name>`, `street:<code>` or `community:<code>` → a Scope."""
    kind, _sep, value = (text or "").partition(":")
    if kind == "all" and not value:
        return Scope(role="district_admin", everything=True)
    if kind == "district":
        district = District.objects.filter(name=value).first()
        if district:
            return Scope(role="district_admin", district_id=district.pk)
    elif kind == "street":
        street = Street.objects.filter(code=value).first()
        if street:
            return Scope(role="street_supervisor", street_id=street.pk)
    elif kind == "community":
        community = Community.objects.filter(code=value).first()
        if community:
            return Scope(role="community_head", community_id=community.pk)
    else:
        raise ValidationError(
            {"scope": _("范围应为 all、district:<区名>、street:<街道编码> 或 community:<社区编码>")}
        )
    raise ValidationError({"scope": _("找不到范围“%(scope)s”") % {"scope": text}})


def _expressions(sheet: spec.Sheet) -> list[str]:
    exprs = []
    for col in sheet.columns:
        if col.kind == spec.REF:
            exprs.append(f"{col.target}__code")
        elif sheet.key == "streets" and col.key == "district":
            exprs.append("district__name")
        else:
            exprs.append(col.target)
    return exprs


def _queryset(sheet: spec.Sheet, scope: Scope, year: int | None):
    model = sheet.model
    if sheet.key in ("streets", "communities"):
        return model.objects.visible_to(scope).order_by("code")
    if sheet.group != spec.RECORD:
        return model.objects.order_by("code")
    records = sheet.records
    if callable(records):  # counted as of the period's end (the year's last day, or today)
        records = records(dt.date(year, 12, 31) if year else timezone.localdate())
    qs = model.objects.visible_to(scope).filter(records)
    if year:
        if sheet.date_attr:
            qs = qs.filter(Q(**{f"{sheet.date_attr}__year": year}))
        elif sheet.year_attr:
            qs = qs.filter(**{sheet.year_attr: year})
    return qs.order_by("row_id")


def _cell_writers(sheet: spec.Sheet, chinese: bool):
    writers = []
    for col in sheet.columns:
        if col.kind == spec.BOOL:
            yes, no = ("是", "否") if chinese else ("yes", "no")
            writers.append(lambda v, yes=yes, no=no: None if v is None else (yes if v else no))
        elif col.kind == spec.ENUM and chinese:
            labels = dict(col.choices)
            writers.append(lambda v, labels=labels: labels.get(v, v) or None)
        elif col.kind == spec.ENUM:
            writers.append(lambda v: v or None)
        elif col.kind == spec.DECIMAL:
            writers.append(
                lambda v: None if v is None else (int(v) if v == v.to_integral_value() else float(v))
            )
        elif col.kind == spec.FIELDS:
            writers.append(lambda v: "、".join(v) if v else None)
        else:
            writers.append(None)
    return writers


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def sheet_title(sheet: spec.Sheet, chinese: bool) -> str:
    """The sheet's name in the workbook: the contract's Chinese name or its English key."""
    return sheet.zh if chinese else sheet.key


def header_row(sheet: spec.Sheet, chinese: bool) -> list[str]:
    """The sheet's header row: the columns' Chinese labels or their English keys."""
    return [c.zh if chinese else c.key for c in sheet.columns]


def _write_book(
    target: str | IO[bytes], *, chinese: bool, rows: Callable[[spec.Sheet], Iterable] | None
) -> dict[str, int]:
    """Every contract sheet with its header row, then the rows `rows(sheet)` gives (none if None)."""
    book = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "default_date_format": "yyyy-mm-dd",
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "in_memory": False,
        },
    )
    header_format = book.add_format({"bold": True})
    counts: dict[str, int] = {}
    try:
        for sheet in spec.SHEETS:
            ws = book.add_worksheet(sheet_title(sheet, chinese))
            ws.write_row(0, 0, header_row(sheet, chinese), header_format)
            row_number = 0
            if rows is not None:
                writers = _cell_writers(sheet, chinese)
                convert = [(i, w) for i, w in enumerate(writers) if w is not None]
                write_row = ws.write_row
                for row in rows(sheet):
                    row_number += 1
                    values = list(row)
                    for index, writer in convert:
                        values[index] = writer(values[index])
                    write_row(row_number, 0, values)
            counts[sheet.key] = row_number
    finally:
        book.close()
    return counts


def workbook_export(
    *, scope: Scope, target: str | IO[bytes], year: int | None = None, chinese: bool = False
) -> dict[str, int]:
    """导出工作簿: write the scope's organisation, catalogs and records; returns rows per sheet."""

    def rows(sheet: spec.Sheet) -> Iterable:
        return _queryset(sheet, scope, year).values_list(*_expressions(sheet)).iterator(chunk_size=5000)

    return _write_book(target, chinese=chinese, rows=rows)


def workbook_template(*, target: str | IO[bytes], chinese: bool = False) -> None:
    """空白模板: every contract sheet with its header row and no rows (imports as 0 rows)."""
    _write_book(target, chinese=chinese, rows=None)
