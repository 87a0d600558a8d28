"""Workbooks written to the contract, for the tests: every sheet, English or Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from workbook import spec


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """`sheets`: sheet name → rows (the first row is the header)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def full_sheets(*, chinese: bool = False) -> dict[str, list[list]]:
    """A workbook holding every sheet of the contract (one district, one street, two communities).

    Chinese: Chinese sheet names, header labels, enumeration labels and 是/否; codes with
    leading zeros; dates both as Excel dates and as text; columns shuffled.
    """
    t = (lambda en, zh: zh) if chinese else (lambda en, zh: en)
    yes, no = t("yes", "是"), t("no", "否")
    d = dt.date(2024, 3, 5)
    sheets = {
        t("streets", "街道"): [
            [t("name", "名称"), t("code", "编码"), t("district", "所属区")],
            ["东风街道", "S01", "示范区"],
        ],
        t("communities", "社区"): [
            [
                t("code", "编码"),
                t("name", "名称"),
                t("street_code", "街道编码"),
                t("households", "户数"),
                t("residents", "人口"),
                t("staff", "工作人员数"),
                t("social_workers", "社工数"),
                t("annual_funds", "年度工作经费(元)"),
            ],
            ["001", "幸福社区", "S01", 1685, 5216, 5, 2, 18000],
            ["002", "和平社区", "S01", 900, None, 4, 1, None],
        ],
        t("departments", "部门"): [
            [t("code", "编码"), t("name", "名称"), t("level", "层级"), t("kind", "类别")],
            ["D01", "区民政局", t("district", "区"), t("government", "政府部门")],
            ["D02", "某银行", None, t("bank", "银行")],
        ],
        t("task_items", "事项清单"): [
            [
                "code",
                "name",
                "department_code",
                t("list_class", "清单类别"),
                t("nature", "性质"),
                t("legal_basis", "法定依据"),
                t("funds_per_year", "配套经费(元)"),
            ],
            [
                "T001",
                "低保审核",
                "D01",
                t("statutory", "依法履职"),
                t("service", "服务性"),
                "社会救助暂行办法",
                5000,
            ],
            [
                "T002",
                "门店改造证明",
                "D01",
                t("negative", "负面清单"),
                t("administrative", "行政管理"),
                None,
                None,
            ],
        ],
        t("ledger_types", "台账目录"): [
            ["code", "name", "department_code", t("retention", "保管期限"), t("fields", "字段")],
            ["L01", "低保台账", "D01", t("long", "长期"), "姓名、身份证号,住址"],
        ],
        t("report_forms", "报表目录"): [
            ["code", "name", "department_code", t("frequency", "频次"), "fields"],
            ["R01", "低保月报", "D01", t("monthly", "月"), "户数、人数"],
        ],
        t("certificate_kinds", "证明目录"): [
            [
                "code",
                "name",
                t("requested_by", "要求出具单位"),
                t("class", "类别"),
                t("frequency", "频度"),
                t("responsible_authority", "应出具机关"),
            ],
            ["K01", "居住证明", "派出所", "A", t("frequent", "经常"), None],
            ["K02", "唯一住房证明", "银行", t("C", "不应由社区出具"), t("general", "一般"), "住建局"],
        ],
        t("platforms", "信息平台"): [
            ["code", "name", "department_code", "fields"],
            ["P01", "民政平台", "D01", "姓名"],
        ],
        t("task_assignments", "下沉任务"): [
            [
                "community_code",
                "task_item_code",
                t("assigned_on", "下达日期"),
                t("approved", "经过准入"),
                "count",
            ],
            ["001", "T001", d, yes, 2],
            ["002", "T002", "2024-04-01", no, None],
        ],
        t("work_logs", "工作日志"): [
            [
                "community_code",
                "date",
                "department_code",
                t("category", "类别"),
                "task_item_code",
                t("hours", "工时"),
                t("approved", "经过准入"),
                t("note", "备注"),
            ],
            ["001", d, "D01", t("task", "下沉事项"), "T001", 2.5, None, "入户"],
            ["002", "2024-05-06", None, t("meeting", "会议"), None, 1, no, None],
        ],
        t("inspections", "检查考核"): [
            [
                "community_code",
                "department_code",
                t("topic", "检查事项"),
                t("kind", "形式"),
                "date",
                t("prep_hours", "准备工时"),
                t("veto", "一票否决"),
                "count",
            ],
            ["001", "D01", "创文检查", t("campaign", "创建达标"), d, 3, yes, 2],
        ],
        t("ledger_books", "台账"): [
            ["community_code", "ledger_type_code", "year", t("books", "本数")],
            ["001", "L01", 2024, 3],
        ],
        t("report_submissions", "报表报送"): [
            ["community_code", "report_form_code", "date", "count"],
            ["001", "R01", d, 12],
        ],
        t("certificates", "证明出具"): [
            ["community_code", "certificate_kind_code", "date", t("outcome", "结果"), "count"],
            ["001", "K01", d, t("issued", "出具"), 30],
            ["002", "K02", d, t("redirected", "告知转办"), 4],
        ],
        t("platform_usage", "平台使用"): [
            ["community_code", "platform_code", "year", "hours"],
            ["001", "P01", 2024, 120],
        ],
        t("meetings", "会议"): [
            [
                "community_code",
                "department_code",
                "date",
                "hours",
                t("attendees", "参会人数"),
                t("purpose", "目的"),
                "count",
            ],
            ["001", "D01", d, 2, 3, t("seat_filling", "凑人数"), 5],
            ["002", "D02", d, 1.5, None, None, None],
        ],
        t("temporary_tasks", "临时任务"): [
            ["community_code", "department_code", "date", t("kind", "类别"), "hours", "count"],
            ["001", "D01", d, t("blood", "无偿献血"), 4, 1],
        ],
        t("signboards", "挂牌"): [
            ["community_code", "department_code", "name", t("kind", "类型"), "count"],
            ["001", "D01", "禁毒工作站", t("body", "机构或领导小组"), 1],
            ["001", None, "综治中心", None, None],
        ],
    }
    return sheets


EXPECTED_RECORDS = {
    "task_assignments": 2,
    "work_logs": 2,
    "inspections": 1,
    "ledger_books": 1,
    "report_submissions": 1,
    "certificates": 2,
    "platform_usage": 1,
    "meetings": 2,
    "temporary_tasks": 1,
    "signboards": 2,
}


def record_count() -> dict[str, int]:
    return {s.key: s.model.objects.count() for s in spec.SHEETS if s.group == spec.RECORD}
