"""City-scale dataset generator (城市规模基准数据): one year of burden records for a city.

At --scale 1.0: 1,000 communities in 50 streets (5 districts), ~10 million work-log rows,
~1 million certificate records, ~150 thousand inspections, and the other registers in the
proportions of the seed-000 survey. --scale multiplies the number of communities (and
streets); the per-community volumes stay the same, so --scale 0.1 is ~1 million work logs.

Deterministic: the same --scale, --year and --seed give byte-identical rows.

Organisation and catalogs go in through the ORM (a few thousand rows, new columns get their
defaults for free). The record tables go in through PostgreSQL COPY (psycopg 3
`cursor.copy`) with explicit ids. Columns are read from `Model._meta.concrete_fields`, so a
nullable or defaulted column another app adds later is filled with its default. The usual
bulk-load practice applies: secondary (non-constraint) indexes of the record tables are
dropped before COPY and rebuilt after it, foreign-key triggers are off for the loading
session only (rows are consistent by construction), then VACUUM ANALYZE.

    DJANGO_SETTINGS_MODULE=communityops.settings.test DATABASE_URL=postgres://... \\
        .venv/bin/python -m benchmarks.citygen --scale 0.1 --year 2025 [--reset]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CODE_PREFIX = "BC"  # community codes BC0001…; streets BS01…; departments BD01…

# Per community per year (the survey's orders of magnitude).
PER_COMMUNITY = {
    "worklog": 10_000,
    "certificate": 1_000,
    "inspection": 150,
    "assignment": 120,
    "report": 400,
    "meeting": 160,
    "temporary": 50,
    "platform": 20,
}

DEPARTMENT_NAMES = [
    "政法委（综治办）",
    "组织部",
    "卫生健康委",
    "人力资源和社会保障局",
    "民政局",
    "住房和城乡建设局",
    "公安分局",
    "城市管理局",
    "市场监督管理局",
    "应急管理局",
    "生态环境局",
    "教育局",
    "文化和旅游局",
    "统计局",
    "信访局",
    "残联",
    "妇联",
    "团委",
    "总工会",
    "科协",
    "司法局",
    "退役军人事务局",
    "医疗保障局",
    "税务局",
    "消防救援大队",
    "红十字会",
    "街道办事处",
    "工商银行支行",
    "人寿保险公司",
    "融媒体中心",
    "农业农村局",
    "水务局",
    "商务局",
    "审计局",
    "档案局",
    "宣传部",
    "统战部",
    "发展和改革委",
    "财政局",
    "交通运输局",
]
TOPICS = [
    "基层党建",
    "廉政文化",
    "综合治理",
    "爱国卫生",
    "环保",
    "计划生育",
    "就业",
    "科普",
    "禁毒",
    "防灾减灾",
    "消防安全",
    "食品安全",
    "交通安全",
    "文明创建",
    "双拥",
    "民族团结",
    "普法",
    "老龄",
]
CATEGORIES = [
    "task",
    "inspection",
    "ledger",
    "report",
    "certificate",
    "platform",
    "meeting",
    "temporary",
    "other",
]
CATEGORY_WEIGHTS = [40, 10, 12, 10, 10, 8, 5, 3, 2]
HOURS = ["0.50", "1.00", "1.50", "2.00", "2.50", "3.00", "4.00"]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communityops.settings.test")
    import django

    django.setup()


def _text(value) -> str:
    """A Python value as one field of COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Loader:
    """COPY rows into one model's table. `columns` are the ones the generator supplies (in
    order); every other concrete column gets its default (or NULL), or is left to the
    database when it has a db_default."""

    def __init__(self, model, columns: list[str]):
        from django.db.models import NOT_PROVIDED

        self.model = model
        self.table = model._meta.db_table
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise SystemExit(f"{self.table}: columns {unknown} do not exist any more")
        extra, suffix = [], []
        for column, field in fields.items():
            if column in columns or getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
                continue
            if field.has_default():
                value = field.get_default()
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
            elif field.null:
                value = None
            elif field.blank and field.get_internal_type() in ("CharField", "TextField"):
                value = ""
            else:
                raise SystemExit(
                    f"{self.table}.{column} is required and has no default: teach citygen about it"
                )
            extra.append(column)
            suffix.append(_text(value))
        self.columns = list(columns) + extra
        self.suffix = ("\t" + "\t".join(suffix)) if suffix else ""
        self.rows = 0

    def next_id(self, cursor) -> int:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{self.table}"')  # noqa: S608 - our table name
        return cursor.fetchone()[0]

    def copy(self, cursor, lines) -> int:
        """`lines` yields lists of tab-joined rows (without the default suffix)."""
        cols = ", ".join(f'"{c}"' for c in self.columns)
        suffix = self.suffix + "\n"
        with cursor.copy(f'COPY "{self.table}" ({cols}) FROM STDIN') as copy:
            for chunk in lines:
                copy.write((suffix.join(chunk) + suffix).encode())
                self.rows += len(chunk)
        if "id" in self.columns:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', 'id'), "  # noqa: S608
                f'(SELECT COALESCE(MAX(id), 1) FROM "{self.table}"))'
            )
        return self.rows


def secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's indexes that back no constraint."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = %s AND i.schemaname = current_schema()
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        [table],
    )
    return cursor.fetchall()


class City:
    """The organisation and catalogs, built once; the record generators draw from it."""

    def __init__(self, *, scale: float, year: int, seed: int):
        self.scale, self.year, self.seed = scale, year, seed
        self.n_communities = max(2, round(1000 * scale))
        self.n_streets = max(1, round(50 * scale))
        self.n_districts = max(1, min(5, self.n_streets // 2 or 1))
        self.days = [
            dt.date(year, 1, 1) + dt.timedelta(days=i)
            for i in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)
        ]

    def build_catalogs(self) -> None:
        from certificates.models import CertificateKind
        from inspections.models import Platform
        from ledgers.models import LedgerType, ReportForm
        from organisation.models import Community, Department, District, Street
        from tasks.models import TaskItem

        rng = random.Random(self.seed)
        districts = District.objects.bulk_create(
            [District(name=f"基准{i + 1}区") for i in range(self.n_districts)]
        )
        streets = Street.objects.bulk_create(
            [
                Street(
                    code=f"BS{i + 1:02d}", name=f"基准{i + 1}街道", district=districts[i % self.n_districts]
                )
                for i in range(self.n_streets)
            ]
        )
        communities = []
        for i in range(self.n_communities):
            households = rng.randint(800, 4200)
            communities.append(
                Community(
                    code=f"{CODE_PREFIX}{i + 1:04d}",
                    name=f"基准{i + 1}社区",
                    street=streets[i % self.n_streets],
                    households=households,
                    residents=households * 3 + rng.randint(0, 500),
                    staff=rng.randint(5, 9),
                    social_workers=rng.randint(1, 5),
                    annual_funds=Decimal(10000 + max(0, households - 1000) * 11),
                )
            )
        self.communities = Community.objects.bulk_create(communities)
        self.departments = Department.objects.bulk_create(
            [
                Department(code=f"BD{i + 1:02d}", name=f"区{name}", level="district", kind="government")
                for i, name in enumerate(DEPARTMENT_NAMES)
            ]
        )
        deps = self.departments
        heavy = deps[:4] * 4 + deps  # 综治, 组织, 卫计, 人社 push the most items
        self.task_items = TaskItem.objects.bulk_create(
            [
                TaskItem(
                    code=f"BT{i + 1:03d}",
                    name=f"下沉事项{i + 1}",
                    department=heavy[i % len(heavy)],
                    list_class="negative" if i % 25 == 0 else ("statutory" if i % 3 == 0 else "assisting"),
                    nature="administrative" if i % 5 != 0 else "service",
                    funds_per_year=Decimal(0 if i % 4 == 0 else 500 + (i % 7) * 250),
                    hours_per_occurrence=Decimal("1.50"),
                )
                for i in range(250)
            ]
        )
        self.ledger_types = LedgerType.objects.bulk_create(
            [
                LedgerType(
                    code=f"BL{i + 1:03d}",
                    name=f"台账{i + 1}",
                    department=deps[i % len(deps)],
                    retention=["permanent", "long", "short"][i % 3],
                    fields=["姓名", "身份证号", f"字段{i % 9}"],
                )
                for i in range(300)
            ]
        )
        self.report_forms = ReportForm.objects.bulk_create(
            [
                ReportForm(
                    code=f"BR{i + 1:03d}",
                    name=f"报表{i + 1}",
                    department=deps[i % len(deps)],
                    frequency=["monthly", "quarterly", "yearly", "adhoc"][i % 4],
                    fields=["户数", f"指标{i % 11}"],
                )
                for i in range(120)
            ]
        )
        kinds = []
        for i in range(180):
            cert_class = "A" if i % 9 == 0 else ("C" if i % 3 != 0 else "B")  # about two thirds class C
            kinds.append(
                CertificateKind(
                    code=f"BK{i + 1:03d}",
                    name=f"证明{i + 1}",
                    requested_by=f"要求单位{i % 35 + 1}",
                    cert_class=cert_class,
                    frequency="frequent" if i < 60 else ("general" if i < 140 else "occasional"),
                    responsible_authority="公安派出所" if cert_class == "C" else "",
                )
            )
        self.cert_kinds = CertificateKind.objects.bulk_create(kinds)
        self.platforms = Platform.objects.bulk_create(
            [
                Platform(
                    code=f"BP{i + 1:02d}",
                    name=f"信息平台{i + 1}",
                    department=deps[i % 12],
                    fields=["姓名", "身份证号", "住址", f"字段{i}"],
                )
                for i in range(25)
            ]
        )


def _ts(day: dt.date) -> str:
    return f"{day.isoformat()} 09:00:00+08"


def generate(city: City, *, cursor, out=print) -> dict[str, int]:
    """COPY every record table; returns rows per table."""
    from certificates.models import CertificateRecord
    from inspections.models import Inspection, Meeting, PlatformUsage, Signboard, TemporaryTask
    from ledgers.models import LedgerBook, ReportSubmission
    from tasks.models import TaskAssignment, WorkLog

    year, days = city.year, city.days
    comms = [(c.id, c.code) for c in city.communities]
    dep_ids = [d.id for d in city.departments]
    items = [(t.id, t.department_id) for t in city.task_items]
    counts: dict[str, int] = {}

    def run(model, columns, make, tag):
        loader = Loader(model, columns)
        first = loader.next_id(cursor)
        started = time.perf_counter()
        dropped = secondary_indexes(cursor, loader.table)
        for name, _ in dropped:
            cursor.execute(f'DROP INDEX "{name}"')
        loader.copy(cursor, make(first, tag))
        for _, sql in dropped:
            cursor.execute(sql)
        counts[loader.table] = loader.rows
        out(f"  {loader.table:<32} {loader.rows:>11,} rows  {time.perf_counter() - started:7.1f} s")
        return first

    def rid(tag: int, n: int) -> str:
        return f"b{tag:02x}{n:029x}"  # 32 hex chars, unique per table, ascending

    # 下沉任务: assignments first, work logs point at some of them.
    assignment_of: dict[tuple[int, int], int] = {}

    def assignments(first, tag):
        n = first
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 1_000_003 + ci)
            chunk = []
            for task_id, _dep in rng.sample(items, PER_COMMUNITY["assignment"]):
                day = days[rng.randrange(len(days))]
                approved = "t" if rng.random() < 0.7 else "f"
                assignment_of[(cid, task_id)] = n
                chunk.append(f"{n}\t{rid(tag, n)}\t{cid}\t{_ts(day)}\t{task_id}\t{day}\t{approved}\t1\t\\N")
                n += 1
            yield chunk

    run(
        TaskAssignment,
        [
            "id",
            "row_id",
            "community_id",
            "created_at",
            "task_item_id",
            "assigned_on",
            "approved",
            "count",
            "due_on",
        ],
        assignments,
        1,
    )

    def worklogs(first, tag):
        n = first
        per_day = PER_COMMUNITY["worklog"] / len(days)
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 2_000_003 + ci)
            mine = [t for t in items if (cid, t[0]) in assignment_of]
            chunk = []
            for day in days:
                ts, ds = _ts(day), day.isoformat()
                for _ in range(int(per_day) + (rng.random() < per_day % 1)):
                    category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
                    if category == "task":
                        task_id, dep = mine[rng.randrange(len(mine))]
                        link = f"{task_id}\t{assignment_of[(cid, task_id)]}"
                    else:
                        dep, link = dep_ids[rng.randrange(len(dep_ids))], "\\N\t\\N"
                    approved = "t" if rng.random() < 0.8 else "f"
                    chunk.append(
                        f"{n}\t{rid(tag, n)}\t{cid}\t{ts}\t{ds}\t{dep}\t{category}\t{link}\t"
                        f"{HOURS[rng.randrange(7)]}\t{1 + (rng.random() < 0.2)}\t{approved}\t\t\\N"
                    )
                    n += 1
            yield chunk

    run(
        WorkLog,
        [
            "id",
            "row_id",
            "community_id",
            "created_at",
            "date",
            "department_id",
            "category",
            "task_item_id",
            "assignment_id",
            "hours",
            "people",
            "approved",
            "note",
            "created_by_id",
        ],
        worklogs,
        2,
    )

    kinds = [(k.id, k.cert_class, k.frequency) for k in city.cert_kinds]
    kind_weights = [{"frequent": 12, "general": 3, "occasional": 1}[f] for _, _, f in kinds]

    def certificates(first, tag):
        n = first
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 3_000_003 + ci)
            chunk = []
            picks = rng.choices(kinds, kind_weights, k=PER_COMMUNITY["certificate"])
            for kind_id, cert_class, _f in picks:
                day = days[rng.randrange(len(days))]
                r = rng.random()
                if cert_class == "C":
                    outcome = (
                        "redirected"
                        if r < 0.5
                        else ("refused" if r < 0.75 else ("pledged" if r < 0.85 else "issued"))
                    )
                else:
                    outcome = "issued" if r < 0.85 else "pledged"
                chunk.append(f"{n}\t{rid(tag, n)}\t{cid}\t{_ts(day)}\t{kind_id}\t{day}\t{outcome}\t1")
                n += 1
            yield chunk

    run(
        CertificateRecord,
        ["id", "row_id", "community_id", "created_at", "kind_id", "date", "outcome", "count"],
        certificates,
        3,
    )

    inspect_kinds = ["inspection", "evaluation", "ranking", "campaign", "supervision"]

    def inspections(first, tag):
        n = first
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 4_000_003 + ci)
            chunk = []
            for _ in range(PER_COMMUNITY["inspection"]):
                day = days[rng.randrange(len(days))]
                dep = dep_ids[rng.randrange(25)]
                topic = f"{TOPICS[rng.randrange(len(TOPICS))]}{rng.randrange(4) or ''}"
                veto = "t" if rng.random() < 0.1 else "f"
                chunk.append(
                    f"{n}\t{rid(tag, n)}\t{cid}\t{_ts(day)}\t{dep}\t{topic}\t{inspect_kinds[rng.randrange(5)]}\t"
                    f"{day}\t{HOURS[rng.randrange(7)]}\t{veto}\t1"
                )
                n += 1
            yield chunk

    run(
        Inspection,
        [
            "id",
            "row_id",
            "community_id",
            "created_at",
            "department_id",
            "topic",
            "kind",
            "date",
            "prep_hours",
            "veto",
            "count",
        ],
        inspections,
        4,
    )

    ledger_ids = [lt.id for lt in city.ledger_types]

    def ledgers(first, tag):
        n = first
        ts = _ts(dt.date(year, 1, 1))
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 5_000_003 + ci)
            chunk = []
            for ledger_id in rng.sample(ledger_ids, rng.randint(8, 68)):
                chunk.append(f"{n}\t{rid(tag, n)}\t{cid}\t{ts}\t{ledger_id}\t{year}\t{rng.randint(1, 8)}")
                n += 1
            yield chunk

    run(
        LedgerBook,
        ["id", "row_id", "community_id", "created_at", "ledger_type_id", "year", "books"],
        ledgers,
        5,
    )

    form_ids = [f.id for f in city.report_forms]

    def reports(first, tag):
        n = first
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 6_000_003 + ci)
            forms = rng.sample(form_ids, 80)
            chunk = []
            for _ in range(PER_COMMUNITY["report"]):
                day = days[rng.randrange(len(days))]
                chunk.append(f"{n}\t{rid(tag, n)}\t{cid}\t{_ts(day)}\t{forms[rng.randrange(80)]}\t{day}\t1")
                n += 1
            yield chunk

    run(
        ReportSubmission,
        ["id", "row_id", "community_id", "created_at", "report_form_id", "date", "count"],
        reports,
        6,
    )

    purposes = ["briefing", "training", "seat_filling", "other"]

    def meetings(first, tag):
        n = first
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 7_000_003 + ci)
            chunk = []
            for _ in range(PER_COMMUNITY["meeting"]):
                day = days[rng.randrange(len(days))]
                chunk.append(
                    f"{n}\t{rid(tag, n)}\t{cid}\t{_ts(day)}\t{dep_ids[rng.randrange(len(dep_ids))]}\t{day}\t"
                    f"{HOURS[rng.randrange(7)]}\t{rng.randint(1, 3)}\t{purposes[rng.randrange(4)]}\t1"
                )
                n += 1
            yield chunk

    run(
        Meeting,
        [
            "id",
            "row_id",
            "community_id",
            "created_at",
            "department_id",
            "date",
            "hours",
            "attendees",
            "purpose",
            "count",
        ],
        meetings,
        7,
    )

    temp_kinds = [
        "demolition",
        "donation",
        "blood",
        "subscription",
        "tax",
        "investment",
        "stability",
        "other",
    ]

    def temporary(first, tag):
        n = first
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 8_000_003 + ci)
            chunk = []
            for _ in range(PER_COMMUNITY["temporary"]):
                day = days[rng.randrange(len(days))]
                chunk.append(
                    f"{n}\t{rid(tag, n)}\t{cid}\t{_ts(day)}\t{dep_ids[rng.randrange(len(dep_ids))]}\t{day}\t"
                    f"{temp_kinds[rng.randrange(8)]}\t{HOURS[rng.randrange(7)]}\t1"
                )
                n += 1
            yield chunk

    run(
        TemporaryTask,
        ["id", "row_id", "community_id", "created_at", "department_id", "date", "kind", "hours", "count"],
        temporary,
        8,
    )

    def signboards(first, tag):
        n = first
        hung = dt.date(year - 2, 6, 1)
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 9_000_003 + ci)
            chunk = []
            for j in range(rng.randint(4, 12)):
                kind = "board" if j % 3 else "body"
                removed = f"{dt.date(year, 3, 1)}" if rng.random() < 0.1 else "\\N"
                chunk.append(
                    f"{n}\t{rid(tag, n)}\t{cid}\t{_ts(hung)}\t{dep_ids[rng.randrange(len(dep_ids))]}\t"
                    f"牌子{j + 1}\t{kind}\t{rng.randint(1, 3)}\t{hung}\t{removed}"
                )
                n += 1
            yield chunk

    run(
        Signboard,
        [
            "id",
            "row_id",
            "community_id",
            "created_at",
            "department_id",
            "name",
            "kind",
            "count",
            "hung_on",
            "removed_on",
        ],
        signboards,
        9,
    )

    platform_ids = [p.id for p in city.platforms]

    def platforms(first, tag):
        n = first
        ts = _ts(dt.date(year, 1, 1))
        for ci, (cid, _) in enumerate(comms):
            rng = random.Random(city.seed * 10_000_003 + ci)
            chunk = []
            for pid in rng.sample(platform_ids, PER_COMMUNITY["platform"]):
                chunk.append(f"{n}\t{rid(tag, n)}\t{cid}\t{ts}\t{pid}\t{year}\t{rng.randint(20, 400)}.00")
                n += 1
            yield chunk

    run(
        PlatformUsage,
        ["id", "row_id", "community_id", "created_at", "platform_id", "year", "hours"],
        platforms,
        10,
    )
    return counts


RECORD_MODELS = [
    "tasks.WorkLog",
    "tasks.TaskAssignment",
    "certificates.CertificateRecord",
    "inspections.Inspection",
    "ledgers.LedgerBook",
    "ledgers.ReportSubmission",
    "inspections.Meeting",
    "inspections.TemporaryTask",
    "inspections.Signboard",
    "inspections.PlatformUsage",
]
CATALOG_MODELS = [
    "tasks.TaskItem",
    "ledgers.LedgerType",
    "ledgers.ReportForm",
    "certificates.CertificateKind",
    "inspections.Platform",
    "organisation.Membership",
    "organisation.Grid",
    "organisation.Community",
    "organisation.Street",
    "organisation.District",
    "organisation.Department",
]


def reset(cursor) -> None:
    """Empty the organisation, catalogs and records (CASCADE: everything that points at them)."""
    from django.apps import apps

    tables = [apps.get_model(m)._meta.db_table for m in RECORD_MODELS + CATALOG_MODELS]
    cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


def build(*, scale: float, year: int, seed: int = 2025, do_reset: bool = False, out=print) -> dict:
    """Build the city; returns {'seconds', 'rows', 'communities', ...}."""
    from django.apps import apps
    from django.db import connection, transaction

    from organisation.models import Community

    started = time.perf_counter()
    with connection.cursor() as c:
        if do_reset:
            reset(c)
        elif Community.objects.exists():
            raise SystemExit("the database already has communities: pass --reset to replace them")
    city = City(scale=scale, year=year, seed=seed)
    with transaction.atomic():
        city.build_catalogs()
    out(
        f"citygen: {city.n_communities} communities, {city.n_streets} streets, {city.n_districts} districts, year {year}"
    )
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # FK triggers off for this session only
        try:
            with transaction.atomic():
                counts = generate(city, cursor=cursor, out=out)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    loaded = time.perf_counter()
    tables = [apps.get_model(m)._meta.db_table for m in RECORD_MODELS + CATALOG_MODELS]
    old_autocommit = raw.autocommit
    raw.autocommit = True
    with raw.cursor() as cursor:
        for t in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{t}"')
    raw.autocommit = old_autocommit
    done = time.perf_counter()
    total = sum(counts.values())
    out(
        f"citygen: {total:,} record rows in {loaded - started:.1f} s "
        f"({total / (loaded - started):,.0f} rows/s), VACUUM ANALYZE {done - loaded:.1f} s, total {done - started:.1f} s"
    )
    return {
        "seconds": round(done - started, 1),
        "load_seconds": round(loaded - started, 1),
        "analyze_seconds": round(done - loaded, 1),
        "rows": counts,
        "total_rows": total,
        "communities": city.n_communities,
        "streets": city.n_streets,
        "districts": city.n_districts,
        "year": year,
        "scale": scale,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "0.1")))
    parser.add_argument("--year", type=int, default=int(os.environ.get("BENCH_YEAR", "2025")))
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--reset", action="store_true", help="empty organisation, catalogs and records first")
    parser.add_argument("--json", help="write the summary to this file")
    parser.add_argument("--write-results", action="store_true", help="write benchmarks/results/citygen.md")
    args = parser.parse_args(argv)
    _setup_django()
    summary = build(scale=args.scale, year=args.year, seed=args.seed, do_reset=args.reset)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    if args.write_results:
        from benchmarks.common import table, write_result

        s = summary
        write_result(
            "citygen",
            "City-scale dataset generator",
            [
                f"`python -m benchmarks.citygen --scale {s['scale']} --year {s['year']}`: {s['communities']:,} communities, "
                f"{s['streets']} streets, {s['districts']} districts; {s['total_rows']:,} record rows loaded with COPY in "
                f"{s['load_seconds']} s ({s['total_rows'] / max(s['load_seconds'], 0.001):,.0f} rows/s, secondary "
                f"indexes rebuilt), VACUUM ANALYZE {s['analyze_seconds']} s, total {s['seconds']} s.",
                "",
                *table(["table", "rows"], [[t, f"{n:,}"] for t, n in s["rows"].items()]),
            ],
        )


if __name__ == "__main__":
    main()
