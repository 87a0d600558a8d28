import datetime

import pytest

from ledgers.validation import FieldSpec, clean_value, clean_values, id_number_valid


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("440524188001010014", True),
        ("110105194912310021", False),  # wrong check digit
        ("11010519491331002X", False),  # month 13
        ("1101051949123100", False),  # too short
        ("11010519491231002Y", False),
    ],
)
def test_gb11643_checksum(value, ok):
    assert id_number_valid(value) is ok


@pytest.mark.parametrize(
    ("spec", "raw", "expected"),
    [
        (FieldSpec("n", "integer"), "12", 12),
        (FieldSpec("n", "integer"), 3.0, 3),
        (FieldSpec("n", "decimal"), "620.50", "620.5"),
        (FieldSpec("n", "decimal"), 3, "3"),
        (FieldSpec("n", "date"), datetime.date(2025, 3, 1), "2025-03-01"),
        (FieldSpec("n", "date"), "2025-03-01", "2025-03-01"),
        (FieldSpec("n", "choice", choices=("A类", "B类")), "B类", "B类"),
        (FieldSpec("n", "phone"), "13800138000", "13800138000"),
        (FieldSpec("n", "phone"), "0755-12345678", "0755-12345678"),
        (FieldSpec("n", "id_number"), "11010519491231002x", "11010519491231002X"),
        (FieldSpec("n", "text"), 42.0, "42"),
        (FieldSpec("n"), "", None),
    ],
)
def test_clean_value_accepts(spec, raw, expected):
    assert clean_value(spec, raw) == expected


@pytest.mark.parametrize(
    ("spec", "raw", "reason"),
    [
        (FieldSpec("n", "integer"), "1.5", "应为整数"),
        (FieldSpec("n", "integer"), True, "应为整数"),
        (FieldSpec("n", "decimal"), "abc", "应为数字"),
        (FieldSpec("n", "date"), "2025-02-30", "应为日期"),
        (FieldSpec("n", "choice", choices=("A类",)), "C类", "不在选项中"),
        (FieldSpec("n", "id_number"), "110105194912310021", "GB 11643"),
        (FieldSpec("n", "phone"), "12345", "电话号码"),
        (FieldSpec("n", "text", required=True), "  ", "必填"),
    ],
)
def test_clean_value_refuses(spec, raw, reason):
    with pytest.raises(ValueError, match=reason):
        clean_value(spec, raw)


def test_clean_values_reports_every_field_and_unknown_keys():
    specs = [FieldSpec("姓名", required=True), FieldSpec("人口", "integer")]
    cleaned, errors = clean_values(specs, {"人口": "x", "宠物": "猫"})
    assert errors == {"宠物": "不是该台账的字段", "姓名": "必填", "人口": "应为整数"}
