"""Benchmark: the burden report (负担统计报告) for every scope vs hand-written SQL (the floor).

The floor computes the same headline figures with a handful of hand-written aggregate
statements (one scan per register; work-log total, unapproved and by-category hours in one
GROUP BY) and the same rounding. Both run in this process on the same connection, warm,
interleaved, each several times; the figure is the ratio of medians. The floor's figures are
also compared with the service's, so the ratio compares like with like.

    .venv/bin/python -m benchmarks.burden_bench --year 2025 [--repeat 3]
"""

# ruff: noqa: S608 - table names come from Model._meta; every value is a query parameter
from __future__ import annotations

import argparse
import importlib
import io
import json
import os
from decimal import Decimal

from benchmarks.common import median, setup_django, table, timed, write_result


def find_service():
    """(label, callable(scope, year) → dict): the burden app's public function, else the command."""
    for module_name in ("burden.services", "burden.selectors", "burden.calculations"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        fn = getattr(module, "burden_report", None)
        if callable(fn):
            return f"{module_name}.burden_report", lambda scope, year, fn=fn: fn(scope=scope, year=year)

    from django.core.management import call_command

    def command(scope, year):
        out = io.StringIO()
        call_command("burden_report", "--scope", scope, "--year", str(year), "--format", "json", stdout=out)
        return json.loads(out.getvalue())

    return "manage.py burden_report --format json", command


def _tables():
    from certificates.models import CertificateKind, CertificateRecord
    from inspections.models import Inspection, Meeting, Platform, PlatformUsage, Signboard, TemporaryTask
    from ledgers.models import LedgerBook, ReportSubmission
    from organisation.models import Community, Department, District, Street
    from tasks.models import TaskAssignment, TaskItem, WorkLog

    models = dict(
        community=Community,
        street=Street,
        district=District,
        department=Department,
        item=TaskItem,
        assignment=TaskAssignment,
        worklog=WorkLog,
        kind=CertificateKind,
        cert=CertificateRecord,
        inspection=Inspection,
        meeting=Meeting,
        platform=Platform,
        usage=PlatformUsage,
        signboard=Signboard,
        temporary=TemporaryTask,
        ledger=LedgerBook,
        report=ReportSubmission,
    )
    return {k: m._meta.db_table for k, m in models.items()}


def _scope_where(scope: str) -> tuple[str, list]:
    kind, _, key = scope.partition(":")
    if kind == "all":
        return "TRUE", []
    if kind == "district":
        return "d.name = %s", [key]
    if kind == "street":
        return "s.code = %s", [key]
    return "c.code = %s", [key]


def sql_report(scope: str, year: int) -> dict:
    """The floor: the headline figures straight from SQL."""
    import datetime as dt

    from django.db import connection

    from burden.calculations import _field_names, one, ratio, share  # same rounding and folding rules
    from ledgers.models import SubmissionStatus

    t = _tables()
    where, params = _scope_where(scope)
    comm = (
        f'SELECT c.id FROM "{t["community"]}" c JOIN "{t["street"]}" s ON s.id = c.street_id '
        f'JOIN "{t["district"]}" d ON d.id = s.district_id WHERE {where}'
    )
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    r: dict = {"scope": scope, "year": year}
    with connection.cursor() as cur:

        def q(sql, extra=()):
            cur.execute(sql, [*params, *extra])
            return cur.fetchall()

        ((n, workers, sw, hh, funds, shortfall),) = q(
            f"SELECT count(*), coalesce(sum(c.staff),0), coalesce(sum(c.social_workers),0), "
            f"coalesce(sum(c.households),0), coalesce(sum(c.annual_funds),0), "
            f"coalesce(sum(greatest(0, (c.households + 499) / 500 - c.social_workers)),0) "
            f'FROM "{t["community"]}" c JOIN "{t["street"]}" s ON s.id = c.street_id '
            f'JOIN "{t["district"]}" d ON d.id = s.district_id WHERE {where}'
        )
        r["communities"] = n
        ((deps, items, adm, srv, assigns, unappr, neg, unfunded),) = q(
            f"""SELECT count(DISTINCT i.department_id), count(DISTINCT a.task_item_id),
                count(DISTINCT a.task_item_id) FILTER (WHERE i.nature = 'administrative'),
                count(DISTINCT a.task_item_id) FILTER (WHERE i.nature = 'service'),
                coalesce(sum(a.count),0), coalesce(sum(a.count) FILTER (WHERE NOT a.approved),0),
                count(DISTINCT a.task_item_id) FILTER (WHERE i.list_class = 'negative'),
                count(DISTINCT a.task_item_id) FILTER (WHERE i.nature = 'administrative'
                      AND coalesce(i.funds_per_year, 0) <= 0)
            FROM "{t["assignment"]}" a JOIN "{t["item"]}" i ON i.id = a.task_item_id
            WHERE a.community_id IN ({comm}) AND a.assigned_on BETWEEN %s AND %s""",
            [start, end],
        )
        by_dep = q(
            f"""SELECT dep.code, dep.name, count(DISTINCT a.task_item_id) AS items
            FROM "{t["assignment"]}" a JOIN "{t["item"]}" i ON i.id = a.task_item_id
            JOIN "{t["department"]}" dep ON dep.id = i.department_id
            WHERE a.community_id IN ({comm}) AND a.assigned_on BETWEEN %s AND %s
            GROUP BY dep.code, dep.name ORDER BY items DESC, dep.code""",
            [start, end],
        )
        ((task_funds,),) = q(
            f"""SELECT coalesce(sum(i.funds_per_year * p.n), 0) FROM (
                SELECT a.task_item_id, count(DISTINCT a.community_id) AS n FROM "{t["assignment"]}" a
                WHERE a.community_id IN ({comm}) AND a.assigned_on BETWEEN %s AND %s GROUP BY a.task_item_id
            ) p JOIN "{t["item"]}" i ON i.id = p.task_item_id""",
            [start, end],
        )
        r["tasks"] = {
            "departments": deps,
            "items": items,
            "administrative_items": adm,
            "service_items": srv,
            "administrative_share": share(adm, items),
            "assignments": int(assigns),
            "unapproved_assignments": int(unappr),
            "unapproved_share": share(unappr, assigns),
            "negative_list_items": neg,
            "unfunded_administrative_items": unfunded,
            "by_department": [{"department_code": c, "department": nm, "items": k} for c, nm, k in by_dep],
        }
        ((ideps, ikinds, itotal, iveto, iprep),) = q(
            f"""SELECT count(DISTINCT department_id), count(DISTINCT topic), coalesce(sum(count),0),
                coalesce(sum(count) FILTER (WHERE veto),0), coalesce(sum(count * prep_hours),0)
            FROM "{t["inspection"]}" WHERE community_id IN ({comm}) AND date BETWEEN %s AND %s""",
            [start, end],
        )
        r["inspections"] = {
            "departments": ideps,
            "kinds": ikinds,
            "total": int(itotal),
            "per_community": ratio(itotal, n),
            "veto": int(iveto),
            "prep_hours": one(iprep),
        }
        ltypes, lbooks, most, fewest = _ledgers(cur, t, comm, params, year)

        def pick(row):
            if not row:
                return {"community_code": None, "types": 0, "books": 0}
            return {"community_code": row[0], "types": int(row[1]), "books": int(row[2])}

        r["ledgers"] = {
            "types": ltypes,
            "books": int(lbooks),
            "books_per_community": ratio(lbooks, n),
            "most": pick(most),
            "fewest": pick(fewest),
        }
        ((rkinds, rcopies),) = q(
            f"""SELECT count(DISTINCT report_form_id), coalesce(sum(count),0) FROM "{t["report"]}"
            WHERE community_id IN ({comm}) AND date BETWEEN %s AND %s AND status <> %s""",
            [start, end, SubmissionStatus.DUE.value],
        )  # forms sent out and not yet filed (待报送) are no copies submitted
        r["reports"] = {"kinds": rkinds, "copies": int(rcopies), "copies_per_community": ratio(rcopies, n)}
        ((ck, cu, cf, cg, co, cc, ci, cic, cref, cred, cpl),) = q(
            f"""SELECT count(DISTINCT r.kind_id), count(DISTINCT k.requested_by),
                count(DISTINCT r.kind_id) FILTER (WHERE k.frequency = 'frequent'),
                count(DISTINCT r.kind_id) FILTER (WHERE k.frequency = 'general'),
                count(DISTINCT r.kind_id) FILTER (WHERE k.frequency = 'occasional'),
                count(DISTINCT r.kind_id) FILTER (WHERE k.cert_class = 'C'),
                coalesce(sum(r.count) FILTER (WHERE r.outcome = 'issued'),0),
                coalesce(sum(r.count) FILTER (WHERE r.outcome = 'issued' AND k.cert_class = 'C'),0),
                coalesce(sum(r.count) FILTER (WHERE r.outcome = 'refused'),0),
                coalesce(sum(r.count) FILTER (WHERE r.outcome = 'redirected'),0),
                coalesce(sum(r.count) FILTER (WHERE r.outcome = 'pledged'),0)
            FROM "{t["cert"]}" r JOIN "{t["kind"]}" k ON k.id = r.kind_id
            WHERE r.community_id IN ({comm}) AND r.date BETWEEN %s AND %s""",
            [start, end],
        )
        r["certificates"] = {
            "kinds": ck,
            "requesting_units": cu,
            "frequent_kinds": cf,
            "general_kinds": cg,
            "occasional_kinds": co,
            "class_c_kinds": cc,
            "class_c_share": share(cc, ck),
            "issued": int(ci),
            "issued_per_community": ratio(ci, n),
            "issued_class_c": int(cic),
            "refused": int(cref),
            "redirected": int(cred),
            "pledged": int(cpl),
        }
        usage = q(
            f"""SELECT p.id, p.department_id, p.fields, sum(u.hours) FROM "{t["usage"]}" u
            JOIN "{t["platform"]}" p ON p.id = u.platform_id
            WHERE u.community_id IN ({comm}) AND u.year = %s GROUP BY p.id""",
            [year],
        )
        seen: dict[str, int] = {}
        for _pid, _dep, fields, _h in usage:
            for name in _field_names(json.loads(fields) if isinstance(fields, str) else fields):
                seen[name] = seen.get(name, 0) + 1
        r["platforms"] = {
            "count": len(usage),
            "departments": len({u[1] for u in usage}),
            "hours": one(sum((u[3] for u in usage), Decimal(0))),
            "repeated_fields": sum(1 for v in seen.values() if v >= 2),
        }
        ((mt, mh, ms),) = q(
            f"""SELECT coalesce(sum(count),0), coalesce(sum(count * hours),0),
                coalesce(sum(count) FILTER (WHERE purpose = 'seat_filling'),0)
            FROM "{t["meeting"]}" WHERE community_id IN ({comm}) AND date BETWEEN %s AND %s""",
            [start, end],
        )
        r["meetings"] = {
            "total": int(mt),
            "per_community": ratio(mt, n),
            "hours": one(mh),
            "seat_filling": int(ms),
        }
        by_kind = q(
            f"""SELECT kind, sum(count) FROM "{t["temporary"]}"
            WHERE community_id IN ({comm}) AND date BETWEEN %s AND %s GROUP BY kind ORDER BY kind""",
            [start, end],
        )
        tt = sum(int(v) for _, v in by_kind)
        r["temporary"] = {
            "total": tt,
            "per_community": ratio(tt, n),
            "by_kind": {k: int(v) for k, v in by_kind},
        }
        ((boards, bodies, bmax, odmax),) = q(
            f"""SELECT coalesce(sum(b),0), coalesce(sum(o),0), coalesce(max(b),0), coalesce(max(o),0) FROM (
                SELECT sum(count) FILTER (WHERE kind = 'board') AS b, sum(count) FILTER (WHERE kind = 'body') AS o
                FROM "{t["signboard"]}" WHERE community_id IN ({comm})
                  AND (hung_on IS NULL OR hung_on <= %s) AND (removed_on IS NULL OR removed_on > %s)
                GROUP BY community_id) x""",
            [end, end],
        )
        r["signboards"] = {
            "boards": int(boards),
            "boards_max_per_community": int(bmax),
            "bodies": int(bodies),
            "bodies_max_per_community": int(odmax),
        }
        r["staff"] = {
            "workers": int(workers),
            "social_workers": int(sw),
            "households": int(hh),
            "households_per_social_worker": ratio(hh, sw),
            "social_worker_shortfall": int(shortfall),
        }
        cats = q(
            f"""SELECT category, sum(hours), coalesce(sum(hours) FILTER (WHERE NOT approved),0) FROM "{t["worklog"]}"
            WHERE community_id IN ({comm}) AND date BETWEEN %s AND %s GROUP BY category ORDER BY category""",
            [start, end],
        )
        total = sum((c[1] for c in cats), Decimal(0))
        unapproved = sum((c[2] for c in cats), Decimal(0))
        r["hours"] = {
            "total": one(total),
            "per_worker": ratio(total, workers),
            "unapproved_share": share(unapproved, total),
            "by_category": {c[0]: one(c[1]) for c in cats},
        }
        r["funding"] = {
            "annual_funds": float(Decimal(funds).quantize(Decimal("0.01"))),
            "task_funds": float(Decimal(task_funds).quantize(Decimal("0.01"))),
        }
    return r


def _ledgers(cur, t, comm, params, year):
    cur.execute(
        f"""WITH per AS (
            SELECT c.code, coalesce(sum(b.books),0) AS books,
                   count(DISTINCT b.ledger_type_id) FILTER (WHERE b.books > 0) AS types
            FROM "{t["community"]}" c LEFT JOIN "{t["ledger"]}" b ON b.community_id = c.id AND b.year = %s
            WHERE c.id IN ({comm}) GROUP BY c.code)
        SELECT (SELECT count(DISTINCT ledger_type_id) FROM "{t["ledger"]}"
                WHERE community_id IN ({comm}) AND year = %s AND books > 0),
               (SELECT coalesce(sum(books),0) FROM per),
               (SELECT ARRAY[code, types::text, books::text] FROM per ORDER BY books DESC, code LIMIT 1),
               (SELECT ARRAY[code, types::text, books::text] FROM per ORDER BY books, code LIMIT 1)""",
        [year, *params, *params, year],
    )
    return cur.fetchone()


def compare(service: dict, floor: dict, prefix: str = "") -> list[str]:
    """Keys present in both whose values differ (the floor only computes the headline keys)."""
    diffs = []
    for key, value in floor.items():
        if key not in service:
            diffs.append(f"{prefix}{key}: missing in service")
            continue
        other = service[key]
        if isinstance(value, dict) and isinstance(other, dict):
            diffs += compare(other, value, f"{prefix}{key}.")
        elif isinstance(value, (int, float)) and isinstance(other, (int, float)):
            if abs(float(value) - float(other)) > 1e-6:
                diffs.append(f"{prefix}{key}: service {other} vs SQL {value}")
        elif value != other:
            diffs.append(f"{prefix}{key}: service {other!r} vs SQL {value!r}")
    return diffs


def scopes() -> list[str]:
    from organisation.models import Community, District, Street

    out = ["all"]
    out += [f"district:{d}" for d in District.objects.order_by("name").values_list("name", flat=True)]
    streets = list(Street.objects.order_by("code").values_list("code", flat=True))
    out += [f"street:{s}" for s in streets[:: max(1, len(streets) // 3)][:3]]
    comms = list(Community.objects.order_by("code").values_list("code", flat=True))
    out += [f"community:{c}" for c in comms[:: max(1, len(comms) // 3)][:3]]
    return out


def run(*, year: int, repeat: int) -> dict:
    from django.db import connection

    label, service = find_service()
    rows, ratios, all_diffs = [], [], {}
    for scope in scopes():
        service(scope, year), sql_report(scope, year)  # warm both (plans, caches)
        s_times, f_times = [], []
        # One community takes ~20 ms: more runs there, so a busy machine's noise evens out.
        for _ in range(repeat * 5 if scope.startswith("community:") else repeat):
            s, s_result = timed(service, scope, year)
            f, f_result = timed(sql_report, scope, year)
            s_times.append(s)
            f_times.append(f)
        diffs = compare(s_result, f_result)
        if diffs:
            all_diffs[scope] = diffs
        sm, fm = median(s_times), median(f_times)
        ratio = sm / fm if fm else 0
        ratios.append(ratio)
        rows.append(
            [
                scope,
                s_result.get("communities"),
                f"{sm * 1000:,.0f}",
                f"{fm * 1000:,.0f}",
                f"{ratio:.2f}×",
                "same" if not diffs else f"{len(diffs)} differ",
            ]
        )
        print(
            f"  {scope:<24} service {sm * 1000:8.0f} ms   SQL {fm * 1000:8.0f} ms   {ratio:5.2f}×", flush=True
        )
    with connection.cursor() as c:
        c.execute(f'SELECT count(*) FROM "{_tables()["worklog"]}"')
        worklogs = c.fetchone()[0]
    worst = max(ratios) if ratios else 0
    lines = [
        f"Service: `{label}`; floor: hand-written SQL computing the same figures (benchmarks/burden_bench.py).",
        f"Data: {worklogs:,} work-log rows (citygen scale {os.environ.get('BENCH_SCALE', '?')}), year {year}; "
        f"median of {repeat} warm runs each ({repeat * 5} for one community), interleaved. Goal ≤ 1.3×.",
        "",
        *table(["scope", "communities", "service ms", "SQL floor ms", "ratio", "figures"], rows),
        "",
        f"Worst ratio {worst:.2f}× (goal ≤ 1.3×: {'met' if worst <= 1.3 else 'NOT met'}).",
    ]
    if all_diffs:
        lines += ["", "Figures where the service and the SQL floor differ:", ""]
        for scope, diffs in all_diffs.items():
            lines += [f"- {scope}: " + "; ".join(diffs[:8]) + (" …" if len(diffs) > 8 else "")]
    write_result("burden", "Burden report vs hand-written SQL", lines)
    return {"worst": worst, "rows": rows, "diffs": all_diffs}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=int(os.environ.get("BENCH_YEAR", "2025")))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django()
    run(year=args.year, repeat=args.repeat)


if __name__ == "__main__":
    main()
