"""The burden workbook, contract version 1 (`shared/contracts/workbook-v1.md`), as data.

Every sheet lists its columns: the English key, the Chinese label, how a cell is read, whether
it is required and the default of an optional column. The importer, the exporter and the
tests all read this one table, so the contract lives in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from certificates.models import CertificateClass, CertificateKind, CertificateRecord, Frequency, Outcome
from inspections.models import Inspection, Meeting, Platform, PlatformUsage, Signboard, TemporaryTask
from ledgers.models import LedgerBook, LedgerType, ReportForm, ReportFrequency, ReportSubmission, Retention
from organisation.models import Community, Department, Street
from tasks.models import ListClass, Nature, TaskAssignment, TaskItem, WorkCategory, WorkLog

ORG, CATALOG, RECORD = "org", "catalog", "record"

# Column kinds: how a cell is read.
CODE, TEXT, INT, DECIMAL, DATE, BOOL, ENUM, YEAR, FIELDS, REF, ROW_ID = (
    "code",
    "text",
    "int",
    "decimal",
    "date",
    "bool",
    "enum",
    "year",
    "fields",
    "ref",
    "row_id",
)


@dataclass(frozen=True)
class Col:
    """One column of a sheet."""

    key: str
    zh: str
    kind: str
    attr: str = ""  # the model attribute written (`<attr>_id` for a reference)
    required: bool = True
    default: Any = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, Chinese label) for ENUM
    ref: str = ""  # the sheet whose codes a REF column points at
    aliases: tuple[str, ...] = ()
    max_length: int | None = None

    @property
    def target(self) -> str:
        return self.attr or self.key


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: its names, its model and its columns."""

    key: str
    zh: str
    group: str
    model: type
    columns: tuple[Col, ...]
    date_attr: str = ""  # the date (or year) the export filters by
    year_attr: str = ""
    order: int = 0
    aliases: tuple[str, ...] = field(default=())
    # Rows of the model that are burden records (exported); others stay out: planned
    # inspections, and signboards no longer standing at the period's end. A callable takes that date.
    records: Q | Callable[[date], Q] = field(default_factory=Q)

    @property
    def by_key(self) -> dict[str, Col]:
        return {c.key: c for c in self.columns}


def _choices(enum) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in enum.choices)


def _code(key="code", zh="编码", **kw) -> Col:
    return Col(key, zh, CODE, max_length=32, **kw)


def _ref(key: str, zh: str, ref: str, attr: str, **kw) -> Col:
    return Col(key, zh, REF, attr=attr, ref=ref, **kw)


ROW = Col("row_id", "行键", ROW_ID, required=False, max_length=64)


def _count(zh="数量") -> Col:
    return Col("count", zh, INT, required=False, default=1, aliases=("数量", "次数", "份数"))


COMMUNITY = _ref("community_code", "社区编码", "communities", "community")
DEPARTMENT = _ref("department_code", "部门编码", "departments", "department")
NAME = Col("name", "名称", TEXT)
FIELDS_COL = Col("fields", "字段", FIELDS, required=False, default=())
DATE_COL = Col("date", "日期", DATE)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "streets",
        "街道",
        ORG,
        Street,
        (_code(), NAME, Col("district", "所属区", TEXT, max_length=100)),
    ),
    Sheet(
        "communities",
        "社区",
        ORG,
        Community,
        (
            _code(),
            NAME,
            _ref("street_code", "街道编码", "streets", "street"),
            Col("households", "户数", INT),
            Col("residents", "人口", INT, required=False),
            Col("staff", "工作人员数", INT),
            Col("social_workers", "社工数", INT),
            Col("annual_funds", "年度工作经费(元)", DECIMAL, required=False, default=Decimal(0)),
        ),
    ),
    Sheet(
        "departments",
        "部门",
        ORG,
        Department,
        (
            _code(),
            NAME,
            Col("level", "层级", ENUM, required=False, default="", choices=_choices(Department.Level)),
            Col("kind", "类别", ENUM, required=False, default="", choices=_choices(Department.Kind)),
        ),
    ),
    Sheet(
        "task_items",
        "事项清单",
        CATALOG,
        TaskItem,
        (
            _code(),
            NAME,
            DEPARTMENT,
            Col("list_class", "清单类别", ENUM, choices=_choices(ListClass)),
            Col("nature", "性质", ENUM, choices=_choices(Nature)),
            Col("legal_basis", "法定依据", TEXT, required=False, default=""),
            Col("funds_per_year", "配套经费(元)", DECIMAL, required=False, default=Decimal(0)),
        ),
    ),
    Sheet(
        "ledger_types",
        "台账目录",
        CATALOG,
        LedgerType,
        (
            _code(),
            NAME,
            DEPARTMENT,
            Col("retention", "保管期限", ENUM, required=False, default="", choices=_choices(Retention)),
            FIELDS_COL,
        ),
    ),
    Sheet(
        "report_forms",
        "报表目录",
        CATALOG,
        ReportForm,
        (
            _code(),
            NAME,
            DEPARTMENT,
            Col("frequency", "频次", ENUM, required=False, default="", choices=_choices(ReportFrequency)),
            FIELDS_COL,
        ),
    ),
    Sheet(
        "certificate_kinds",
        "证明目录",
        CATALOG,
        CertificateKind,
        (
            _code(),
            NAME,
            Col("requested_by", "要求出具单位", TEXT),
            Col("class", "类别", ENUM, attr="cert_class", choices=_choices(CertificateClass)),
            Col("frequency", "频度", ENUM, choices=_choices(Frequency)),
            # Required for class C only: checked row by row.
            Col("responsible_authority", "应出具机关", TEXT, required=False, default=""),
        ),
    ),
    Sheet(
        "platforms",
        "信息平台",
        CATALOG,
        Platform,
        (_code(), NAME, DEPARTMENT, FIELDS_COL),
    ),
    Sheet(
        "task_assignments",
        "下沉任务",
        RECORD,
        TaskAssignment,
        (
            ROW,
            COMMUNITY,
            _ref("task_item_code", "事项编码", "task_items", "task_item"),
            Col("assigned_on", "下达日期", DATE),
            Col("approved", "经过准入", BOOL),
            _count(),
        ),
        date_attr="assigned_on",
    ),
    Sheet(
        "work_logs",
        "工作日志",
        RECORD,
        WorkLog,
        (
            ROW,
            COMMUNITY,
            DATE_COL,
            _ref("department_code", "部门编码", "departments", "department", required=False),
            Col("category", "类别", ENUM, choices=_choices(WorkCategory)),
            _ref("task_item_code", "事项编码", "task_items", "task_item", required=False),
            Col("hours", "工时", DECIMAL),
            Col("approved", "经过准入", BOOL, required=False, default=True),
            Col("note", "备注", TEXT, required=False, default=""),
        ),
        date_attr="date",
    ),
    Sheet(
        "inspections",
        "检查考核",
        RECORD,
        Inspection,
        (
            ROW,
            COMMUNITY,
            DEPARTMENT,
            Col("topic", "检查事项", TEXT),
            Col("kind", "形式", ENUM, choices=_choices(Inspection.Kind)),
            DATE_COL,
            Col("prep_hours", "准备工时", DECIMAL, required=False, default=Decimal(0)),
            Col("veto", "一票否决", BOOL, required=False, default=False),
            _count("次数"),
        ),
        date_attr="date",
        records=Q(status=Inspection.Status.DONE),
    ),
    Sheet(
        "ledger_books",
        "台账",
        RECORD,
        LedgerBook,
        (
            ROW,
            COMMUNITY,
            _ref("ledger_type_code", "台账类型编码", "ledger_types", "ledger_type"),
            Col("year", "年度", YEAR),
            Col("books", "本数", INT),
        ),
        year_attr="year",
    ),
    Sheet(
        "report_submissions",
        "报表报送",
        RECORD,
        ReportSubmission,
        (
            ROW,
            COMMUNITY,
            _ref("report_form_code", "报表编码", "report_forms", "report_form"),
            DATE_COL,
            _count("份数"),
        ),
        date_attr="date",
    ),
    Sheet(
        "certificates",
        "证明出具",
        RECORD,
        CertificateRecord,
        (
            ROW,
            COMMUNITY,
            _ref("certificate_kind_code", "证明事项编码", "certificate_kinds", "kind"),
            DATE_COL,
            Col("outcome", "结果", ENUM, choices=_choices(Outcome)),
            _count(),
        ),
        date_attr="date",
    ),
    Sheet(
        "platform_usage",
        "平台使用",
        RECORD,
        PlatformUsage,
        (
            ROW,
            COMMUNITY,
            _ref("platform_code", "平台编码", "platforms", "platform"),
            Col("year", "年度", YEAR),
            Col("hours", "工时", DECIMAL),
        ),
        year_attr="year",
    ),
    Sheet(
        "meetings",
        "会议",
        RECORD,
        Meeting,
        (
            ROW,
            COMMUNITY,
            DEPARTMENT,
            DATE_COL,
            Col("hours", "工时", DECIMAL, aliases=("时长(小时)",)),
            Col("attendees", "参会人数", INT, required=False),
            Col("purpose", "目的", ENUM, required=False, default="other", choices=_choices(Meeting.Purpose)),
            _count("次数"),
        ),
        date_attr="date",
    ),
    Sheet(
        "temporary_tasks",
        "临时任务",
        RECORD,
        TemporaryTask,
        (
            ROW,
            COMMUNITY,
            DEPARTMENT,
            DATE_COL,
            Col("kind", "类别", ENUM, choices=_choices(TemporaryTask.Kind)),
            Col("hours", "工时", DECIMAL),
            _count("次数"),
        ),
        date_attr="date",
    ),
    Sheet(
        "signboards",
        "挂牌",
        RECORD,
        Signboard,
        (
            ROW,
            COMMUNITY,
            _ref("department_code", "部门编码", "departments", "department", required=False),
            NAME,
            Col("kind", "类型", ENUM, required=False, default="board", choices=_choices(Signboard.Kind)),
            _count(),
        ),
        records=Signboard.standing_q,
    ),
)

SHEETS_BY_KEY = {s.key: s for s in SHEETS}
# Which model a sheet's codes live in (for REF resolution against the database).
CODE_MODELS = {s.key: s.model for s in SHEETS if s.group in (ORG, CATALOG)}


def normalise(name: Any) -> str:
    """Header and sheet names compare without case, spaces or full-width brackets."""
    text = "" if name is None else str(name)
    return (
        text.strip()
        .lower()
        .replace("（", "(")
        .replace("）", ")")
        .replace(" ", "")
        .replace("\u3000", "")
        .replace("*", "")
    )


def sheet_for(name: str) -> Sheet | None:
    wanted = normalise(name)
    for sheet in SHEETS:
        if wanted in (normalise(sheet.key), normalise(sheet.zh), *map(normalise, sheet.aliases)):
            return sheet
    return None


def column_names(col: Col) -> set[str]:
    return {normalise(col.key), normalise(col.zh), *map(normalise, col.aliases)}


def model_max_length(sheet: Sheet, col: Col) -> int | None:
    if col.max_length:
        return col.max_length
    if col.kind != TEXT:
        return None
    try:
        return sheet.model._meta.get_field(col.target).max_length
    except Exception:  # noqa: BLE001 - not a model field (e.g. `district`, a name)
        return None
