"""The burden report (负担统计报告): one computation behind every face.

Contract: ``shared/contracts/burden-report.md``. ``burden_report(scope=…, year=…)`` returns the
nested dict the JSON face prints; the Markdown and Excel faces, the API, the snapshots and the
dashboards all read it. Everything is computed from raw records with aggregate queries; the
number of queries is constant (about twenty) whatever the number of records.

Decisions on the contract's fine points (each one deliberate):

- Scope: ``all`` | ``district:<name>`` | ``street:<code>`` | ``community:<code>``. An unknown
  unit is an error (``ValidationError`` on ``scope``), not an empty report; a known unit with no
  communities gives the all-zero report.
- Period: records with a date count when the date falls in the calendar year; ledger books and
  platform usage by their ``year``; catalog attributes (nature, list class, funds, frequency,
  class, platform fields) are read as they are now.
- Signboards have no period of their own: they count as of December 31 of the year — hung on or
  before it (or no date) and not removed by then (``removed_on`` empty or after it).
- "Counts of records sum their ``count``": assignments, inspections, report copies,
  certificates, meetings, temporary tasks and signboards sum ``count``; ledger books sum
  ``books``. Distinct counts (items, departments, kinds, topics, forms, units) count distinct
  values over the matching rows whatever their ``count``.
- Hours: following the workbook contract (a row with count N and hours H stands for N records
  of H hours), inspection preparation hours and meeting hours are Σ count × hours. Work-log and
  platform hours are Σ hours (those rows have no count).
- Inspections count when they took place: planned (待检查) and cancelled ones are left out
  (rows imported from a workbook are held inspections).
- ``inspections.kinds`` = distinct ``topic`` values as stored. ``ledgers.types`` counts only
  types with books > 0, as the contract says; ``ledgers.most`` / ``fewest`` rank every
  community in scope (none = 0 books), ties to the smaller code; ``types`` there = distinct
  types with books > 0 in that community. With no community in scope both are
  ``{"community_code": null, "types": 0, "books": 0}``.
- ``tasks.unfunded_administrative_items``: administrative items whose catalog
  ``funds_per_year`` is 0 (or empty).
- ``funding.task_funds`` = Σ over distinct (community, item) pairs assigned in the year of the
  item's ``funds_per_year`` = Σ per item of funds × number of distinct communities in scope
  assigned it (one aggregate query).
- ``platforms.repeated_fields`` is the number of distinct field names (trimmed, NFKC-folded so
  full-width letters and digits become half-width) that appear in two or more distinct
  platforms used in the year in scope; ``platforms.repeated_field_names`` (an added key) lists
  them. The folding cannot be done portably in SQL, so this one figure reads the ``fields`` of
  the *catalog* rows in use (bounded by the platform catalog, never by the number of records).
- ``temporary.by_kind`` and ``hours.by_category`` list only the kinds/categories that occur.
- Numbers: counts are ints; ``per_community``, hours, money and ratios are rounded half-up to 1
  decimal (money to 2); shares are percentages rounded half-up to 2 decimals; all computed
  with ``Decimal`` and emitted as JSON numbers. An empty denominator gives 0.
- ``staff.households_per_social_worker`` = Σ households / Σ social workers;
  ``hours.per_worker`` = work-log hours / ``staff.workers``.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from certificates.models import CertificateRecord
from inspections.models import Inspection, Meeting, PlatformUsage, Signboard, TemporaryTask
from ledgers.models import LedgerBook, ReportSubmission, SubmissionStatus
from organisation.models import Community, District, Street
from tasks.models import TaskAssignment, WorkLog

ONE = Decimal("0.1")
TWO = Decimal("0.01")
SOCIAL_WORKER_STANDARD = 500  # one social worker per 500 households (seed 001)
MONEY = DecimalField(max_digits=20, decimal_places=2)


# --- scope -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportScope:
    """A parsed scope: its canonical text, a label and the Q selecting its communities."""

    text: str
    kind: str
    label: str
    community_q: Q
    #: Selects the records (rows with a ``community`` FK) of the scope without joining the
    #: organisation tables: nothing for ``all`` (every record has a community), the community's
    #: id for one community, else ``community_id IN (ids of the unit's communities)``.
    record_q: Q = Q()
    #: The community itself for a ``community:`` scope (its figures are read from it).
    community: Community | None = field(default=None, compare=False)


def parse_scope(scope: str) -> ReportScope:
    """Parse ``all`` / ``district:<name>`` / ``street:<code>`` / ``community:<code>``."""
    text = (scope or "").strip()
    if text == "all":
        return ReportScope("all", "all", "全部", Q(), Q())
    kind, sep, key = text.partition(":")
    key = key.strip()
    if not sep or not key or kind not in ("district", "street", "community"):
        raise ValidationError(
            {"scope": gettext("范围应为 all、district:<名称>、street:<编码> 或 community:<编码>。")}
        )
    if kind == "district":
        unit = District.objects.filter(name=key).first()
        q = Q(street__district__name=key)
    elif kind == "street":
        unit = Street.objects.filter(code=key).first()
        q = Q(street__code=key)
    else:
        unit = Community.objects.filter(code=key).first()
        q = Q(code=key)
    if unit is None:
        raise ValidationError({"scope": gettext("找不到范围“%(scope)s”。") % {"scope": text}})
    if kind == "district":
        record_q = Q(community__in=Community.objects.filter(street__district_id=unit.pk).values("pk"))
    elif kind == "street":
        record_q = Q(community__in=Community.objects.filter(street_id=unit.pk).values("pk"))
    else:
        record_q = Q(community_id=unit.pk)
    community = unit if kind == "community" else None
    return ReportScope(f"{kind}:{key}", kind, str(unit), q, record_q, community)


# --- numbers -----------------------------------------------------------------------------------
def _dec(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def ratio(numerator: Any, denominator: Any, places: Decimal = ONE) -> float:
    """numerator / denominator rounded half-up; 0 when the denominator is 0."""
    den = _dec(denominator)
    if den == 0:
        return 0.0
    return float((_dec(numerator) / den).quantize(places, rounding=ROUND_HALF_UP))


def share(part: Any, whole: Any) -> float:
    """part / whole × 100, a percentage rounded half-up to 2 decimals; 0 when whole is 0."""
    den = _dec(whole)
    if den == 0:
        return 0.0
    return float((_dec(part) * 100 / den).quantize(TWO, rounding=ROUND_HALF_UP))


def one(value: Any) -> float:
    return float(_dec(value).quantize(ONE, rounding=ROUND_HALF_UP))


def money(value: Any) -> float:
    return float(_dec(value).quantize(TWO, rounding=ROUND_HALF_UP))


def _int(value: Any) -> int:
    return int(value or 0)


def fold_field_name(name: Any) -> str:
    """A field name as compared across platforms: trimmed, full-width folded (NFKC)."""
    return unicodedata.normalize("NFKC", str(name)).strip()


def _field_names(fields: Any) -> set[str]:
    if isinstance(fields, str):
        for sep in ("，", ","):
            fields = fields.replace(sep, "、")
        fields = fields.split("、")
    if not isinstance(fields, (list, tuple)):
        return set()
    return {folded for f in fields if f is not None and (folded := fold_field_name(f))}


# --- the computation ---------------------------------------------------------------------------
# Each register is read with as few statements as its figures allow, and never scanned twice:
# when a figure needs rows per group (per item, per category, per community), the groups come
# back (bounded by the catalog or by the communities in scope, never by the number of records)
# and the figures are summed from them in Python with Decimal, exactly as SQL would.
def burden_report(*, scope: str, year: int) -> dict[str, Any]:
    """负担统计报告: compute the contract's report for a scope and calendar year."""
    parsed = parse_scope(scope)
    year = int(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    communities = Community.objects.filter(parsed.community_q)
    r = parsed.record_q
    held = Inspection.objects.held()
    # Every register's figures in one statement (see _fetch): one community's report is two
    # statements in all (the scope's unit, then this), a wider scope's the same.
    parts = {
        "tasks": _tasks_rows(TaskAssignment.objects.filter(r, assigned_on__range=(start, end))),
        "inspections": _one_row(held.filter(r, date__range=(start, end)), **INSPECTION_FIGURES),
        "ledgers": _one_row(LedgerBook.objects.filter(r, year=year), **LEDGER_FIGURES),
        "reports": _one_row(
            reports_filed(ReportSubmission.objects.filter(r, date__range=(start, end))), **REPORT_FIGURES
        ),
        "certificates": _one_row(
            CertificateRecord.objects.filter(r, date__range=(start, end)), **CERTIFICATE_FIGURES
        ),
        "platforms": _platform_rows(PlatformUsage.objects.filter(r, year=year)),
        "meetings": _one_row(Meeting.objects.filter(r, date__range=(start, end)), **MEETING_FIGURES),
        "temporary": TemporaryTask.objects.filter(r, date__range=(start, end))
        .values("kind")
        .annotate(n=Sum("count"))
        .order_by("kind"),
        "signboards": _signboard_rows(signboards_standing(Signboard.objects.filter(r), end)),
        "hours": WorkLog.objects.filter(r, date__range=(start, end))
        .values("category")
        .annotate(h=Sum("hours"), unapproved=Sum("hours", filter=Q(approved=False)))
        .order_by("category"),
    }
    if parsed.community is None:  # one community's are read off its row
        parts["organisation"] = _one_row(communities, **ORGANISATION_FIGURES)
        parts["ledgers_per_community"] = _ledgers_per_community(communities, year)
    rows = _fetch(parts)

    org = _organisation(rows.get("organisation"), parsed.community)
    n = _int(org["n_communities"])
    workers = _int(org["n_workers"])

    report: dict[str, Any] = {"scope": parsed.text, "year": year, "communities": n}
    report["tasks"], task_funds = _tasks(rows["tasks"])
    report["inspections"] = _inspections(rows["inspections"][0], n)
    report["ledgers"] = _ledgers(rows["ledgers"][0], rows.get("ledgers_per_community"), parsed.community, n)
    report["reports"] = _reports(rows["reports"][0], n)
    report["certificates"] = _certificates(rows["certificates"][0], n)
    report["platforms"] = _platforms(rows["platforms"])
    report["meetings"] = _meetings(rows["meetings"][0], n)
    report["temporary"] = _temporary(rows["temporary"], n)
    report["signboards"] = _signboards(rows["signboards"])
    report["staff"] = {
        "workers": workers,
        "social_workers": _int(org["n_social_workers"]),
        "households": _int(org["n_households"]),
        "households_per_social_worker": ratio(org["n_households"], org["n_social_workers"]),
        "social_worker_shortfall": _int(org["n_shortfall"]),
    }
    report["hours"] = _hours(rows["hours"], workers)
    report["funding"] = {
        "annual_funds": money(org["n_annual_funds"]),
        "task_funds": money(task_funds),
    }
    report["narrative"] = narrative(report, label=parsed.label)
    return report


# --- fetching: every register in one statement -------------------------------------------------
def _one_row(qs: QuerySet, **aggregates) -> QuerySet:
    """``qs.aggregate(**aggregates)`` as a queryset (one row, no GROUP BY), to join a batch."""
    return qs.order_by().values(_all=Value(1, IntegerField())).annotate(**aggregates).values(*aggregates)


def _fetch(parts: dict[str, QuerySet]) -> dict[str, list[dict]]:
    """Run each queryset and return its rows as dicts, all in ONE statement on PostgreSQL:
    ``SELECT (SELECT json_agg(t)::text FROM (<part 1>) t), (… part 2 …), …``.

    Each part is Django's own SQL for it (the same scans, filters and aggregates as run on
    their own); the rows come back as JSON text parsed with ``Decimal`` for every non-integer,
    so numeric sums are exactly what the database computed (as psycopg's Decimals were). A
    sorted part keeps its order (PostgreSQL aggregates a sorted subquery in its order). On
    other databases (SQLite for development) each part is run on its own."""
    connection = connections[next(iter(parts.values())).db]
    if connection.vendor != "postgresql":
        return _fetch_separately(parts)
    selects, params = [], []
    for qs in parts.values():
        sql, part_params = qs.query.get_compiler(connection=connection).as_sql()
        selects.append(f"(SELECT json_agg(t)::text FROM ({sql}) t)")  # noqa: S608 - Django-compiled SQL, values are params
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        texts = cursor.fetchone()
    return {
        name: json.loads(text, parse_float=Decimal) if text is not None else []
        for name, text in zip(parts, texts, strict=True)
    }


def _fetch_separately(parts: dict[str, QuerySet]) -> dict[str, list[dict]]:
    """Each part in a statement of its own (any database)."""
    return {name: list(qs) for name, qs in parts.items()}


ORGANISATION_FIGURES = {
    "n_communities": Count("pk"),
    "n_workers": Sum("staff"),
    "n_social_workers": Sum("social_workers"),
    "n_households": Sum("households"),
    "n_annual_funds": Sum("annual_funds"),
    "n_shortfall": Sum(
        Greatest(
            Value(0),
            (F("households") + Value(SOCIAL_WORKER_STANDARD - 1)) / Value(SOCIAL_WORKER_STANDARD)
            - F("social_workers"),
            output_field=IntegerField(),
        )
    ),
}


def _organisation(figures: list[dict] | None, community: Community | None) -> dict:
    """Communities, staff, households and funds; one community's are read off its row."""
    if community is not None:
        return {
            "n_communities": 1,
            "n_workers": community.staff,
            "n_social_workers": community.social_workers,
            "n_households": community.households,
            "n_annual_funds": community.annual_funds,
            "n_shortfall": max(
                0,
                (community.households + SOCIAL_WORKER_STANDARD - 1) // SOCIAL_WORKER_STANDARD
                - community.social_workers,
            ),
        }
    return figures[0]


def _tasks_rows(assignments: QuerySet) -> QuerySet:
    """One GROUP BY task item (rows bounded by the catalog) gives every task figure."""
    return (
        assignments.values("task_item")
        .annotate(
            department_code=F("task_item__department__code"),
            department=F("task_item__department__name"),
            department_id=F("task_item__department_id"),
            nature=F("task_item__nature"),
            list_class=F("task_item__list_class"),
            funds=F("task_item__funds_per_year"),
            # Σ over distinct (community, item) pairs = Σ per item of funds × distinct communities.
            n_communities=Count("community", distinct=True),
            assignments=Sum("count"),
            unapproved=Sum("count", filter=Q(approved=False)),
        )
        .order_by()
    )


def _tasks(per_item: list[dict]) -> tuple[dict, Decimal]:
    departments: dict[Any, dict] = {}
    items = administrative = service = negative = unfunded = assignments = unapproved = 0
    task_funds = Decimal(0)
    for row in per_item:
        items += 1
        assignments += _int(row["assignments"])
        unapproved += _int(row["unapproved"])
        if row["nature"] == "administrative":
            administrative += 1
            if row["funds"] is None or row["funds"] <= 0:
                unfunded += 1
        elif row["nature"] == "service":
            service += 1
        if row["list_class"] == "negative":
            negative += 1
        if row["funds"] is not None:
            task_funds += _dec(row["funds"]) * row["n_communities"]
        dep = departments.setdefault(
            row["department_id"],
            {"department_code": row["department_code"], "department": row["department"], "items": 0},
        )
        dep["items"] += 1
    by_department = sorted(departments.values(), key=lambda d: (-d["items"], d["department_code"]))
    return (
        {
            "departments": len(departments),
            "items": items,
            "administrative_items": administrative,
            "service_items": service,
            "administrative_share": share(administrative, items),
            "service_share": share(service, items),
            "assignments": assignments,
            "unapproved_assignments": unapproved,
            "unapproved_share": share(unapproved, assignments),
            "negative_list_items": negative,
            "unfunded_administrative_items": unfunded,
            "by_department": by_department,
        },
        task_funds,
    )


INSPECTION_FIGURES = {
    "departments": Count("department", distinct=True),
    "kinds": Count("topic", distinct=True),
    "total": Sum("count"),
    "n_veto": Sum("count", filter=Q(veto=True)),
    "n_prep_hours": Sum(ExpressionWrapper(F("count") * F("prep_hours"), output_field=MONEY)),
}


def _inspections(figures: dict, n) -> dict:
    total = _int(figures["total"])
    return {
        "departments": _int(figures["departments"]),
        "kinds": _int(figures["kinds"]),
        "total": total,
        "per_community": ratio(total, n),
        "veto": _int(figures["n_veto"]),
        "prep_hours": one(figures["n_prep_hours"]),
    }


LEDGER_FIGURES = {
    "n_types": Count("ledger_type", distinct=True, filter=Q(books__gt=0)),
    "n_books": Sum("books"),
}


def _ledgers_per_community(communities: QuerySet, year) -> QuerySet:
    """One row per community in scope (none = 0 books)."""
    in_year = Q(ledgerbook__year=year)
    return (
        communities.annotate(
            n_books=Coalesce(Sum("ledgerbook__books", filter=in_year), 0),
            n_types=Count(
                "ledgerbook__ledger_type", distinct=True, filter=in_year & Q(ledgerbook__books__gt=0)
            ),
        )
        .order_by()
        .values("code", "n_books", "n_types")
    )


def _ledgers(figures: dict, rows: list[dict] | None, community: Community | None, n) -> dict:
    # Most/fewest picked here, ties to the smaller code. One community in scope is its own
    # most and fewest.
    if community is not None:
        per_community = [(community.code, figures["n_books"], figures["n_types"])]
    else:
        per_community = [(row["code"], row["n_books"], row["n_types"]) for row in rows or []]

    def pick(rows: list) -> dict:
        if not rows:
            return {"community_code": None, "types": 0, "books": 0}
        code, n_books, n_types = rows[0]
        return {"community_code": code, "types": _int(n_types), "books": _int(n_books)}

    most = sorted(per_community, key=lambda r: (-_int(r[1]), r[0]))[:1]
    fewest = sorted(per_community, key=lambda r: (_int(r[1]), r[0]))[:1]
    total = _int(figures["n_books"])
    return {
        "types": _int(figures["n_types"]),
        "books": total,
        "books_per_community": ratio(total, n),
        "most": pick(most),
        "fewest": pick(fewest),
    }


REPORT_FIGURES = {"kinds": Count("report_form", distinct=True), "copies": Sum("count")}


def _reports(figures: dict, n) -> dict:
    copies = _int(figures["copies"])
    return {"kinds": _int(figures["kinds"]), "copies": copies, "copies_per_community": ratio(copies, n)}


_ISSUED, _CLASS_C = Q(outcome="issued"), Q(kind__cert_class="C")
CERTIFICATE_FIGURES = {
    "kinds": Count("kind", distinct=True),
    "units": Count("kind__requested_by", distinct=True),
    "frequent": Count("kind", distinct=True, filter=Q(kind__frequency="frequent")),
    "general": Count("kind", distinct=True, filter=Q(kind__frequency="general")),
    "occasional": Count("kind", distinct=True, filter=Q(kind__frequency="occasional")),
    "class_c": Count("kind", distinct=True, filter=_CLASS_C),
    "issued": Sum("count", filter=_ISSUED),
    "issued_class_c": Sum("count", filter=_ISSUED & _CLASS_C),
    "refused": Sum("count", filter=Q(outcome="refused")),
    "redirected": Sum("count", filter=Q(outcome="redirected")),
    "pledged": Sum("count", filter=Q(outcome="pledged")),
}


def _certificates(figures: dict, n) -> dict:
    kinds = _int(figures["kinds"])
    issued_total = _int(figures["issued"])
    return {
        "kinds": kinds,
        "requesting_units": _int(figures["units"]),
        "frequent_kinds": _int(figures["frequent"]),
        "general_kinds": _int(figures["general"]),
        "occasional_kinds": _int(figures["occasional"]),
        "class_c_kinds": _int(figures["class_c"]),
        "class_c_share": share(figures["class_c"], kinds),
        "issued": issued_total,
        "issued_per_community": ratio(issued_total, n),
        "issued_class_c": _int(figures["issued_class_c"]),
        "refused": _int(figures["refused"]),
        "redirected": _int(figures["redirected"]),
        "pledged": _int(figures["pledged"]),
    }


def _platform_rows(usage: QuerySet) -> QuerySet:
    """Usage hours per platform in use with its catalog fields (rows bounded by the platform
    catalog): the repeated fields are counted in Python, NFKC folding is not portable SQL."""
    return (
        usage.values("platform")
        .annotate(department=F("platform__department"), fields=F("platform__fields"), h=Sum("hours"))
        .order_by()
    )


def _platforms(per_platform: list[dict]) -> dict:
    seen: Counter[str] = Counter()
    departments = set()
    count = 0
    hours = Decimal(0)
    any_hours = False
    for row in per_platform:
        count += 1
        departments.add(row["department"])
        seen.update(_field_names(row["fields"]))
        if row["h"] is not None:
            hours += row["h"]
            any_hours = True
    departments.discard(None)
    repeated = sorted(name for name, platforms in seen.items() if platforms >= 2)
    return {
        "count": count,
        "departments": len(departments),
        "hours": one(hours if any_hours else None),
        "repeated_fields": len(repeated),
        "repeated_field_names": repeated,
    }


MEETING_FIGURES = {
    "total": Sum("count"),
    "n_hours": Sum(ExpressionWrapper(F("count") * F("hours"), output_field=MONEY)),
    "seat_filling": Sum("count", filter=Q(purpose="seat_filling")),
}


def _meetings(figures: dict, n) -> dict:
    total = _int(figures["total"])
    return {
        "total": total,
        "per_community": ratio(total, n),
        "hours": one(figures["n_hours"]),
        "seat_filling": _int(figures["seat_filling"]),
    }


def _temporary(by_kind: list[dict], n) -> dict:
    by_kind_dict = {row["kind"]: _int(row["n"]) for row in by_kind}
    total = sum(by_kind_dict.values())
    return {"total": total, "per_community": ratio(total, n), "by_kind": by_kind_dict}


def reports_filed(qs: QuerySet) -> QuerySet:
    """报表报送 that count as copies submitted: not the rows of forms sent out and not yet filed
    (待报送, dated on their due date). Every face of the report counts these."""
    return qs.exclude(status=SubmissionStatus.DUE)


def signboards_standing(qs: QuerySet, as_of: date) -> QuerySet:
    """Boards and bodies standing on ``as_of`` (the rule is the model's: ``Signboard.standing_q``)."""
    return qs.filter(Signboard.standing_q(as_of))


def _signboard_rows(standing: QuerySet) -> QuerySet:
    """One row per community with boards (bounded by the communities in scope)."""
    return (
        standing.values("community")
        .annotate(boards=Sum("count", filter=Q(kind="board")), bodies=Sum("count", filter=Q(kind="body")))
        .order_by()
    )


def _signboards(per_community: list[dict]) -> dict:
    boards = [_int(row["boards"]) for row in per_community]
    bodies = [_int(row["bodies"]) for row in per_community]
    return {
        "boards": sum(boards),
        "boards_max_per_community": max(boards, default=0),
        "bodies": sum(bodies),
        "bodies_max_per_community": max(bodies, default=0),
    }


def _hours(by_category: list[dict], workers) -> dict:
    """One scan of the work logs: hours and unapproved hours per category."""
    rows = [(row["category"], _dec(row["h"]), _dec(row["unapproved"])) for row in by_category]
    total = sum((h for _, h, _ in rows), Decimal(0))
    unapproved = sum((u for _, _, u in rows), Decimal(0))
    return {
        "total": one(total),
        "per_worker": ratio(total, workers),
        "unapproved_share": share(unapproved, total),
        "by_category": {category: one(h) for category, h, _ in rows},
    }


# --- the narrative -----------------------------------------------------------------------------
def _num(value: float) -> str:
    """A figure as the survey prints it: 140.0 → 140, 79.07 → 79.07."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value}"


def narrative(report: dict[str, Any], *, label: str = "") -> list[str]:
    """Chinese sentences in the style of the seed-000 survey, built from the figures (the
    contract's `narrative`: always Chinese, whatever the request's language)."""
    with translation.override("zh-hans"):
        return narrative_sentences(report, label=label)


def narrative_sentences(report: dict[str, Any], *, label: str) -> list[str]:
    """The narrative in the active language (the report page shows it in the UI's language).

    One community in scope reads as one community ("本社区有41类171本台账"), not as averages
    and most/fewest over a single community."""
    n = report["communities"]
    unit = label or report["scope"]
    if not n:
        return [
            gettext("%(year)s年，%(unit)s范围内没有社区，无负担数据。")
            % {"year": report["year"], "unit": unit}
        ]
    t, i, lg, r = report["tasks"], report["inspections"], report["ledgers"], report["reports"]
    c, p, m, tmp = report["certificates"], report["platforms"], report["meetings"], report["temporary"]
    s, st, h, f = report["signboards"], report["staff"], report["hours"], report["funding"]
    one = n == 1
    if one:
        where = gettext("在%(unit)s") % {"unit": unit}
    else:
        where = gettext("在统计的%(communities)s中") % {
            "communities": ngettext("%(n)s个社区", "%(n)s个社区", n) % {"n": n}
        }
    sentences = []
    heavy = [row["department"] for row in t["by_department"][:4] if row["items"] > 0]
    sentence = gettext("（一）承接的管理服务多。") + gettext(
        "%(year)s年%(where)s，有%(departments)s的%(items)s下沉到社区"
    ) % {
        "year": report["year"],
        "where": where,
        "departments": ngettext("%(n)s个部门", "%(n)s个部门", t["departments"]) % {"n": t["departments"]},
        "items": ngettext("%(n)s项工作", "%(n)s项工作", t["items"]) % {"n": t["items"]},
    }
    if heavy:
        sentence += gettext("，任务比较多的是%(names)s等部门") % {"names": gettext("、").join(heavy)}
    sentences.append(sentence + gettext("。"))
    sentences.append(
        gettext(
            "这些工作中，行政管理事务%(admin)s项，占%(admin_share)s%%；服务性事务%(service)s项，占%(service_share)s%%。"
        )
        % {
            "admin": t["administrative_items"],
            "admin_share": f"{t['administrative_share']:.2f}",
            "service": t["service_items"],
            "service_share": f"{t['service_share']:.2f}",
        }
    )
    sentences.append(
        gettext(
            "下沉任务共%(assignments)s件次，其中未经准入%(unapproved)s件次，占%(share)s%%；"
            "属于负面清单的事项%(negative)s项，未配套经费的行政管理事项%(unfunded)s项。"
        )
        % {
            "assignments": t["assignments"],
            "unapproved": t["unapproved_assignments"],
            "share": f"{t['unapproved_share']:.2f}",
            "negative": t["negative_list_items"],
            "unfunded": t["unfunded_administrative_items"],
        }
    )
    figures = {
        "departments": i["departments"],
        "kinds": i["kinds"],
        "total": i["total"],
        "per": _num(i["per_community"]),
        "veto": i["veto"],
        "hours": _num(i["prep_hours"]),
    }
    sentences.append(
        gettext("（二）应对的检查考核多。")
        + gettext("对社区工作进行检查考核的有%(departments)s个部门，涉及各类事务%(kinds)s项，共%(total)s次")
        % figures
        + ("" if one else gettext("，平均每个社区一年要应对%(per)s次检查考核") % figures)
        + gettext("，其中实行“一票否决”的%(veto)s次，迎检准备耗时%(hours)s小时。") % figures
    )
    most, fewest = lg["most"], lg["fewest"]
    if one:
        ledgers = gettext("本社区有%(types)s类%(books)s本台账；") % {
            "types": most["types"],
            "books": most["books"],
        }
        reports = gettext("每年要填报%(kinds)s种、%(copies)s份各类统计报表。")
    else:
        ledgers = gettext(
            "台账资料最多的社区有%(most_types)s类%(most_books)s本，最少的社区也有%(fewest_types)s类%(fewest_books)s本，"
            "平均每个社区有各类台账%(per)s本；"
        ) % {
            "most_types": most["types"],
            "most_books": most["books"],
            "fewest_types": fewest["types"],
            "fewest_books": fewest["books"],
            "per": _num(lg["books_per_community"]),
        }
        reports = gettext("每年要填报%(kinds)s种、%(copies)s份各类统计报表，平均每个社区%(per)s份。")
    sentences.append(
        gettext("（三）完成的台账报表多。")
        + ledgers
        + reports % {"kinds": r["kinds"], "copies": r["copies"], "per": _num(r["copies_per_community"])}
    )
    issued = (
        gettext("本社区全年出具各类证明%(issued)s份，其中不该出具而仍出具的%(class_c)s份。")
        if one
        else gettext("每个社区每年出具各类证明%(per)s份，其中不该出具而仍出具的%(class_c)s份。")
    )
    sentences.append(
        gettext("（四）出具的证明盖章多。")
        + gettext(
            "要求社区出具证明盖章的涉及%(units)s个部门单位、%(kinds)s个事项，其中经常盖章的有%(frequent)s项，"
            "一般性的%(general)s项，偶尔盖章的%(occasional)s项；不该由社区出具的事项%(class_c_kinds)s项，"
            "占%(share)s%%。"
        )
        % {
            "units": c["requesting_units"],
            "kinds": c["kinds"],
            "frequent": c["frequent_kinds"],
            "general": c["general_kinds"],
            "occasional": c["occasional_kinds"],
            "class_c_kinds": c["class_c_kinds"],
            "share": f"{c['class_c_share']:.2f}",
        }
        + issued
        % {"issued": c["issued"], "per": _num(c["issued_per_community"]), "class_c": c["issued_class_c"]}
    )
    sentences.append(
        gettext("（五）连接的信息网络多。")
        + gettext(
            "延伸到社区的网络平台有%(count)s个，来自%(departments)s个部门，社区录入耗时%(hours)s小时，"
            "有%(repeated)s项信息在两个以上平台重复录入。"
        )
        % {
            "count": p["count"],
            "departments": p["departments"],
            "hours": _num(p["hours"]),
            "repeated": p["repeated_fields"],
        }
    )
    kinds = gettext("、").join(
        gettext("%(kind)s%(n)s次") % {"kind": TEMPORARY_LABELS.get(k, k), "n": v}
        for k, v in tmp["by_kind"].items()
    )
    meetings = {"per": _num(m["per_community"]), "total": m["total"], "hours": _num(m["hours"])}
    sentences.append(
        gettext("（六）承担的临时任务多。")
        + (
            gettext("本社区全年参加会议%(total)s次、%(hours)s小时") % meetings
            if one
            else gettext("每个社区每年要参加%(per)s次会议，共%(total)s次、%(hours)s小时") % meetings
        )
        + gettext("，其中纯粹凑人数的%(seat_filling)s次；临时性、突击性任务和摊派共%(temporary)s次")
        % {"seat_filling": m["seat_filling"], "temporary": tmp["total"]}
        + (gettext("（%(kinds)s）") % {"kinds": kinds} if kinds else "")
        + gettext("。")
    )
    boards = {
        "boards": s["boards"],
        "boards_max": s["boards_max_per_community"],
        "bodies": s["bodies"],
        "bodies_max": s["bodies_max_per_community"],
    }
    sentences.append(
        gettext("（七）悬挂的各类牌子多。")
        + (
            gettext("共悬挂各种牌子%(boards)s块；各类机构和领导小组%(bodies)s个。") % boards
            if one
            else gettext(
                "共悬挂各种牌子%(boards)s块，最多的社区有%(boards_max)s块；"
                "各类机构和领导小组%(bodies)s个，最多的社区有%(bodies_max)s个。"
            )
            % boards
        )
    )
    sentences.append(
        gettext(
            "社区工作人员%(workers)s人、社工%(social_workers)s人，服务%(households)s户，"
            "每名社工服务%(per)s户（标准为500户），按标准尚缺社工%(shortfall)s名。"
        )
        % {
            "workers": st["workers"],
            "social_workers": st["social_workers"],
            "households": st["households"],
            "per": _num(st["households_per_social_worker"]),
            "shortfall": st["social_worker_shortfall"],
        }
    )
    sentences.append(
        gettext(
            "全年记录承接工作%(hours)s小时，人均%(per_worker)s小时，其中未经准入的占%(share)s%%；"
            "社区年度工作经费合计%(annual)s元，随事项配套的经费%(task_funds)s元。"
        )
        % {
            "hours": _num(h["total"]),
            "per_worker": _num(h["per_worker"]),
            "share": f"{h['unapproved_share']:.2f}",
            "annual": _num(f["annual_funds"]),
            "task_funds": _num(f["task_funds"]),
        }
    )
    return sentences


TEMPORARY_LABELS = dict(TemporaryTask.Kind.choices)
