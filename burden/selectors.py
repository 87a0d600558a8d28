"""Reads of the burden app: who may see which report scope, snapshots, and the dashboards'
breakdowns. Every breakdown is one aggregate query (subqueries per burden kind), so a
dashboard's query count does not grow with the number of records."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractMonth, TruncWeek
from django.utils.translation import gettext_lazy

from certificates.models import CertificateRecord
from inspections.models import Inspection, Meeting, Signboard, TemporaryTask
from ledgers.models import LedgerBook, ReportSubmission
from organisation.models import Community, Department, District, Street
from organisation.scoping import Scope, scope_for
from tasks.models import TaskAssignment, WorkLog

from .calculations import (
    SOCIAL_WORKER_STANDARD,
    parse_scope,
    ratio,
    reports_filed,
    share,
    signboards_standing,
)
from .models import BurdenSnapshot, SnapshotJob

DEC = DecimalField(max_digits=20, decimal_places=2)


# --- scopes ------------------------------------------------------------------------------------
def default_scope(*, user) -> str | None:
    """The report scope a user sees by default: its own unit (None for department officers)."""
    scope = scope_for(user)
    if scope.everything:
        return "all"
    if scope.community_id:
        return f"community:{Community.objects.values_list('code', flat=True).get(pk=scope.community_id)}"
    if scope.street_id:
        return f"street:{Street.objects.values_list('code', flat=True).get(pk=scope.street_id)}"
    if scope.district_id:
        return f"district:{District.objects.values_list('name', flat=True).get(pk=scope.district_id)}"
    return None


def scope_allowed(*, user, scope: str) -> bool:
    """Whether the report scope lies inside the user's own unit (department officers: never)."""
    s: Scope = scope_for(user)
    if s.everything:
        return True
    if s.nothing or s.is_department:
        return False
    kind, _, key = scope.partition(":")
    if kind == "district":
        return bool(s.district_id) and District.objects.filter(pk=s.district_id, name=key).exists()
    if kind == "street":
        streets = Street.objects.filter(code=key)
        if s.street_id:
            return streets.filter(pk=s.street_id).exists()
        return bool(s.district_id) and streets.filter(district=s.district_id).exists()
    if kind == "community":
        return Community.objects.visible_to(s).filter(code=key).exists()
    return False


def all_scopes() -> list[str]:
    """Every scope the nightly run refreshes: all, each district, street and community."""
    return (
        ["all"]
        + [f"district:{n}" for n in District.objects.order_by("name").values_list("name", flat=True)]
        + [f"street:{c}" for c in Street.objects.order_by("code").values_list("code", flat=True)]
        + [f"community:{c}" for c in Community.objects.order_by("code").values_list("code", flat=True)]
    )


def snapshot_get(*, scope: str, year: int) -> BurdenSnapshot | None:
    return BurdenSnapshot.objects.filter(scope=scope, year=year).first()


def dashboard_stamps(*, scope: Scope, year: int) -> dict[str, Any] | None:
    """What a dashboard's cache key is made of, in one small statement: the scope text of the
    user's unit, the unit's name, and ``(scope, pk, computed_at)`` of each snapshot the page
    reads (the unit's own and, for a community, its street's; pk None: no snapshot). None for a
    department officer or a user without a unit.

    Hand-written: it runs on every dashboard request, and compiling the same join through the
    ORM costs more than running it. Table names come from the models, values are parameters."""
    snap = BurdenSnapshot._meta.db_table
    own = f'LEFT JOIN "{snap}" own ON own.year = %s AND own.scope = '
    if scope.everything:
        select, source, params = "'all', ''", "(SELECT 1) u " + own + "'all'", [year]
    elif scope.is_department or scope.nothing:
        return None
    elif scope.community_id:
        select = "'community:' || u.code, u.name"
        source = (
            f'"{Community._meta.db_table}" u JOIN "{Street._meta.db_table}" s ON s.id = u.street_id '
            f"{own}'community:' || u.code "
            f"LEFT JOIN \"{snap}\" st ON st.year = %s AND st.scope = 'street:' || s.code WHERE u.id = %s"
        )
        select += ", own.id, own.computed_at, 'street:' || s.code, st.id, st.computed_at"
        params = [year, year, scope.community_id]
    elif scope.street_id:
        select = "'street:' || u.code, u.name"
        source = f"\"{Street._meta.db_table}\" u {own}'street:' || u.code WHERE u.id = %s"
        params = [year, scope.street_id]
    elif scope.district_id:
        select = "'district:' || u.name, u.name"
        source = f"\"{District._meta.db_table}\" u {own}'district:' || u.name WHERE u.id = %s"
        params = [year, scope.district_id]
    else:
        return None
    if not scope.community_id:
        select += ", own.id, own.computed_at"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {source}", params)  # noqa: S608 - see the docstring
        row = cursor.fetchone()
    if row is None:
        return None
    text, name, *stamps = row
    return {
        "scope": text,
        "name": name,
        "stamps": [(text, *stamps[:2])] + ([tuple(stamps[2:5])] if len(stamps) > 2 else []),
    }


def report_for(*, scope: str, year: int) -> tuple[dict[str, Any], BurdenSnapshot | None]:
    """The report of a scope: its snapshot when there is one, else computed now (not stored)."""
    from .calculations import burden_report

    snapshot = snapshot_get(scope=parse_scope(scope).text, year=year)
    if snapshot is not None:
        return snapshot.data, snapshot
    return burden_report(scope=scope, year=year), None


def job_get(*, user, job_id: int) -> SnapshotJob | None:
    """A recompute job, visible to whoever started it, and to users whose unit holds every scope
    the job computes (a district admin watches their streets' jobs, never another district's)."""
    job = SnapshotJob.objects.filter(pk=job_id).first()
    if job is None or scope_for(user).everything:
        return job
    if job.requested_by_id is not None and job.requested_by_id == user.pk:
        return job
    if job.scopes and all(scope_allowed(user=user, scope=str(scope)) for scope in job.scopes):
        return job
    return None


# --- dashboard breakdowns ----------------------------------------------------------------------
def _kind_querysets(year: int, department_id: int | None) -> dict[str, tuple[QuerySet, str]]:
    """Per burden kind: the year's rows and the field summed ('count' unless said otherwise)."""
    start, end = date(year, 1, 1), date(year, 12, 31)

    def by_dept(qs, path):
        return qs.filter(**{path: department_id}) if department_id else qs

    return {
        "assignments": (
            by_dept(TaskAssignment.objects.filter(assigned_on__range=(start, end)), "task_item__department"),
            "count",
        ),
        "inspections": (
            by_dept(Inspection.objects.held().filter(date__range=(start, end)), "department"),
            "count",
        ),
        "ledger_books": (by_dept(LedgerBook.objects.filter(year=year), "ledger_type__department"), "books"),
        "report_copies": (
            by_dept(
                reports_filed(ReportSubmission.objects.filter(date__range=(start, end))),
                "report_form__department",
            ),
            "count",
        ),
        "certificates": (
            # Certificates are asked for by units named in text, not by departments: none for one.
            CertificateRecord.objects.none()
            if department_id
            else CertificateRecord.objects.filter(date__range=(start, end), outcome="issued"),
            "count",
        ),
        "meetings": (by_dept(Meeting.objects.filter(date__range=(start, end)), "department"), "count"),
        "temporary": (by_dept(TemporaryTask.objects.filter(date__range=(start, end)), "department"), "count"),
        "boards": (by_dept(signboards_standing(Signboard.objects.all(), end), "department"), "count"),
        "hours": (by_dept(WorkLog.objects.filter(date__range=(start, end)), "department"), "hours"),
    }


BURDEN_KINDS = [  # labels are lazy: read them with str() where they are shown
    ("assignments", gettext_lazy("下沉任务")),
    ("inspections", gettext_lazy("检查考核")),
    ("ledger_books", gettext_lazy("台账本数")),
    ("report_copies", gettext_lazy("报表份数")),
    ("certificates", gettext_lazy("出具证明")),
    ("meetings", gettext_lazy("会议")),
    ("temporary", gettext_lazy("临时任务")),
    ("boards", gettext_lazy("挂牌")),
    ("hours", gettext_lazy("工时")),
]


def community_breakdown(*, communities: QuerySet, year: int, department_id: int | None = None) -> list[dict]:
    """One row per community in scope: each burden kind, unapproved-hours share, class C issued
    anyway and households per social worker.

    One GROUP BY community per register (a constant ten queries, each one scan of the scope's
    rows; rows bounded by the communities), figures that share a register read in the same scan."""
    kinds = _kind_querysets(year, department_id)
    in_scope = communities.values("pk")

    def grouped(key: str, **extra) -> dict:
        qs, field = kinds[key]
        rows = (
            qs.filter(community__in=in_scope)
            .order_by()
            .values("community")
            .annotate(v=Sum(field), **{name: Sum(field, filter=q) for name, q in extra.items()})
        )
        return {row.pop("community"): row for row in rows}

    sums = {key: grouped(key) for key in kinds if key not in ("assignments", "certificates", "hours")}
    sums["assignments"] = grouped("assignments", unapproved_assignments=Q(approved=False))
    sums["certificates"] = grouped("certificates", class_c_issued=Q(kind__cert_class="C"))
    sums["hours"] = grouped("hours", unapproved_hours=Q(approved=False))
    extra = {
        "unapproved_hours": "hours",
        "class_c_issued": "certificates",
        "unapproved_assignments": "assignments",
    }
    rows = list(
        communities.order_by("code").values(
            "pk", "code", "name", "street__name", "households", "social_workers", "staff"
        )
    )
    for row in rows:
        hours = sums["hours"].get(row["pk"], {})
        for key in kinds:
            value = sums[key].get(row["pk"], {}).get("v") or 0
            row[key] = float(value) if key == "hours" else int(value)
        for key, kind in extra.items():
            value = sums[kind].get(row["pk"], {}).get(key) or 0
            row[key] = float(value) if key == "unapproved_hours" else int(value)
        # As the report computes them (burden.calculations): half-up, 0 for an empty denominator.
        row["unapproved_share"] = share(hours.get("unapproved_hours"), hours.get("v"))
        row["households_per_social_worker"] = ratio(row["households"], row["social_workers"])
        # Households beyond what its social workers cover at the standard of 500 each (all of
        # them when it has none; negative when it is staffed above the standard).
        row["above_standard"] = row["households"] - SOCIAL_WORKER_STANDARD * row["social_workers"]
    return rows


def monthly_trend(*, communities: QuerySet, year: int, department_id: int | None = None) -> dict[str, list]:
    """Per burden kind with a date, the twelve monthly totals (one query per kind)."""
    kinds = _kind_querysets(year, department_id)
    result = {}
    for key, date_field in (
        ("assignments", "assigned_on"),
        ("inspections", "date"),
        ("report_copies", "date"),
        ("certificates", "date"),
        ("meetings", "date"),
        ("temporary", "date"),
        ("hours", "date"),
    ):
        qs, field = kinds[key]
        months = [0] * 12
        rows = (
            qs.filter(community__in=communities.values("pk"))
            .annotate(m=ExtractMonth(date_field))
            .values("m")
            .annotate(v=Sum(field))
            .order_by("m")
        )
        for row in rows:
            months[row["m"] - 1] = float(row["v"] or 0) if key == "hours" else int(row["v"] or 0)
        result[key] = months
    return result


def weekly_inspections(*, communities: QuerySet, year: int, department_id: int | None = None) -> list[dict]:
    """Inspections per week (the week's Monday and the count), one query."""
    qs = _kind_querysets(year, department_id)["inspections"][0]
    rows = (
        qs.filter(community__in=communities.values("pk"))
        .annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(n=Sum("count"))
        .order_by("week")
    )
    return [{"week": row["week"].isoformat()[:10], "n": int(row["n"] or 0)} for row in rows]


def _grouped(qs: QuerySet, path: str, field: str = "count") -> dict:
    """{group key: Σ field} over qs grouped by ``path``: one scan, one row per group."""
    return dict(qs.order_by().values(path).annotate(v=Sum(field)).values_list(path, "v"))


def department_breakdown(*, communities: QuerySet, year: int, department_id: int | None = None) -> list[dict]:
    """The burden each department imposes on the communities in scope, ranked by its
    assignments + inspections + meetings + temporary tasks. Departments only, never staff.

    One GROUP BY department per register (a constant dozen queries, each one scan of the
    scope's rows; rows bounded by the departments), not one correlated subquery per department."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    in_scope = communities.values("pk")

    def scoped(qs, path):
        qs = qs.filter(community__in=in_scope)
        return qs.filter(**{path: department_id}) if department_id else qs

    admin = Q(task_item__nature="administrative")
    tasks = {
        row.pop("d"): row
        for row in scoped(
            TaskAssignment.objects.filter(assigned_on__range=(start, end)), "task_item__department"
        )
        .order_by()
        .values(d=F("task_item__department"))
        .annotate(
            items=Count("task_item", distinct=True),
            administrative_items=Count("task_item", distinct=True, filter=admin),
            funded_administrative_items=Count(
                "task_item", distinct=True, filter=admin & Q(task_item__funds_per_year__gt=0)
            ),
            assignments=Sum("count"),
            unapproved=Sum("count", filter=Q(approved=False)),
        )
    }
    per = {
        "inspections": _grouped(
            scoped(Inspection.objects.held().filter(date__range=(start, end)), "department"), "department"
        ),
        "meetings": _grouped(
            scoped(Meeting.objects.filter(date__range=(start, end)), "department"), "department"
        ),
        "temporary": _grouped(
            scoped(TemporaryTask.objects.filter(date__range=(start, end)), "department"), "department"
        ),
        "ledger_books": _grouped(
            scoped(LedgerBook.objects.filter(year=year), "ledger_type__department"),
            "ledger_type__department",
            "books",
        ),
        "report_copies": _grouped(
            scoped(
                reports_filed(ReportSubmission.objects.filter(date__range=(start, end))),
                "report_form__department",
            ),
            "report_form__department",
        ),
        "hours": _grouped(
            scoped(WorkLog.objects.filter(date__range=(start, end)), "department"), "department", "hours"
        ),
    }
    departments = Department.objects.all()
    if department_id:
        departments = departments.filter(pk=department_id)
    rows = []
    for pk, code, name in departments.values_list("pk", "code", "name"):
        t = tasks.get(pk, {})
        row = {
            "pk": pk,
            "code": code,
            "name": name,
            "items": int(t.get("items") or 0),
            "administrative_items": int(t.get("administrative_items") or 0),
            "funded_administrative_items": int(t.get("funded_administrative_items") or 0),
            "assignments": int(t.get("assignments") or 0),
            "unapproved": int(t.get("unapproved") or 0),
        }
        for key in ("inspections", "meetings", "temporary", "ledger_books", "report_copies"):
            row[key] = int(per[key].get(pk) or 0)
        row["hours"] = float(per["hours"].get(pk) or 0)
        row["burden"] = row["assignments"] + row["inspections"] + row["meetings"] + row["temporary"]
        if (
            row["burden"] > 0
            or row["ledger_books"] > 0
            or row["report_copies"] > 0
            or row["hours"] > 0
            or (pk == department_id)
        ):
            rows.append(row)
    rows.sort(key=lambda r: (-r["burden"], r["code"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
        row["funds_followed_share"] = share(row["funded_administrative_items"], row["administrative_items"])
        row["unapproved_share"] = share(row["unapproved"], row["assignments"])
    return rows


def street_breakdown(*, streets: QuerySet, year: int) -> list[dict]:
    """Each street's totals by burden kind, ranked by the sum of its counts: one GROUP BY street
    per register (a constant handful of queries, one scan each)."""
    kinds = _kind_querysets(year, None)
    rows = list(
        streets.annotate(n_communities=Count("communities", distinct=True))
        .order_by("code")
        .values("pk", "code", "name", "n_communities")
    )
    in_scope = Community.objects.filter(street__in=[r["pk"] for r in rows]).values("pk")
    sums = {
        key: _grouped(qs.filter(community__in=in_scope), "community__street", field)
        for key, (qs, field) in kinds.items()
    }
    for row in rows:
        for key in kinds:
            value = sums[key].get(row["pk"]) or 0
            row[key] = float(value) if key == "hours" else int(value)
        row["burden"] = sum(row[k] for k in ("assignments", "inspections", "meetings", "temporary"))
        row["per_community"] = round(row["burden"] / row["n_communities"], 1) if row["n_communities"] else 0.0
    rows.sort(key=lambda r: (-r["burden"], r["code"]))
    return rows


def dashboard_tables(*, scope: str, year: int) -> dict[str, Any]:
    """The dashboards' heavy tables of a report scope, stored in its snapshot (JSON-safe).

    Every scope: the monthly ``trend``; a street, district or ``all`` also: the ``communities``
    breakdown and ``weekly`` inspections; a district or ``all`` also: the ``streets`` and
    ``departments`` rankings (without the live 民主评议 ratings)."""
    parsed = parse_scope(scope)
    communities = Community.objects.filter(parsed.community_q)
    tables: dict[str, Any] = {"trend": monthly_trend(communities=communities, year=year)}
    if parsed.kind == "community":
        return tables
    tables["communities"] = community_breakdown(communities=communities, year=year)
    tables["weekly"] = weekly_inspections(communities=communities, year=year)
    if parsed.kind in ("district", "all"):
        streets = Street.objects.all()
        if parsed.kind == "district":
            streets = streets.filter(district__name=parsed.text.partition(":")[2])
        tables["streets"] = street_breakdown(streets=streets, year=year)
        tables["departments"] = department_breakdown(communities=communities, year=year)
    return tables


def snapshot_tables(snapshot: BurdenSnapshot | None, *keys: str) -> dict[str, Any] | None:
    """The snapshot's dashboard tables when it holds all of ``keys`` (else None: compute live)."""
    tables = snapshot.tables if snapshot is not None else None
    if tables and all(key in tables for key in keys):
        return tables
    return None


def department_ratings(*, user, year: int) -> dict[int, float]:
    """民主评议 averages (100-point scale) by department id, from the inspections app."""
    from inspections.selectors import department_rating_summary

    summary = department_rating_summary(user=user, year=year) or {}
    return {
        pk: float(values["average"]) for pk, values in summary.items() if values.get("average") is not None
    }
