"""The report's other faces: the survey-style Markdown report and the Excel workbook with charts.

Both only format the dict ``calculations.burden_report`` returns; they compute nothing.
"""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from communityops.excel import strings_as_text

from .calculations import TEMPORARY_LABELS

# (section, key, Chinese label) for every figure, in the order the survey tells them.
SECTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "tasks",
        gettext_noop("下沉事项"),
        [
            ("departments", gettext_noop("下沉部门数")),
            ("items", gettext_noop("下沉事项数")),
            ("administrative_items", gettext_noop("行政管理事务")),
            ("administrative_share", gettext_noop("行政管理事务占比(%)")),
            ("service_items", gettext_noop("服务性事务")),
            ("service_share", gettext_noop("服务性事务占比(%)")),
            ("assignments", gettext_noop("下沉任务件次")),
            ("unapproved_assignments", gettext_noop("未经准入件次")),
            ("unapproved_share", gettext_noop("未经准入占比(%)")),
            ("negative_list_items", gettext_noop("负面清单事项")),
            ("unfunded_administrative_items", gettext_noop("未配套经费的行政事项")),
        ],
    ),
    (
        "inspections",
        gettext_noop("检查考核"),
        [
            ("departments", gettext_noop("检查考核部门数")),
            ("kinds", gettext_noop("涉及事务项数")),
            ("total", gettext_noop("检查考核次数")),
            ("per_community", gettext_noop("平均每社区次数")),
            ("veto", gettext_noop("一票否决次数")),
            ("prep_hours", gettext_noop("迎检准备工时")),
        ],
    ),
    (
        "ledgers",
        gettext_noop("台账"),
        [
            ("types", gettext_noop("台账类别数")),
            ("books", gettext_noop("台账本数")),
            ("books_per_community", gettext_noop("平均每社区本数")),
        ],
    ),
    (
        "reports",
        gettext_noop("统计报表"),
        [
            ("kinds", gettext_noop("报表种数")),
            ("copies", gettext_noop("报表份数")),
            ("copies_per_community", gettext_noop("平均每社区份数")),
        ],
    ),
    (
        "certificates",
        gettext_noop("证明盖章"),
        [
            ("kinds", gettext_noop("证明事项数")),
            ("requesting_units", gettext_noop("要求出具单位数")),
            ("frequent_kinds", gettext_noop("经常盖章事项")),
            ("general_kinds", gettext_noop("一般性盖章事项")),
            ("occasional_kinds", gettext_noop("偶尔盖章事项")),
            ("class_c_kinds", gettext_noop("不应由社区出具事项")),
            ("class_c_share", gettext_noop("不应由社区出具占比(%)")),
            ("issued", gettext_noop("出具份数")),
            ("issued_per_community", gettext_noop("平均每社区出具份数")),
            ("issued_class_c", gettext_noop("不应出具而出具份数")),
            ("refused", gettext_noop("不予出具")),
            ("redirected", gettext_noop("告知转办")),
            ("pledged", gettext_noop("告知承诺")),
        ],
    ),
    (
        "platforms",
        gettext_noop("信息平台"),
        [
            ("count", gettext_noop("平台个数")),
            ("departments", gettext_noop("平台主管部门数")),
            ("hours", gettext_noop("录入工时")),
            ("repeated_fields", gettext_noop("重复录入字段数")),
        ],
    ),
    (
        "meetings",
        gettext_noop("会议"),
        [
            ("total", gettext_noop("会议次数")),
            ("per_community", gettext_noop("平均每社区次数")),
            ("hours", gettext_noop("会议时长(小时)")),
            ("seat_filling", gettext_noop("凑人数会议")),
        ],
    ),
    (
        "temporary",
        gettext_noop("临时任务"),
        [("total", gettext_noop("临时任务和摊派次数")), ("per_community", gettext_noop("平均每社区次数"))],
    ),
    (
        "signboards",
        gettext_noop("挂牌和机构"),
        [
            ("boards", gettext_noop("牌子块数")),
            ("boards_max_per_community", gettext_noop("单个社区最多牌子")),
            ("bodies", gettext_noop("机构和领导小组个数")),
            ("bodies_max_per_community", gettext_noop("单个社区最多机构")),
        ],
    ),
    (
        "staff",
        gettext_noop("人员配备"),
        [
            ("workers", gettext_noop("工作人员")),
            ("social_workers", gettext_noop("社工")),
            ("households", gettext_noop("户数")),
            ("households_per_social_worker", gettext_noop("每名社工服务户数")),
            ("social_worker_shortfall", gettext_noop("按每500户1名社工尚缺")),
        ],
    ),
    (
        "hours",
        gettext_noop("工时"),
        [
            ("total", gettext_noop("承接工作工时")),
            ("per_worker", gettext_noop("人均工时")),
            ("unapproved_share", gettext_noop("未经准入工时占比(%)")),
        ],
    ),
    (
        "funding",
        gettext_noop("经费"),
        [
            ("annual_funds", gettext_noop("社区年度工作经费(元)")),
            ("task_funds", gettext_noop("随事项配套经费(元)")),
        ],
    ),
]

# The burden kinds compared side by side in the summary chart.
KIND_TOTALS = [
    ("下沉任务", "tasks", "assignments"),
    ("检查考核", "inspections", "total"),
    ("台账本数", "ledgers", "books"),
    ("报表份数", "reports", "copies"),
    ("证明出具", "certificates", "issued"),
    ("会议", "meetings", "total"),
    ("临时任务", "temporary", "total"),
    ("牌子", "signboards", "boards"),
]


def report_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def report_markdown(report: dict[str, Any], *, title: str = "") -> str:
    """The survey-style report in Chinese: the narrative, then one table per burden kind."""
    lines = [
        f"# {title or '社区工作负担统计报告'}",
        "",
        f"- 范围：`{report['scope']}`　年度：{report['year']}　社区数：{report['communities']}",
        "",
        "## 一、社区工作负担过重的表现",
        "",
    ]
    lines += [f"{sentence}" + "\n" for sentence in report["narrative"]]
    lines += ["## 二、统计表", ""]
    for number, (section, heading, rows) in enumerate(SECTIONS, start=1):
        lines += [f"### {number}. {heading}", "", "| 指标 | 数值 |", "| --- | ---: |"]
        lines += [f"| {label} | {_fmt(report[section][key])} |" for key, label in rows]
        lines.append("")
        if section == "tasks" and report["tasks"]["by_department"]:
            lines += ["| 部门编码 | 部门 | 下沉事项数 |", "| --- | --- | ---: |"]
            lines += [
                f"| {row['department_code']} | {row['department']} | {row['items']} |"
                for row in report["tasks"]["by_department"]
            ]
            lines.append("")
        if section == "ledgers":
            lines += ["| | 社区编码 | 类别 | 本数 |", "| --- | --- | ---: | ---: |"]
            for label, key in (("最多", "most"), ("最少", "fewest")):
                row = report["ledgers"][key]
                lines.append(
                    f"| {label} | {row['community_code'] or '—'} | {row['types']} | {row['books']} |"
                )
            lines.append("")
        if section == "platforms" and report["platforms"].get("repeated_field_names"):
            lines += ["重复录入的字段：" + "、".join(report["platforms"]["repeated_field_names"]), ""]
        if section == "temporary" and report["temporary"]["by_kind"]:
            lines += ["| 类别 | 次数 |", "| --- | ---: |"]
            lines += [
                f"| {TEMPORARY_LABELS.get(k, k)!s} | {v} |" for k, v in report["temporary"]["by_kind"].items()
            ]
            lines.append("")
        if section == "hours" and report["hours"]["by_category"]:
            from tasks.models import WorkCategory

            labels = dict(WorkCategory.choices)
            lines += ["| 类别 | 工时 |", "| --- | ---: |"]
            lines += [
                f"| {labels.get(k, k)!s} | {_fmt(v)} |" for k, v in report["hours"]["by_category"].items()
            ]
            lines.append("")
    return "\n".join(lines)


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E8C")


def _header(sheet, *titles: str) -> None:
    sheet.append(list(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL


def report_xlsx(report: dict[str, Any], *, title: str = "") -> bytes:
    """A summary sheet (narrative, totals and a chart) and one sheet per burden kind, with charts."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "汇总"
    summary["A1"] = title or "社区工作负担统计报告"
    summary["A1"].font = Font(bold=True, size=14)
    summary["A2"] = f"范围：{report['scope']}　年度：{report['year']}　社区数：{report['communities']}"
    row = 4
    for sentence in report["narrative"]:
        summary.cell(row=row, column=1, value=sentence).alignment = Alignment(wrap_text=True)
        summary.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        summary.row_dimensions[row].height = 48
        row += 1
    row += 1
    first = row
    summary.cell(row=row, column=1, value="负担类别").font = Font(bold=True)
    summary.cell(row=row, column=2, value="合计").font = Font(bold=True)
    for label, section, key in KIND_TOTALS:
        row += 1
        summary.cell(row=row, column=1, value=label)
        summary.cell(row=row, column=2, value=report[section][key])
    chart = BarChart()
    chart.title = "各类负担合计"
    chart.add_data(Reference(summary, min_col=2, min_row=first, max_row=row), titles_from_data=True)
    chart.set_categories(Reference(summary, min_col=1, min_row=first + 1, max_row=row))
    chart.height, chart.width = 8, 16
    summary.add_chart(chart, f"D{first}")
    summary.column_dimensions["A"].width = 60
    summary.column_dimensions["B"].width = 14

    for section, heading, rows in SECTIONS:
        sheet = workbook.create_sheet(heading[:31])
        _header(sheet, "指标", "键", "数值")
        for key, label in rows:
            sheet.append([label, f"{section}.{key}", report[section][key]])
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 36
        extra = _extra_table(sheet, section, report)
        if extra:
            start, end = extra
            chart = BarChart()
            chart.title = heading
            chart.add_data(Reference(sheet, min_col=2, min_row=start, max_row=end), titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=start + 1, max_row=end))
            chart.height, chart.width = 9, 18
            sheet.add_chart(chart, "F2")
        elif section == "certificates":
            pie = PieChart()
            pie.title = "证明办理结果"
            base = sheet.max_row + 2
            sheet.cell(row=base, column=1, value="结果")
            sheet.cell(row=base, column=2, value="份数")
            for offset, (key, label) in enumerate(
                (
                    ("issued", "出具"),
                    ("refused", "不予出具"),
                    ("redirected", "告知转办"),
                    ("pledged", "告知承诺"),
                ),
                1,
            ):
                sheet.cell(row=base + offset, column=1, value=label)
                sheet.cell(row=base + offset, column=2, value=report["certificates"][key])
            pie.add_data(Reference(sheet, min_col=2, min_row=base, max_row=base + 4), titles_from_data=True)
            pie.set_categories(Reference(sheet, min_col=1, min_row=base + 1, max_row=base + 4))
            sheet.add_chart(pie, "F2")
        else:
            chart = BarChart()
            chart.title = heading
            chart.add_data(
                Reference(sheet, min_col=3, min_row=1, max_row=len(rows) + 1), titles_from_data=True
            )
            chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(rows) + 1))
            chart.height, chart.width = 9, 18
            sheet.add_chart(chart, "F2")
    strings_as_text(workbook)  # users' names starting with "=" stay text
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _extra_table(sheet, section: str, report: dict[str, Any]) -> tuple[int, int] | None:
    """A breakdown table under the figures (by department, kind or category); its row range."""
    if section == "tasks":
        pairs = [
            (f"{r['department_code']} {r['department']}", r["items"])
            for r in report["tasks"]["by_department"]
        ]
        head = ("部门", "下沉事项数")
    elif section == "temporary":
        pairs = [(str(TEMPORARY_LABELS.get(k, k)), v) for k, v in report["temporary"]["by_kind"].items()]
        head = ("类别", "次数")
    elif section == "hours":
        from tasks.models import WorkCategory

        labels = dict(WorkCategory.choices)
        pairs = [(str(labels.get(k, k)), v) for k, v in report["hours"]["by_category"].items()]
        head = ("类别", "工时")
    elif section == "ledgers":
        pairs = [
            (
                f"最多 {report['ledgers']['most']['community_code'] or '—'}",
                report["ledgers"]["most"]["books"],
            ),
            (
                f"最少 {report['ledgers']['fewest']['community_code'] or '—'}",
                report["ledgers"]["fewest"]["books"],
            ),
        ]
        head = ("社区", "本数")
    else:
        return None
    if not pairs:
        return None
    start = sheet.max_row + 2
    sheet.cell(row=start, column=1, value=head[0]).font = Font(bold=True)
    sheet.cell(row=start, column=2, value=head[1]).font = Font(bold=True)
    for offset, (label, value) in enumerate(pairs, 1):
        sheet.cell(row=start + offset, column=1, value=label)
        sheet.cell(row=start + offset, column=2, value=value)
    return start, start + len(pairs)
