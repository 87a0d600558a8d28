"""The importer against contract workbook-v1: every sheet, both languages, each bad case."""

import datetime as dt
import zipfile
from decimal import Decimal

import pytest
import xlsxwriter

from certificates.models import CertificateKind, CertificateRecord
from inspections.models import Inspection, Meeting, Signboard
from ledgers.models import LedgerType
from organisation.models import Community, Department, Street
from organisation.scoping import Scope
from tasks.models import TaskAssignment, TaskItem, WorkLog
from workbook.importer import ERROR_CAP, WorkbookImporter
from workbook.services import workbook_import

from .builders import EXPECTED_RECORDS, full_sheets, record_count
from .conftest import EVERYTHING

pytestmark = pytest.mark.django_db


def run(path, scope=EVERYTHING, **kw):
    return workbook_import(path=path, scope=scope, **kw)


def nothing_written():
    assert set(record_count().values()) == {0}
    assert not TaskItem.objects.exists()
    assert not Department.objects.filter(code="D01").exists()
    assert not Community.objects.filter(code="001").exists()


@pytest.mark.parametrize("chinese", [False, True], ids=["english", "chinese"])
def test_full_contract_workbook_imports(make_xlsx, chinese):
    result = run(make_xlsx(full_sheets(chinese=chinese)))
    assert result.imported, [e.line() for e in result.errors]
    assert result.warnings == []
    assert record_count() == EXPECTED_RECORDS
    assert result.counts["work_logs"] == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0}

    first, second = Community.objects.get(code="001"), Community.objects.get(code="002")
    assert first.street == Street.objects.get(code="S01") and first.street.district.name == "示范区"
    assert second.residents is None and second.annual_funds == 0
    assert Department.objects.get(code="D02").level == ""
    assert Department.objects.get(code="D01").kind == "government"
    item = TaskItem.objects.get(code="T002")
    assert (item.list_class, item.nature, item.legal_basis, item.funds_per_year) == (
        "negative",
        "administrative",
        "",
        0,
    )
    assert LedgerType.objects.get(code="L01").fields == ["姓名", "身份证号", "住址"]
    c = CertificateKind.objects.get(code="K02")
    assert (c.cert_class, c.frequency, c.responsible_authority) == ("C", "general", "住建局")
    assignment = TaskAssignment.objects.get(community=first)
    assert (assignment.assigned_on, assignment.approved, assignment.count) == (dt.date(2024, 3, 5), True, 2)
    assert TaskAssignment.objects.get(community=second).count == 1
    log = WorkLog.objects.get(community=first)
    assert (log.hours, log.approved, log.category, log.note) == (Decimal("2.5"), True, "task", "入户")
    assert WorkLog.objects.get(community=second).approved is False
    inspection = Inspection.objects.get()
    assert (inspection.kind, inspection.veto, inspection.prep_hours, inspection.count) == (
        "campaign",
        True,
        3,
        2,
    )
    meeting = Meeting.objects.get(community=second)
    assert (meeting.purpose, meeting.count, meeting.attendees) == ("other", 1, None)
    assert Meeting.objects.get(community=first).purpose == "seat_filling"
    assert CertificateRecord.objects.get(community=second).outcome == "redirected"
    board = Signboard.objects.get(name="综治中心")
    assert (board.kind, board.count, board.department) == ("board", 1, None)
    assert all(len(r) == 32 for r in WorkLog.objects.values_list("row_id", flat=True))


def test_catalog_rows_upsert_by_code(make_xlsx):
    run(make_xlsx(full_sheets()))
    sheets = full_sheets()
    sheets["task_items"][1][1] = "低保审核（新）"
    result = run(make_xlsx(sheets, "second.xlsx"))
    assert result.imported
    assert result.counts["task_items"] == {"rows": 2, "created": 0, "updated": 1, "unchanged": 1}
    assert TaskItem.objects.get(code="T001").name == "低保审核（新）"
    # rows without row_id are new records each time (contract); catalogs stay single
    assert TaskItem.objects.count() == 2
    assert WorkLog.objects.count() == 4


def test_record_rows_deduplicate_by_row_id(make_xlsx):
    sheets = full_sheets()
    sheets["work_logs"][0].append("row_id")
    sheets["work_logs"][1].append("log-1")
    sheets["work_logs"][2].append("log-2")
    run(make_xlsx(sheets))
    again = run(make_xlsx(sheets, "again.xlsx"))
    assert again.counts["work_logs"] == {"rows": 2, "created": 0, "updated": 0, "unchanged": 2}
    sheets["work_logs"][1][5] = 6
    changed = run(make_xlsx(sheets, "changed.xlsx"))
    assert changed.counts["work_logs"]["updated"] == 1
    assert WorkLog.objects.get(row_id="log-1").hours == 6
    assert WorkLog.objects.count() == 2


def test_orm_writer_gives_the_same_result(full_xlsx):
    result = WorkbookImporter(str(full_xlsx), scope=EVERYTHING, use_copy=False).run()
    assert result.imported and record_count() == EXPECTED_RECORDS


def test_only_records_when_catalogs_exist(make_xlsx):
    run(make_xlsx(full_sheets()))
    sheets = {k: v for k, v in full_sheets().items() if k in ("meetings", "certificates")}
    result = run(make_xlsx(sheets, "records.xlsx"))
    assert result.imported
    assert Meeting.objects.count() == 4


def test_unknown_sheets_and_columns_are_warnings_and_empty_rows_skipped(make_xlsx):
    sheets = full_sheets()
    sheets["说明"] = [["这是说明"]]
    sheets["meetings"][0].append("remark")
    sheets["meetings"].insert(2, [None] * 8)
    sheets["meetings"].append(["", "  ", None])
    result = run(make_xlsx(sheets))
    assert result.imported
    assert any("说明" in w for w in result.warnings)
    assert any("remark" in w for w in result.warnings)
    assert result.counts["meetings"]["rows"] == 2


def test_codes_from_numeric_cells_and_excel_serial_dates(make_xlsx):
    sheets = full_sheets()
    sheets["communities"].append([7, "七号社区", "S01", 10, None, 1, 0, None])
    sheets["certificates"].append([7.0, "K01", 45356, "pledged", 2])  # 45356 = 2024-03-05
    result = run(make_xlsx(sheets))
    assert result.imported, [e.line() for e in result.errors]
    record = CertificateRecord.objects.get(community__code="7")
    assert (record.date, record.outcome) == (dt.date(2024, 3, 5), "pledged")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("no", False),
        ("TRUE", True),
        ("false", False),
        (1, True),
        (0, False),
        ("是", True),
        ("否", False),
    ],
)
def test_booleans(make_xlsx, value, expected):
    sheets = full_sheets()
    sheets["task_assignments"][1][3] = value
    assert run(make_xlsx(sheets)).imported
    assert TaskAssignment.objects.get(community__code="001").approved is expected


def test_formula_with_a_computed_value_imports(tmp_path):
    path = tmp_path / "formula.xlsx"
    book = xlsxwriter.Workbook(str(path))
    rows = full_sheets()
    for name, data in rows.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(data):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    value = value.isoformat()
                if value is not None:
                    ws.write(r, c, value)
        if name == "meetings":
            ws.write_formula(1, 3, "=1+2", None, 3)
    book.close()
    result = run(path)
    assert result.imported, [e.line() for e in result.errors]
    assert Meeting.objects.get(community__code="001").hours == 3


# ---- bad input: each case refused, row-level errors, nothing written ----------------------------


def _bad(sheets_change):
    sheets = full_sheets()
    sheets_change(sheets)
    return sheets


BAD_CASES = {
    "missing required column": (
        lambda s: [row.pop(5) for row in s["work_logs"]],
        ("work_logs", 1, "hours", "缺少必填列"),
    ),
    "unknown community code": (
        lambda s: s["meetings"][1].__setitem__(0, "999"),
        ("meetings", 2, "community_code", "不存在"),
    ),
    "unknown catalog code": (
        lambda s: s["certificates"][2].__setitem__(1, "K99"),
        ("certificates", 3, "certificate_kind_code", "不存在"),
    ),
    "duplicate codes": (
        lambda s: s["task_items"].append(list(s["task_items"][1])),
        ("task_items", 4, "code", "编码重复"),
    ),
    "bad date": (
        lambda s: s["meetings"][2].__setitem__(2, "2024-13-01"),
        ("meetings", 3, "date", "日期"),
    ),
    "bad date text": (
        lambda s: s["work_logs"][2].__setitem__(1, "昨天"),
        ("work_logs", 3, "date", "YYYY-MM-DD"),
    ),
    "bad enumeration": (
        lambda s: s["certificates"][1].__setitem__(3, "maybe"),
        ("certificates", 2, "outcome", "不是允许的取值"),
    ),
    "bad boolean": (
        lambda s: s["task_assignments"][1].__setitem__(3, "也许"),
        ("task_assignments", 2, "approved", "是/否"),
    ),
    "negative count": (
        lambda s: s["meetings"][1].__setitem__(6, -1),
        ("meetings", 2, "count", "负数"),
    ),
    "negative hours": (
        lambda s: s["work_logs"][1].__setitem__(5, -2),
        ("work_logs", 2, "hours", "负数"),
    ),
    "required cell empty": (
        lambda s: s["inspections"][1].__setitem__(2, None),
        ("inspections", 2, "topic", "必填"),
    ),
    "class C without authority": (
        lambda s: s["certificate_kinds"][2].__setitem__(5, None),
        ("certificate_kinds", 3, "responsible_authority", "C 类"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_CASES), ids=list(BAD_CASES))
def test_bad_rows_are_refused_with_row_level_errors(make_xlsx, case):
    change, (sheet, row, column, reason) = BAD_CASES[case]
    result = run(make_xlsx(_bad(change)))
    assert not result.imported
    assert any(
        (e.sheet, e.row, e.column) == (sheet, row, column) and reason in e.reason for e in result.errors
    ), [e.line() for e in result.errors]
    nothing_written()


def test_formula_without_a_computed_value_is_an_error_naming_the_cell(make_xlsx):
    sheets = full_sheets()
    sheets["meetings"][1][3] = "=1+2"  # openpyxl stores the formula with no cached value
    result = run(make_xlsx(sheets))
    assert not result.imported
    [error] = result.errors
    assert (error.sheet, error.row, error.column, error.value) == ("meetings", 2, "hours", "D2")
    assert "D2" in error.reason
    nothing_written()


@pytest.mark.parametrize("kind", ["text", "zip", "empty"])
def test_files_that_are_not_workbooks(tmp_path, kind):
    path = tmp_path / "fake.xlsx"
    if kind == "text":
        path.write_text("code,name\n001,幸福社区\n", encoding="utf-8")
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
    else:
        path.write_bytes(b"")
    result = run(path)
    assert not result.imported and result.error_total == 1
    assert result.errors[0].reason
    nothing_written()


def test_errors_are_capped_with_the_total(make_xlsx):
    sheets = full_sheets()
    header = sheets["meetings"][0]
    sheets["meetings"] = [header] + [["001", "D01", "bad", 1, None, None, 1]] * (ERROR_CAP + 200)
    result = run(make_xlsx(sheets))
    assert result.error_total == ERROR_CAP + 200
    assert len(result.errors) == ERROR_CAP
    assert result.errors[0].row == 2


# ---- scope ---------------------------------------------------------------------------------------------


def _scoped_sheets(world, community_code):
    return {
        "meetings": [
            ["community_code", "department_code", "date", "hours", "count"],
            [world.community.code, world.department.code, "2024-01-02", 1, 1],
            [community_code, world.department.code, "2024-01-03", 1, 1],
        ]
    }


def test_street_supervisor_cannot_touch_another_street(world, make_xlsx):
    scope = Scope(role="street_supervisor", street_id=world.street.pk)
    result = run(make_xlsx(_scoped_sheets(world, world.other_community.code)), scope=scope)
    assert not result.imported
    assert [(e.row, e.column) for e in result.errors] == [(3, "community_code")]
    assert "管辖范围" in result.errors[0].reason
    assert not Meeting.objects.exists()
    ok = run(make_xlsx(_scoped_sheets(world, world.sibling.code), "ok.xlsx"), scope=scope)
    assert ok.imported and Meeting.objects.count() == 2


def test_district_admin_cannot_import_into_another_district(world, make_xlsx):
    from tests.factories import CommunityFactory, DistrictFactory, StreetFactory

    foreign = CommunityFactory(street=StreetFactory(district=DistrictFactory(name="别的区")))
    scope = Scope(role="district_admin", district_id=world.district.pk)
    result = run(make_xlsx(_scoped_sheets(world, foreign.code)), scope=scope)
    assert not result.imported and result.errors[0].row == 3
    sheets = {"streets": [["code", "name", "district"], ["S99", "外区街道", "别的区"]]}
    result = run(make_xlsx(sheets, "street.xlsx"), scope=scope)
    assert not result.imported and result.errors[0].sheet == "streets"
    assert not Street.objects.filter(code="S99").exists()


def test_street_supervisor_may_not_add_catalog_entries(world, make_xlsx):
    scope = Scope(role="street_supervisor", street_id=world.street.pk)
    sheets = {"departments": [["code", "name"], [world.department.code, "改名"], ["DNEW", "新部门"]]}
    result = run(make_xlsx(sheets), scope=scope)
    assert [(e.row, e.column) for e in result.errors] == [(3, "code")]
