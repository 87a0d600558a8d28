"""Typed field values: definitions resolved from a `fields` name list, cleaning of one value
(GB 11643 ID numbers, phone numbers, dates, numbers, choices) and of one row of values."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from audit import personal_data

from .models import FieldType

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")
# C0 and C1 control characters and DEL, except tab, line feed and carriage return (PostgreSQL
# refuses \u0000 in JSON; the others are invisible and break exports).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class FieldSpec:
    """How one named field is typed (a name without a definition is optional text)."""

    name: str
    field_type: str = FieldType.TEXT
    required: bool = False
    choices: tuple[str, ...] = field(default_factory=tuple)


def specs_for(names: list[str], definitions) -> list[FieldSpec]:
    """One spec per name in the owner's `fields` list, in order."""
    by_name = {d.name: d for d in definitions}
    specs = []
    for name in names or []:
        d = by_name.get(name)
        if d is None:
            specs.append(FieldSpec(name))
        else:
            specs.append(FieldSpec(name, d.field_type, d.required, tuple(str(c) for c in d.choices or ())))
    return specs


def id_number_valid(value: str) -> bool:
    """GB 11643-1999 公民身份号码: 17 digits, a valid birth date and the ISO 7064 MOD 11-2 check."""
    value = value.upper()
    if not _ID_PATTERN.match(value):
        return False
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_value(spec: FieldSpec, value: Any) -> Any:
    """The JSON-safe value of one field, or ValueError with the reason (in the active language)."""
    if _blank(value):
        if spec.required:
            raise ValueError(_("必填"))
        return None
    kind = spec.field_type
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise ValueError(_("含有不允许的控制字符"))
        value = value.strip()
    if kind == FieldType.INTEGER:
        if isinstance(value, bool):
            raise ValueError(_("应为整数"))
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) or (isinstance(value, str) and re.fullmatch(r"-?\d+", value)):
            return int(value)
        raise ValueError(_("应为整数"))
    if kind == FieldType.DECIMAL:
        if isinstance(value, bool):
            raise ValueError(_("应为数字"))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(_("应为数字")) from None
        if not number.is_finite():
            raise ValueError(_("应为数字"))
        if number and not -15 <= number.adjusted() <= 15:  # beyond any ledger amount; 1e999 cannot be rounded
            raise ValueError(_("数值超出范围"))
        return str(number.normalize()) if number != number.to_integral() else str(number.quantize(Decimal(1)))
    if kind == FieldType.DATE:
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValueError(_("应为日期（YYYY-MM-DD）")) from None
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if _CONTROL.search(text):  # a list or object holding such a string
        raise ValueError(_("含有不允许的控制字符"))
    if kind == FieldType.CHOICE:
        if spec.choices and text not in spec.choices:
            raise ValueError(_("不在选项中（%(choices)s）") % {"choices": _("、").join(spec.choices)})
        return text
    if kind == FieldType.ID_NUMBER:
        if not id_number_valid(text):
            raise ValueError(_("身份证号不符合 GB 11643 校验"))
        return text.upper()
    if kind == FieldType.PHONE:
        if not (_MOBILE.match(text) or _LANDLINE.match(text)):
            raise ValueError(_("电话号码格式不正确"))
        return text
    return text


def clean_values(specs: list[FieldSpec], values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean one row: (cleaned values, errors by field name). Unknown keys are errors too."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    known = {s.name for s in specs}
    for key in values or {}:
        if key not in known:
            errors[str(key)] = _("不是该台账的字段")
    for spec in specs:
        try:
            cleaned[spec.name] = clean_value(spec, (values or {}).get(spec.name))
        except ValueError as exc:
            errors[spec.name] = str(exc)
    return cleaned, errors


# --- 敏感个人信息: ID and phone numbers are stored encrypted, shown masked ------------------------
PERSONAL_KINDS = {FieldType.ID_NUMBER: personal_data.ID_NUMBER, FieldType.PHONE: personal_data.PHONE}


def personal_specs(specs: list[FieldSpec]) -> dict[str, str]:
    """Field name → personal-data kind, for the row's ID-number and phone fields."""
    return {s.name: PERSONAL_KINDS[s.field_type] for s in specs if s.field_type in PERSONAL_KINDS}


def personal_values_unmask(
    specs: list[FieldSpec], values: dict[str, Any], *, stored: dict[str, Any], sealed: dict[str, str]
) -> dict[str, Any]:
    """An edited row sends back the masked form of a number it did not change: put the stored
    value in its place (decrypted inside the service only) so validation sees the real one."""
    values = dict(values or {})
    for name in personal_specs(specs):
        submitted = values.get(name)
        if personal_data.looks_masked(submitted) and submitted == stored.get(name) and sealed.get(name):
            values[name] = personal_data.unseal(sealed[name])
    return values


def personal_values_seal(
    specs: list[FieldSpec], cleaned: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """A cleaned row → (values with personal fields masked, their ciphertexts, their keyed hashes)."""
    values = dict(cleaned)
    sealed: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for name, kind in personal_specs(specs).items():
        plain = values.get(name)
        if not plain:
            continue
        values[name] = personal_data.mask(str(plain), kind=kind)
        sealed[name] = personal_data.seal(str(plain))
        hashes[name] = personal_data.blind_index(str(plain), kind=kind)
    return values, sealed, hashes
