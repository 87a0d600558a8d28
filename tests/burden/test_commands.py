"""`burden_report` in its three formats, and `seed_demo` reproducing the seed-000 survey."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from burden.calculations import burden_report
from certificates.models import CertificateKind

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_json_equals_the_service(burden_data):
    out = io.StringIO()
    call_command("burden_report", "--scope", "all", "--year", str(YEAR), "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(burden_report(scope="all", year=YEAR)))


def test_markdown(burden_data, tmp_path):
    target = tmp_path / "report.md"
    call_command(
        "burden_report",
        "--scope",
        f"street:{burden_data.street.code}",
        "--year",
        str(YEAR),
        "--format",
        "md",
        "--output",
        str(target),
    )
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "## 一、社区工作负担过重的表现" in text
    assert "| 下沉事项数 | 3 |" in text and "| 指标 | 数值 |" in text


def test_xlsx(burden_data, tmp_path):
    target = tmp_path / "report.xlsx"
    call_command(
        "burden_report", "--scope", "all", "--year", str(YEAR), "--format", "xlsx", "--output", str(target)
    )
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == "汇总" and "检查考核" in workbook.sheetnames
    assert len(workbook.sheetnames) == 13
    assert all(workbook[name]._charts for name in workbook.sheetnames)  # native charts
    rows = {row[1]: row[2] for row in workbook["下沉事项"].iter_rows(values_only=True) if row[1]}
    assert rows["tasks.items"] == 3 and rows["tasks.administrative_share"] == 66.67


def test_bad_scope_is_an_error(world):
    with pytest.raises(CommandError):
        call_command("burden_report", "--scope", "street:NOPE", "--year", "2025")


def test_seed_demo_reproduces_the_survey():
    call_command("seed_demo", "--year", "2024", stdout=io.StringIO())
    call_command("seed_demo", "--year", "2024", stdout=io.StringIO())  # idempotent
    r = burden_report(scope="all", year=2024)
    assert r["communities"] == 11
    t = r["tasks"]
    assert (t["departments"], t["items"], t["administrative_items"], t["service_items"]) == (26, 215, 170, 45)
    assert (t["administrative_share"], t["service_share"]) == (79.07, 20.93)
    assert [row["department_code"] for row in t["by_department"][:4]] == ["D01", "D02", "D03", "D04"]
    assert all(row["items"] >= 20 for row in t["by_department"][:4])
    i = r["inspections"]
    assert (i["departments"], i["kinds"]) == (23, 68) and i["per_community"] >= 140
    lg = r["ledgers"]
    assert (lg["most"]["types"], lg["most"]["books"]) == (68, 293)
    assert (lg["fewest"]["types"], lg["fewest"]["books"]) == (8, 58)
    assert lg["books_per_community"] >= 160
    assert r["reports"]["kinds"] >= 80 and r["reports"]["copies_per_community"] >= 400
    c = r["certificates"]
    assert c["requesting_units"] >= 30 and c["kinds"] >= 170
    assert c["frequent_kinds"] >= 60 and c["general_kinds"] >= 80 and c["occasional_kinds"] >= 30
    assert 60 <= c["class_c_share"] <= 70 and c["issued_per_community"] >= 1000
    assert r["platforms"]["count"] >= 20 and r["platforms"]["repeated_fields"] > 0
    assert r["meetings"]["per_community"] >= 160
    s = r["signboards"]
    assert s["boards"] == 86 and s["boards_max_per_community"] >= 20 and s["bodies_max_per_community"] >= 50
    assert r["hours"]["total"] > 0 and 0 < r["hours"]["unapproved_share"] < 100
    assert "有26个部门的215项工作下沉到社区" in r["narrative"][0]
    assert "行政管理事务170项，占79.07%；服务性事务45项，占20.93%" in r["narrative"][1]
    # The same certificate asked for by different units has one class (and one authority when
    # class C), the catalog's where the catalog lists it: the counter never shows 唯一住房证明
    # both as C and as B.
    classes: dict[str, set] = {}
    for name, cert_class, authority in CertificateKind.objects.values_list(
        "name", "cert_class", "responsible_authority"
    ):
        base = name.split("（")[0].removeprefix("社区")
        classes.setdefault(base, set()).add((cert_class, authority if cert_class == "C" else ""))
    assert classes["唯一住房证明"] == {("C", "不动产登记中心（住房情况查询）")}
    assert classes["居住证明"] == {("A", "")}
    assert all(len({c for c, _ in found}) == 1 for found in classes.values()), classes
