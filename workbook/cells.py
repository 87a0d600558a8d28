"""Reading one cell as the contract says: codes as strings (leading zeros kept), dates as Excel
dates or `YYYY-MM-DD` text, booleans as yes/no/true/false/1/0/是/否, enumerations as the
English value or the Chinese label. Each converter returns the value or raises CellError."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from . import spec

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_FIELD_SPLIT = re.compile(r"[、,，;；\n]")
TRUE_WORDS = {"yes", "true", "1", "是", "y", "t"}
FALSE_WORDS = {"no", "false", "0", "否", "n", "f"}
MAX_INT = 2_147_483_647
CENT = Decimal("0.01")
# C0 control characters and DEL, except tab, line feed and carriage return (line breaks in a cell).
# PostgreSQL refuses NUL in text, and none of them belongs in a register.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CellError(Exception):
    """A cell that does not read as its column says."""


def is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _no_control_characters(text: str) -> str:
    if CONTROL_CHARACTERS.search(text):
        raise CellError(_("不能含控制字符（如 NUL），请删去后重新导入"))
    return text


def _not_finite() -> CellError:
    return CellError(_("应为有限的数字（不能是 Infinity 或 NaN）"))


def as_code(value: Any, max_length: int | None = 32) -> str:
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        raise CellError(_("编码应为文本"))
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("编码应为文本（不能是小数）"))
        text = str(int(value))
    elif isinstance(value, int):
        text = str(value)
    else:
        raise CellError(_("编码应为文本"))
    if max_length and len(text) > max_length:
        raise CellError(_("编码最长 %(n)s 个字符") % {"n": max_length})
    return _no_control_characters(text)


def as_text(value: Any, max_length: int | None = None) -> str:
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if max_length and len(text) > max_length:
        raise CellError(_("最长 %(n)s 个字符") % {"n": max_length})
    return _no_control_characters(text)


def as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(_("应为整数"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _not_finite()
        if not value.is_integer():
            raise CellError(_("应为整数"))
        number = int(value)
    elif isinstance(value, str):
        try:
            parsed = Decimal(value.strip().replace(",", ""))
        except InvalidOperation as exc:
            raise CellError(_("应为整数")) from exc
        if not parsed.is_finite():  # before comparing: sNaN signals, Infinity cannot be an int
            raise _not_finite()
        if parsed != parsed.to_integral_value():
            raise CellError(_("应为整数"))
        number = int(parsed)
    else:
        raise CellError(_("应为整数"))
    if number < 0:
        raise CellError(_("不能为负数"))
    if number > MAX_INT:
        raise CellError(_("数值过大"))
    return number


def as_decimal(value: Any, limit: Decimal) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("应为数字"))
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, str):
            number = Decimal(value.strip().replace(",", ""))
        else:
            raise CellError(_("应为数字"))
    except InvalidOperation as exc:
        raise CellError(_("应为数字")) from exc
    if not number.is_finite():
        raise _not_finite()
    if number < 0:
        raise CellError(_("不能为负数"))
    if number >= limit:
        raise CellError(_("数值过大"))
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE_TEXT.match(value.strip())
        if not match:
            raise CellError(_("日期应为 Excel 日期或 YYYY-MM-DD 文本"))
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as exc:
            raise CellError(_("不存在的日期")) from exc
    # Excel's serial day numbers (1900-01-01 … 9999-12-31) in a cell without a date format.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    raise CellError(_("日期应为 Excel 日期或 YYYY-MM-DD 文本"))


def as_year(value: Any) -> int:
    try:
        year = as_int(value)
    except CellError as exc:
        raise CellError(_("年度应为四位数字")) from exc
    if not 1900 <= year <= 2100:
        raise CellError(_("年度应在 1900–2100 之间"))
    return year


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
        raise CellError(_("应为 是/否（yes/no、true/false、1/0）"))
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("应为 是/否（yes/no、true/false、1/0）"))


def as_fields(value: Any) -> list[str]:
    return [_no_control_characters(part.strip()) for part in _FIELD_SPLIT.split(str(value)) if part.strip()]


def enum_reader(choices: tuple[tuple[str, str], ...]) -> Callable[[Any], str]:
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[label] = value

    def read(raw: Any) -> str:
        text = str(raw).strip()
        found = lookup.get(text) or lookup.get(text.lower())
        if found is None:
            # The values and their Chinese labels are the contract's; only the sentence is translated.
            allowed = _("、").join(
                _("%(value)s（%(label)s）") % {"value": v, "label": lb} for v, lb in choices
            )
            raise CellError(_("不是允许的取值，可选：%(allowed)s") % {"allowed": allowed})
        return found

    return read


def reader_for(sheet: spec.Sheet, col: spec.Col) -> Callable[[Any], Any]:
    """The converter for one column (a closure, so the per-cell work is one call)."""
    kind = col.kind
    if kind in (spec.CODE, spec.REF, spec.ROW_ID):
        length = col.max_length or (64 if kind == spec.ROW_ID else 32)
        return lambda raw: as_code(raw, length)
    if kind == spec.TEXT:
        length = spec.model_max_length(sheet, col)
        return lambda raw: as_text(raw, length)
    if kind == spec.INT:
        return as_int
    if kind == spec.DECIMAL:
        field = sheet.model._meta.get_field(col.target)
        limit = Decimal(10) ** (field.max_digits - field.decimal_places)
        return lambda raw: as_decimal(raw, limit)
    if kind == spec.DATE:
        return as_date
    if kind == spec.YEAR:
        return as_year
    if kind == spec.BOOL:
        return as_bool
    if kind == spec.ENUM:
        return enum_reader(col.choices)
    if kind == spec.FIELDS:
        return as_fields
    raise ValueError(kind)
