"""Pages of the burden app: the dashboards by role, the survey report, recompute progress and
the drill-down record lists behind every chart."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from certificates.models import CertificateRecord
from communityops.excel import xlsx_response
from communityops.views import Column, RegisterListView, RoleRequiredMixin
from inspections.models import Inspection, Meeting, PlatformUsage, Signboard, TemporaryTask
from ledgers.models import LedgerBook, ReportSubmission
from organisation.models import Community, Department, Street
from tasks.models import TaskAssignment, WorkLog
from tasks.pagination import BoundedCountPaginator

from . import filtersets, selectors, services
from .calculations import narrative_sentences, parse_scope, reports_filed
from .exports import SECTIONS, report_json, report_markdown, report_xlsx

logger = logging.getLogger(__name__)

#: How long a dashboard body stays cached. Its key changes with every new snapshot, so this only
#: bounds the memory held by bodies of snapshots since replaced (the nightly run replaces all).
DASHBOARD_CACHE_SECONDS = 24 * 3600
TREND_LABELS = {
    "assignments": _("下沉任务"),
    "inspections": _("检查考核"),
    "report_copies": _("报表份数"),
    "certificates": _("出具证明"),
    "meetings": _("会议"),
    "temporary": _("临时任务"),
    "hours": _("工时"),
}
# Which drill-down list shows the records behind each burden kind.
KIND_RECORDS = {
    "assignments": ("assignments", {}),
    "inspections": ("inspections", {}),
    "ledger_books": ("ledgers", {}),
    "report_copies": ("reports", {}),
    "certificates": ("certificates", {"outcome": "issued"}),
    "meetings": ("meetings", {}),
    "temporary": ("temporary", {}),
    "boards": ("signboards", {"kind": "board"}),
    "hours": ("worklogs", {}),
    "unapproved_hours": ("worklogs", {"approved": "no"}),
    "unapproved_assignments": ("assignments", {"approved": "no"}),
    "class_c_issued": ("certificates", {"outcome": "issued", "cert_class": "C"}),
}


@lru_cache(maxsize=64)
def _records_path(records: str, prefix: str) -> str:
    return reverse("burden:records", args=[records])


def records_url(kind: str, **params: Any) -> str:
    """The drill-down list of a burden kind, filtered (a dashboard makes hundreds of these: the
    path is reversed once per list and script prefix)."""
    records, fixed = KIND_RECORDS[kind]
    query = {**fixed, **{k: v for k, v in params.items() if v not in (None, "")}}
    return f"{_records_path(records, get_script_prefix())}?{urlencode(query)}"


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


def _bar(chart_id, title, categories, series, *, horizontal=False, stack=False, kind="bar", mark=None):
    return {
        "id": chart_id,
        "title": str(title),
        "type": kind,
        "horizontal": horizontal,
        "stack": stack,
        "categories": categories,
        "series": series,
        "markLine": mark,
    }


class DashboardView(RoleRequiredMixin, TemplateView):
    """负担看板: the street's or district's home page; community heads and department officers
    get their own view of the same figures."""

    template_name = "burden/dashboard.html"

    def get(self, request, *args, **kwargs):
        self.year = _year(request)
        self.live = False  # set when anything on the page is computed from the records now
        self.ratings: dict[int, float] | None = None
        export = request.GET.get("export")
        if export:
            context = self._context_with_pairs()
            table = next((t for t in context["tables"] if t["name"] == export), None)
            if table is None:
                raise Http404
            return xlsx_response(
                f"{export}-{self.year}.xlsx", table["headers"], table["rows"], title=str(table["title"])
            )
        # The page's body (everything inside <main>) is cached when it is read from snapshots
        # alone: a snapshot never changes under its (scope, year, computed_at), so neither does
        # the body; a recompute stamps a new computed_at and so a new key.
        key = self._body_key()
        cached = _cache_get(key) if key else None
        if cached is not None:
            title, body = cached
            return self.render_to_response({"title": title, "body": mark_safe(body)})  # noqa: S308 - our own render
        context = self._context_with_pairs()
        body = render_to_string("burden/_dashboard_body.html", context)
        if key and not self.live:
            _cache_set(key, (str(context["title"]), body))
        return self.render_to_response({**context, "body": mark_safe(body)})  # noqa: S308 - rendered above

    def _context_with_pairs(self) -> dict[str, Any]:
        context = self.get_context_data()
        for table in context["tables"]:
            table["pairs"] = list(zip(table["links"], table["rows"], strict=True))
        return context

    def _body_key(self) -> str | None:
        """The cache key of this page's body, or None when it is not cached (department
        officers' pages and pages without a snapshot are computed live).

        The body is a function of: the snapshots it reads (the scope's own; a community's also
        its street's, for the street average), the names of the scope's unit, the 民主评议
        ratings (read live on a district's page), the language, the time zone, the current year
        (the year picker), the script prefix and the rendering code's digest. All of them go
        into the key, and the scope's text leads it, so one scope's page is never served to
        another. One small query (a
        district's page: two, with the ratings); a hit reads no record table and no snapshot JSON.
        """
        scope, year = self.scope, self.year
        found = selectors.dashboard_stamps(scope=scope, year=year)
        if found is None or any(pk is None for _, pk, _ in found["stamps"]):
            return None  # no snapshot: computed live, not cached
        scope_text = found["scope"]
        parts: list[Any] = [
            scope_text,
            scope.role,
            year,
            found["name"],
            [(text, pk, str(at)) for text, pk, at in found["stamps"]],
            translation.get_language(),
            timezone.get_current_timezone_name(),
            timezone.localdate().isoformat(),  # the year picker; future months/weeks left out
            get_script_prefix(),
            _body_code_version(),
        ]
        if scope.is_district:
            self.ratings = selectors.department_ratings(user=self.request.user, year=year)
            parts.append(sorted(self.ratings.items()))
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()
        return f"burden:dashboard:v1:{year}:{scope_text}:{digest}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope, user, year = self.scope, self.request.user, self.year
        context.update(
            year=year, years=list(range(timezone.localdate().year, timezone.localdate().year - 5, -1))
        )
        if scope.is_department:
            return self._department(context)
        scope_text = selectors.default_scope(user=user)
        report, snapshot = selectors.report_for(scope=scope_text, year=year)
        self.live = self.live or snapshot is None
        communities = Community.objects.visible_to(user)
        context.update(
            scope_text=scope_text, report=report, snapshot=snapshot, scope_label=parse_scope(scope_text).label
        )
        context["kpis"] = _kpis(report)
        if scope.is_community:
            return self._community(context, communities)
        # The heavy tables come from the scope's snapshot when it has them (same age as the
        # report above), else they are computed now.
        stored = selectors.snapshot_tables(
            snapshot,
            "communities",
            "trend",
            "weekly",
            *(("streets", "departments") if scope.is_district else ()),
        )
        if stored:
            rows, trend, weeks = stored["communities"], stored["trend"], stored["weekly"]
        else:
            self.live = True
            rows = selectors.community_breakdown(communities=communities, year=year)
            trend = selectors.monthly_trend(communities=communities, year=year)
            weeks = selectors.weekly_inspections(communities=communities, year=year)
        context["title"] = _("街道负担看板") if scope.is_street else _("全区负担看板")
        context["role"] = "street" if scope.is_street else "district"
        charts = [
            _bar(
                "by-community",
                _("各社区负担对比（按类别）"),
                [r["name"] for r in rows],
                [
                    {
                        "name": str(label),
                        "data": [r[key] for r in rows],
                        "links": [records_url(key, community=r["pk"], year=year) for r in rows],
                    }
                    for key, label in selectors.BURDEN_KINDS
                    if key not in ("hours", "ledger_books", "report_copies", "certificates")
                ],
            ),
            _trend_chart(trend, year),
            _bar(
                "unapproved",
                _("未经准入工时占比（%）"),
                [r["name"] for r in rows],
                [
                    {
                        "name": str(_("未经准入占比")),
                        "data": [r["unapproved_share"] for r in rows],
                        "links": [
                            records_url("unapproved_hours", community=r["pk"], year=year) for r in rows
                        ],
                    }
                ],
            ),
            _bar(
                "class-c",
                _("不应由社区出具却仍出具的证明（C类）"),
                [r["name"] for r in rows],
                [
                    {
                        "name": str(_("C类仍出具")),
                        "data": [r["class_c_issued"] for r in rows],
                        "links": [records_url("class_c_issued", community=r["pk"], year=year) for r in rows],
                    }
                ],
            ),
            _weekly_chart(weeks),
        ]
        staffing = sorted(rows, key=lambda r: (-r["above_standard"], r["code"]))
        charts.append(
            _bar(
                "staffing",
                _("每名社工服务户数（标准500户）"),
                [r["name"] for r in staffing],
                [
                    {
                        "name": str(_("户数/社工")),
                        "data": [r["households_per_social_worker"] for r in staffing],
                        "links": [
                            f"{reverse('organisation:community_list')}?q={r['code']}" for r in staffing
                        ],
                    }
                ],
                mark=500,
            )
        )
        context["charts"] = charts
        tables = [_community_table(rows, year), _staffing_table(staffing), _weekly_table(weeks)]
        if scope.is_district:
            if stored:
                streets, departments = stored["streets"], stored["departments"]
            else:
                streets = selectors.street_breakdown(streets=Street.objects.visible_to(user), year=year)
                departments = selectors.department_breakdown(communities=communities, year=year)
            ratings = self.ratings
            if ratings is None:
                ratings = selectors.department_ratings(user=user, year=year)
            for row in departments:
                row["rating"] = ratings.get(row["pk"])
            context["charts"].insert(
                0,
                _bar(
                    "departments",
                    _("各部门施加的负担（下沉任务+检查考核+会议+临时任务）"),
                    [d["name"] for d in departments[:15]][::-1],
                    [
                        {
                            "name": str(label),
                            "data": [d[key] for d in departments[:15]][::-1],
                            "links": [
                                records_url(key, department=d["pk"], year=year) for d in departments[:15]
                            ][::-1],
                        }
                        for key, label in (
                            ("assignments", _("下沉任务")),
                            ("inspections", _("检查考核")),
                            ("meetings", _("会议")),
                            ("temporary", _("临时任务")),
                        )
                    ],
                    horizontal=True,
                    stack=True,
                ),
            )
            context["charts"].insert(
                1,
                _bar(
                    "streets",
                    _("各街道平均每社区负担"),
                    [s["name"] for s in streets],
                    [
                        {
                            "name": str(_("平均每社区")),
                            "data": [s["per_community"] for s in streets],
                            "links": [
                                f"{reverse('burden:report')}?{urlencode({'scope': 'street:' + s['code'], 'year': year})}"
                                for s in streets
                            ],
                        }
                    ],
                ),
            )
            tables = [_department_table(departments, year, bool(ratings)), _street_table(streets)] + tables
        context["tables"] = tables
        return context

    def _community(self, context, communities):
        """A community's own figures against the average of its street's communities."""
        year, user = self.year, self.request.user
        own = Community.objects.select_related("street").get(pk=self.scope.community_id)
        # From the snapshots when they hold the tables: the street's (its communities) and the
        # community's own (its trend); else computed now.
        street = selectors.snapshot_tables(
            selectors.snapshot_get(scope=f"street:{own.street.code}", year=year), "communities"
        )
        if street and any(r["pk"] == own.pk for r in street["communities"]):
            rows = street["communities"]
        else:  # no snapshot yet, or one older than this community
            self.live = True
            rows = selectors.community_breakdown(
                communities=Community.objects.filter(street=own.street_id), year=year
            )
        mine = next(r for r in rows if r["pk"] == own.pk)
        kinds = [(k, label) for k, label in selectors.BURDEN_KINDS]
        average = {k: round(sum(r[k] for r in rows) / len(rows), 1) for k, _ in kinds}
        stored = selectors.snapshot_tables(context["snapshot"], "trend")
        self.live = self.live or not stored
        trend = stored["trend"] if stored else selectors.monthly_trend(communities=communities, year=year)
        context.update(title=_("本社区负担"), role="community", community=own)
        context["charts"] = [
            _bar(
                "vs-street",
                _("本社区与街道平均对比"),
                [str(label) for _, label in kinds],
                [
                    {
                        "name": own.name,
                        "data": [mine[k] for k, _ in kinds],
                        "links": [records_url(k, community=own.pk, year=year) for k, _ in kinds],
                    },
                    {
                        "name": str(_("街道平均")),
                        "data": [average[k] for k, _ in kinds],
                        "links": [records_url(k, year=year) for k, _ in kinds],
                    },
                ],
            ),
            _trend_chart(trend, year),
        ]
        context["tables"] = [
            {
                "name": "vs_street",
                "title": _("本社区与街道平均"),
                "headers": [str(_("类别")), own.name, str(_("街道平均"))],
                "rows": [[str(label), mine[k], average[k]] for k, label in kinds],
                "links": [records_url(k, community=own.pk, year=year) for k, _ in kinds],
            }
        ]
        del user
        return context

    def _department(self, context):
        """A department officer's view: the burden its own requests and records impose."""
        year, user = self.year, self.request.user
        department = Department.objects.get(pk=self.scope.department_id)
        communities = Community.objects.all()
        summary = selectors.department_breakdown(
            communities=communities, year=year, department_id=department.pk
        )
        rows = [
            r
            for r in selectors.community_breakdown(
                communities=communities, year=year, department_id=department.pk
            )
        ]
        trend = selectors.monthly_trend(communities=communities, year=year, department_id=department.pk)
        ratings = selectors.department_ratings(user=user, year=year)
        context.update(title=_("本部门施加的负担"), role="department", department=department)
        context["department_row"] = summary[0] if summary else None
        context["rating"] = ratings.get(department.pk)
        kinds = [(k, label) for k, label in selectors.BURDEN_KINDS if k not in ("certificates",)]
        context["charts"] = [
            _bar(
                "by-community",
                _("本部门在各社区的负担"),
                [r["name"] for r in rows],
                [
                    {
                        "name": str(label),
                        "data": [r[k] for r in rows],
                        "links": [
                            records_url(k, community=r["pk"], department=department.pk, year=year)
                            for r in rows
                        ],
                    }
                    for k, label in kinds
                    if k not in ("hours", "ledger_books", "report_copies")
                ],
                stack=True,
            ),
            _trend_chart(trend, year, department=department.pk),
        ]
        context["tables"] = [_community_table(rows, year, department=department.pk, kinds=kinds)]
        return context


@lru_cache(maxsize=1)
def _body_code_version() -> str:
    """A digest of what renders a dashboard body (this module, the selectors, the body template
    and the translations), so a deploy that changes any of them never serves a body rendered by
    the old code (the snapshots, and so the rest of the key, may not change until the night)."""
    here = Path(__file__).resolve().parent
    files = [
        here / "views.py",
        here / "selectors.py",
        here / "templates" / "burden" / "_dashboard_body.html",
        *sorted(here.glob("locale/*/LC_MESSAGES/django.mo")),
        *sorted(mo for path in settings.LOCALE_PATHS for mo in Path(path).glob("*/LC_MESSAGES/django.mo")),
    ]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def _cache_get(key: str) -> Any:
    """A cached page body, or None; a failing cache is a miss (the page is rendered)."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - the cache is an optimisation, never a reason to fail
        logger.warning("burden dashboard cache unavailable", exc_info=True)
        return None


def _cache_set(key: str, value: Any) -> None:
    try:
        cache.set(key, value, DASHBOARD_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - as above
        logger.warning("burden dashboard cache unavailable", exc_info=True)


def _kpis(report: dict) -> list[tuple[str, Any, str]]:
    """The dashboard's cards; one community in scope reads as one community (its own figures,
    no averages and no most/fewest)."""
    t, i, lg, c = report["tasks"], report["inspections"], report["ledgers"], report["certificates"]
    one = report["communities"] == 1
    ledgers = (
        (_("本社区台账"), lg["books"], _("%(k)s 类") % {"k": lg["most"]["types"]})
        if one
        else (
            _("平均每社区台账"),
            lg["books_per_community"],
            _("最多 %(a)s 本，最少 %(b)s 本") % {"a": lg["most"]["books"], "b": lg["fewest"]["books"]},
        )
    )
    return [
        (_("下沉事项"), t["items"], _("来自 %(n)s 个部门") % {"n": t["departments"]}),
        (
            _("行政管理事务占比"),
            f"{t['administrative_share']:.2f}%",
            _("%(n)s 项") % {"n": t["administrative_items"]},
        ),
        (
            _("本社区检查考核") if one else _("平均每社区检查考核"),
            i["total"] if one else i["per_community"],
            _("%(n)s 个部门、%(k)s 类事务") % {"n": i["departments"], "k": i["kinds"]},
        ),
        ledgers,
        (
            _("本社区出具证明") if one else _("平均每社区出具证明"),
            c["issued"] if one else c["issued_per_community"],
            _("C类占 %(s)s%%") % {"s": c["class_c_share"]},
        ),
        (
            _("本社区会议") if one else _("平均每社区会议"),
            report["meetings"]["total"] if one else report["meetings"]["per_community"],
            _("凑人数 %(n)s 次") % {"n": report["meetings"]["seat_filling"]},
        ),
        (
            _("未经准入工时占比"),
            f"{report['hours']['unapproved_share']:.2f}%",
            _("共 %(h)s 小时") % {"h": report["hours"]["total"]},
        ),
        (
            _("社工缺口"),
            report["staff"]["social_worker_shortfall"],
            _("每名社工 %(n)s 户") % {"n": report["staff"]["households_per_social_worker"]},
        ),
    ]


def _trend_chart(trend: dict, year: int, department: int | None = None) -> dict:
    """逐月趋势: months still to come are left out (null, not 0) and the current month, still
    running, is marked partial (drawn dashed)."""
    today = timezone.localdate()
    shown = 12 if year < today.year else (today.month if year == today.year else 0)

    def upto(values: list) -> list:
        return [v if m < shown else None for m, v in enumerate(values)]

    chart = _bar(
        "trend",
        _("逐月趋势"),
        [str(label) for label in filtersets.MONTH_LABELS],
        [
            {
                "name": str(TREND_LABELS[key]),
                "data": upto(trend[key]),
                "links": [records_url(key, month=m, year=year, department=department) for m in range(1, 13)],
            }
            # In a fixed order: a snapshot's trend comes back from jsonb with its keys reordered.
            for key in TREND_LABELS
            if key in trend and key != "hours"
        ],
        kind="line",
    )
    chart["partial"] = today.month - 1 if year == today.year else None
    return chart


def _weekly_chart(weeks: list[dict]) -> dict:
    """每周检查考核次数: weeks not yet begun are left out; the current week, still running, is
    marked partial (drawn dashed) so its low count does not read as a drop."""
    today = timezone.localdate()
    weeks = [w for w in weeks if w["week"] <= today.isoformat()]
    chart = _bar(
        "weekly",
        _("每周检查考核次数"),
        [w["week"] for w in weeks],
        [
            {
                "name": str(_("检查考核")),
                "data": [w["n"] for w in weeks],
                "links": [records_url("inspections", week=w["week"]) for w in weeks],
            }
        ],
        kind="line",
    )
    current = (today - timedelta(days=today.weekday())).isoformat()
    chart["partial"] = len(weeks) - 1 if weeks and weeks[-1]["week"] == current else None
    return chart


def _community_table(rows, year, department=None, kinds=None):
    kinds = kinds or selectors.BURDEN_KINDS
    return {
        "name": "communities",
        "title": _("各社区负担"),
        "headers": [str(_("社区")), str(_("街道"))]
        + [str(label) for _, label in kinds]
        + [str(_("未经准入工时占比(%)")), str(_("C类仍出具"))],
        "rows": [
            [r["name"], r["street__name"]]
            + [r[k] for k, _ in kinds]
            + [r["unapproved_share"], r["class_c_issued"]]
            for r in rows
        ],
        "links": [
            records_url("assignments", community=r["pk"], year=year, department=department) for r in rows
        ],
    }


def _staffing_table(rows):
    return {
        "name": "staffing",
        "title": _("人员配备与标准（每500户1名社工）"),
        "headers": [
            str(_("社区")),
            str(_("户数")),
            str(_("工作人员")),
            str(_("社工")),
            str(_("每名社工户数")),
            str(_("超出标准户数")),
        ],
        "rows": [
            [
                r["name"],
                r["households"],
                r["staff"],
                r["social_workers"],
                r["households_per_social_worker"],
                r["above_standard"],
            ]
            for r in rows
        ],
        "links": [f"{reverse('organisation:community_list')}?q={r['code']}" for r in rows],
    }


def _weekly_table(weeks):
    return {
        "name": "weekly",
        "title": _("每周检查考核"),
        "headers": [str(_("周起始日")), str(_("次数"))],
        "rows": [[w["week"], w["n"]] for w in weeks],
        "links": [records_url("inspections", week=w["week"]) for w in weeks],
    }


def _department_table(rows, year, with_rating):
    headers = [str(_("排名")), str(_("部门")), str(_("下沉事项")), str(_("下沉任务")), str(_("未经准入(%)")), str(_("配套经费事项占比(%)")),
               str(_("检查考核")), str(_("会议")), str(_("临时任务")), str(_("台账本数")), str(_("报表份数")), str(_("工时"))]  # fmt: skip
    if with_rating:
        headers.append(str(_("民主评议平均分")))
    return {
        "name": "departments",
        "title": _("各部门施加的负担排名（只排部门，不排个人）"),
        "headers": headers,
        "rows": [
            [
                r["rank"],
                r["name"],
                r["items"],
                r["assignments"],
                r["unapproved_share"],
                r["funds_followed_share"],
                r["inspections"],
                r["meetings"],
                r["temporary"],
                r["ledger_books"],
                r["report_copies"],
                r["hours"],
            ]
            + ([r.get("rating")] if with_rating else [])  # fmt: skip
            for r in rows
        ],
        "links": [records_url("assignments", department=r["pk"], year=year) for r in rows],
    }


def _street_table(rows):
    return {
        "name": "streets",
        "title": _("各街道负担"),
        "headers": [str(_("街道")), str(_("社区数"))]
        + [str(label) for _, label in selectors.BURDEN_KINDS]
        + [str(_("平均每社区"))],
        "rows": [
            [r["name"], r["n_communities"]] + [r[k] for k, _ in selectors.BURDEN_KINDS] + [r["per_community"]]
            for r in rows
        ],
        "links": [f"{reverse('burden:report')}?scope=street:{r['code']}" for r in rows],
    }


# --- the survey report -------------------------------------------------------------------------
class ReportView(RoleRequiredMixin, TemplateView):
    """负担统计报告: the narrative and tables of a scope inside the user's own, with downloads and
    an on-demand recompute. Department officers have their own view on the dashboard instead."""

    template_name = "burden/report.html"
    allowed_roles = ("community_staff", "community_head", "street_supervisor", "district_admin")

    def get(self, request, *args, **kwargs):
        year = _year(request)
        scope_text = request.GET.get("scope") or selectors.default_scope(user=request.user)
        try:
            parsed = parse_scope(scope_text)
        except ValidationError as exc:
            raise Http404 from exc
        if not selectors.scope_allowed(user=request.user, scope=parsed.text):
            raise Http404
        report, snapshot = selectors.report_for(scope=parsed.text, year=year)
        # The downloads are Chinese documents (headings, tables and the contract's narrative): their
        # title stays Chinese; the page's heading follows the UI language.
        with translation.override("zh-hans"):
            title = _report_title(parsed.label, year)
        page_title = _report_title(parsed.label, year)
        fmt = request.GET.get("format")
        if fmt == "xlsx":
            return xlsx_download(
                report_xlsx(report, title=title), f"burden-{parsed.text.replace(':', '-')}-{year}.xlsx"
            )
        if fmt == "md":
            return _download(
                report_markdown(report, title=title), "text/markdown; charset=utf-8", f"burden-{year}.md"
            )
        if fmt == "json":
            return _download(report_json(report), "application/json", f"burden-{year}.json")
        sections = [  # SECTIONS' Chinese labels are marked with gettext_noop: shown translated here
            (gettext(heading), [(gettext(label), report[section][key]) for key, label in rows])
            for section, heading, rows in SECTIONS
        ]
        return self.render_to_response(
            self.get_context_data(
                title=page_title,
                report=report,
                # The page reads the narrative in the UI's language (the JSON and downloads keep
                # the contract's Chinese sentences).
                narrative=narrative_sentences(report, label=parsed.label),
                snapshot=snapshot,
                scope_text=parsed.text,
                year=year,
                sections=sections,
            )
        )


def _report_title(label: str, year: int) -> str:
    return gettext("%(scope)s%(year)s年社区工作负担统计报告") % {"scope": label, "year": year}


def xlsx_download(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    from communityops.excel import XLSX_CONTENT_TYPE

    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _download(text: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RecomputeView(RoleRequiredMixin, View):
    """Start an on-demand recompute (htmx POST); answers with the progress fragment."""

    allowed_roles = ("community_head", "street_supervisor", "district_admin")

    def post(self, request):
        try:
            job = services.snapshot_job_start(
                user=request.user,
                scopes=[request.POST.get("scope", "")],
                year=int(request.POST.get("year") or 0),
            )
        except (ValidationError, ValueError) as exc:
            messages = getattr(exc, "messages", [str(exc)])
            text = escape(gettext("；").join(messages))  # a refusal may quote the scope as typed
            return HttpResponse(f'<div class="alert alert-danger">{text}</div>', status=400)
        job.refresh_from_db()
        return render(request, "burden/_job.html", {"job": job})


class JobStatusView(RoleRequiredMixin, View):
    """The progress fragment htmx polls until the job is finished."""

    def get(self, request, pk: int):
        job = selectors.job_get(user=request.user, job_id=pk)
        if job is None:
            raise Http404
        return render(request, "burden/_job.html", {"job": job})


# --- drill-down record lists -------------------------------------------------------------------
def _records(model, *related, counted=None):
    """The selector of a drill-down: the user's rows of ``model``, narrowed by ``counted`` to the
    rows the report and the charts count (held inspections, filed reports)."""

    def selector(*, user):
        rows = model.objects.visible_to(user)
        if counted is not None:
            rows = counted(rows)
        return rows.select_related("community", *related)

    return staticmethod(selector)


RECORD_LISTS: dict[str, dict[str, Any]] = {
    "assignments": dict(
        title=_("下沉任务"), filterset_class=filtersets.AssignmentFilterSet, selector=_records(TaskAssignment, "task_item__department"),
        paginator_class=BoundedCountPaginator,  # a district's assignments run to millions: never COUNT(*) them
        columns=(Column(_("下达日期"), "assigned_on"), Column(_("社区"), "community.name"), Column(_("事项"), "task_item.name"),
                 Column(_("部门"), "task_item.department.name"), Column(_("性质"), "task_item.nature"),
                 Column(_("经过准入"), "approved"), Column(_("数量"), "count")),
    ),
    "worklogs": dict(
        title=_("工作日志"), filterset_class=filtersets.WorkLogFilterSet, selector=_records(WorkLog, "department"),
        paginator_class=BoundedCountPaginator,
        columns=(Column(_("日期"), "date"), Column(_("社区"), "community.name"), Column(_("派出部门"), "department.name"),
                 Column(_("类别"), "category"), Column(_("工时"), "hours"), Column(_("经过准入"), "approved")),
    ),
    "inspections": dict(
        title=_("检查考核"), filterset_class=filtersets.InspectionFilterSet, selector=_records(Inspection, "department", counted=lambda qs: qs.held()),
        columns=(Column(_("日期"), "date"), Column(_("社区"), "community.name"), Column(_("部门"), "department.name"),
                 Column(_("检查事项"), "topic"), Column(_("形式"), "kind"), Column(_("一票否决"), "veto"),
                 Column(_("准备工时"), "prep_hours"), Column(_("次数"), "count")),
    ),
    "meetings": dict(
        title=_("会议"), filterset_class=filtersets.MeetingFilterSet, selector=_records(Meeting, "department"),
        columns=(Column(_("日期"), "date"), Column(_("社区"), "community.name"), Column(_("召集部门"), "department.name"),
                 Column(_("目的"), "purpose"), Column(_("时长(小时)"), "hours"), Column(_("次数"), "count")),
    ),
    "temporary": dict(
        title=_("临时任务"), filterset_class=filtersets.TemporaryFilterSet, selector=_records(TemporaryTask, "department"),
        columns=(Column(_("日期"), "date"), Column(_("社区"), "community.name"), Column(_("部门"), "department.name"),
                 Column(_("类别"), "kind"), Column(_("工时"), "hours"), Column(_("次数"), "count")),
    ),
    "reports": dict(
        title=_("报表报送"), filterset_class=filtersets.ReportFilterSet, selector=_records(ReportSubmission, "report_form__department", counted=reports_filed),
        columns=(Column(_("报送日期"), "date"), Column(_("社区"), "community.name"), Column(_("报表"), "report_form.name"),
                 Column(_("部门"), "report_form.department.name"), Column(_("份数"), "count")),
    ),
    "ledgers": dict(
        title=_("台账"), filterset_class=filtersets.LedgerFilterSet, selector=_records(LedgerBook, "ledger_type__department"),
        columns=(Column(_("年度"), "year"), Column(_("社区"), "community.name"), Column(_("台账类型"), "ledger_type.name"),
                 Column(_("部门"), "ledger_type.department.name"), Column(_("本数"), "books")),
    ),
    "platforms": dict(
        title=_("平台使用"), filterset_class=filtersets.PlatformUsageFilterSet, selector=_records(PlatformUsage, "platform__department"),
        columns=(Column(_("年度"), "year"), Column(_("社区"), "community.name"), Column(_("平台"), "platform.name"),
                 Column(_("主管部门"), "platform.department.name"), Column(_("工时"), "hours")),
    ),
    "certificates": dict(
        title=_("证明出具记录"), filterset_class=filtersets.CertificateFilterSet, selector=_records(CertificateRecord, "kind"),
        columns=(Column(_("日期"), "date"), Column(_("社区"), "community.name"), Column(_("证明事项"), "kind.name"),
                 Column(_("类别"), "kind.cert_class"), Column(_("要求出具单位"), "kind.requested_by"),
                 Column(_("结果"), "outcome"), Column(_("数量"), "count")),
    ),
    "signboards": dict(
        title=_("挂牌和机构"), filterset_class=filtersets.SignboardFilterSet, selector=_records(Signboard, "department"),
        columns=(Column(_("社区"), "community.name"), Column(_("名称"), "name"), Column(_("类型"), "kind"),
                 Column(_("部门"), "department.name"), Column(_("挂牌日期"), "hung_on"), Column(_("摘牌日期"), "removed_on"),
                 Column(_("数量"), "count")),
    ),
}  # fmt: skip

RECORD_VIEWS = {
    kind: type(
        f"{kind.title()}RecordListView", (RegisterListView,), {**spec, "export_name": f"burden-{kind}"}
    )
    for kind, spec in RECORD_LISTS.items()
}


def record_list(request, kind: str):
    """The drill-down list of one record kind (filters, pagination, 导出 Excel)."""
    view = RECORD_VIEWS.get(kind)
    if view is None:
        raise Http404
    return view.as_view()(request)
