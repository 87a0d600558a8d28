"""Benchmark: pages and list APIs under 32 concurrent clients, work-log POST throughput, and
query counts at 10 and 10,000 rows.

- Query counts: in process (django.test.Client + CaptureQueriesContext), every list endpoint
  found in /api/schema/ and every list/dashboard page, as a community worker whose
  community has 10 rows of each register vs one with ~10,000 work logs. Goal: equal.
- Latency: a real gunicorn (sync workers, persistent DB connections) on 127.0.0.1; a bounded
  load generator (threads + http.client, one signed-in session per client, a fixed number of
  requests per client and a deadline); p50/p95 against the trivial views of
  benchmarks/urls.py measured in the same run. Goal p95 ≤ 2×.
- POST: work-log creations per second through the API vs a trivial DRF POST that validates a
  similar payload. Goal ≥ 0.5×.

    DJANGO_SETTINGS_MODULE=benchmarks.settings .venv/bin/python -m benchmarks.http_bench
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import warnings
from decimal import Decimal

from benchmarks.common import ROOT, percentile, setup_django, table, write_result

HOST = "127.0.0.1"
SMALL_CODE = "BENCH-SMALL"


# --- users and data ---------------------------------------------------------------------------
def bench_users(n_clients: int) -> dict:
    """Users with memberships: one community worker per client (spread over communities), a
    worker of the 10-row community, a street supervisor and a district admin."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from organisation.models import Community, Membership

    user_model = get_user_model()
    big = list(Community.objects.exclude(code=SMALL_CODE).order_by("code"))
    small = ensure_small_community(big[0].street)
    picks = [big[(i * max(1, len(big) // n_clients)) % len(big)] for i in range(n_clients)]

    def member(username, role, **unit):
        user, _ = user_model.objects.get_or_create(username=username, defaults={"first_name": username})
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "district": None,
                "street": None,
                "community": None,
                "department": None,
                **unit,
            },
        )
        Token.objects.get_or_create(user=user)
        return user

    return {
        "staff": [
            member(f"bench_staff_{i:02d}", "community_staff", community=c) for i, c in enumerate(picks)
        ],
        "small": member("bench_small_staff", "community_staff", community=small),
        "big": member("bench_big_staff", "community_staff", community=picks[0]),
        "street": member("bench_street", "street_supervisor", street=picks[0].street),
        "district": member("bench_district", "district_admin", district=picks[0].street.district),
    }


def ensure_small_community(street):
    """A community with 10 rows of each register (the '10 rows' side of the query counts)."""
    from certificates.models import CertificateKind, CertificateRecord
    from inspections.models import Inspection, Meeting, Platform, PlatformUsage, Signboard, TemporaryTask
    from ledgers.models import LedgerBook, LedgerType, ReportForm, ReportSubmission
    from organisation.models import Community, Department
    from tasks.models import TaskAssignment, TaskItem, WorkLog

    community, created = Community.objects.get_or_create(
        code=SMALL_CODE,
        defaults={
            "name": "基准小社区",
            "street": street,
            "households": 1200,
            "staff": 5,
            "social_workers": 2,
        },
    )
    if not created:
        return community
    year = int(os.environ.get("BENCH_YEAR", "2025"))
    dep = Department.objects.order_by("code").first()
    item = TaskItem.objects.order_by("code").first()
    kind = CertificateKind.objects.order_by("code").first()
    ledger, form = LedgerType.objects.order_by("code"), ReportForm.objects.order_by("code").first()
    platforms = list(Platform.objects.order_by("code")[:10])
    days = [dt.date(year, 1 + i, 10) for i in range(10)]
    c = {"community": community}
    WorkLog.objects.bulk_create(
        [
            WorkLog(**c, date=d, department=dep, category="task", task_item=item, hours=Decimal("1.5"))
            for d in days
        ]
    )
    TaskAssignment.objects.bulk_create([TaskAssignment(**c, task_item=item, assigned_on=d) for d in days])
    CertificateRecord.objects.bulk_create(
        [CertificateRecord(**c, kind=kind, date=d, outcome="issued") for d in days]
    )
    Inspection.objects.bulk_create(
        [Inspection(**c, department=dep, topic="综合治理", kind="inspection", date=d) for d in days]
    )
    Meeting.objects.bulk_create([Meeting(**c, department=dep, date=d) for d in days])
    TemporaryTask.objects.bulk_create(
        [TemporaryTask(**c, department=dep, date=d, kind="other") for d in days]
    )
    Signboard.objects.bulk_create([Signboard(**c, department=dep, name=f"牌子{i}") for i in range(10)])
    ReportSubmission.objects.bulk_create([ReportSubmission(**c, report_form=form, date=d) for d in days])
    LedgerBook.objects.bulk_create([LedgerBook(**c, ledger_type=lt, year=year) for lt in ledger[:10]])
    PlatformUsage.objects.bulk_create([PlatformUsage(**c, platform=p, year=year) for p in platforms])
    return community


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def token_header(user) -> str:
    from rest_framework.authtoken.models import Token

    return f"Token {Token.objects.get(user=user).key}"


# --- discovery --------------------------------------------------------------------------------
def schema_endpoints(client) -> tuple[list[str], dict | None, dict]:
    """(GET list paths without path parameters, the work-log POST operation, the schema)."""
    response = client.get("/api/schema/?format=json")
    schema = json.loads(response.content)
    lists, post = [], None
    for path, ops in sorted(schema.get("paths", {}).items()):
        if "{" in path:
            continue
        get = ops.get("get")
        if get:
            params = get.get("parameters", [])
            required = [p for p in params if p.get("required")]
            paged = any(p.get("name") in ("page", "cursor") for p in params)  # page numbers or cursors
            if paged and not required:
                lists.append(path)
        if "post" in ops and re.search(r"work[-_]?logs?/?$", path):
            post = {"path": path, **ops["post"]}
    return lists, post, schema


def html_pages() -> list[tuple[str, str]]:
    """(name, path) of parameterless list pages and dashboards in the URLconf."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    found = []

    def walk(patterns, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name and ns and not ns.startswith("admin:"):
                name = f"{ns}{p.name}"
                if "dashboard" in p.name or p.name.endswith("list"):
                    try:
                        path = reverse(name)
                    except Exception:  # noqa: S112 - needs arguments: not a list page
                        continue
                    if not path.startswith("/api/") and (name, path) not in found:
                        found.append((name, path))

    walk(get_resolver().url_patterns, "")
    # the heaviest register first: the work-log list
    return sorted(found, key=lambda np: (not re.search(r"work[-_]?log", np[0]), np[0]))


def example_payload(post: dict, schema: dict, user) -> dict:
    """A valid-looking body for the work-log POST, from its request schema."""
    from organisation.models import Department
    from tasks.models import TaskItem

    content = post.get("requestBody", {}).get("content", {})
    body = content.get("application/json") or next(iter(content.values()), {})
    ref = body.get("schema", {})
    while "$ref" in ref:
        ref = schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
    props = ref.get("properties", {})
    year = int(os.environ.get("BENCH_YEAR", "2025"))
    membership = user.membership
    guesses = {
        "date": f"{year}-06-15",
        "hours": "1.50",
        "people": 1,
        "note": "基准测试",
        "approved": True,
        "community": membership.community_id,
        "department": Department.objects.order_by("code").values_list("id", flat=True).first(),
        "task_item": TaskItem.objects.order_by("code").values_list("id", flat=True).first(),
    }
    payload = {}
    for name, spec in props.items():
        if spec.get("readOnly"):
            continue
        while "$ref" in spec:
            spec = schema["components"]["schemas"][spec["$ref"].rsplit("/", 1)[1]]
        if name in guesses:
            payload[name] = guesses[name]
        elif "enum" in spec:
            payload[name] = "task" if "task" in spec["enum"] else spec["enum"][0]
        elif "allOf" in spec or "oneOf" in spec:
            inner = (spec.get("allOf") or spec.get("oneOf"))[0]
            while "$ref" in inner:
                inner = schema["components"]["schemas"][inner["$ref"].rsplit("/", 1)[1]]
            if "enum" in inner:
                payload[name] = "task" if "task" in inner["enum"] else inner["enum"][0]
        elif name in ref.get("required", []):
            payload[name] = {"integer": 1, "number": 1, "boolean": False}.get(spec.get("type"), "基准")
    return payload


# --- query counts -----------------------------------------------------------------------------
def query_counts(client, small, big, api_paths, pages) -> list[list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for label, path in [*((p, p) for p in api_paths), *((f"{n} ({p})", p) for n, p in pages)]:
        result = []
        for user in (small, big):
            client.force_login(user)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(
                    path, HTTP_ACCEPT="application/json" if path.startswith("/api/") else "text/html"
                )
            n_rows = "—"
            if response.get("Content-Type", "").startswith("application/json"):
                with contextlib.suppress(ValueError, AttributeError):
                    body = json.loads(response.content)
                    n_rows = body.get("count", "—")
                    if n_rows == "—" and isinstance(body.get("results"), list):  # cursor pages: no count
                        n_rows = f"{len(body['results'])}{'+' if body.get('next') else ''}"
            result.append((response.status_code, len(ctx), n_rows))
        (s_status, s_q, s_rows), (b_status, b_q, b_rows) = result
        verdict = "equal" if s_q == b_q else f"differ ({b_q - s_q:+d})"
        if s_status != 200 or b_status != 200:
            verdict += f" [HTTP {s_status}/{b_status}]"
        rows.append([label, s_rows, s_q, b_rows, b_q, verdict])
        print(
            f"  queries {label:<40} {s_rows!s:>6} rows: {s_q:3d}   {b_rows!s:>6} rows: {b_q:3d}   {verdict}",
            flush=True,
        )
    return rows


# --- the server and the load ------------------------------------------------------------------
def gunicorn_command(root, port: int, workers: int, log_level: str) -> list[str]:
    """The gunicorn of a checkout's venv serving it on 127.0.0.1:port with sync workers."""
    return [
        str(root / ".venv/bin/gunicorn"), "communityops.wsgi:application", "--bind", f"{HOST}:{port}",
        "--workers", str(workers), "--worker-class", "sync", "--timeout", "120", "--backlog", "256",
        "--log-level", log_level, "--chdir", str(root),
    ]  # fmt: skip


class Server:
    def __init__(self, port: int, workers: int):
        self.port, self.workers, self.proc = port, workers, None

    def __enter__(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
        self.proc = subprocess.Popen(  # noqa: S603 - our own gunicorn from the venv
            gunicorn_command(ROOT, self.port, self.workers, "warning"),
            env=env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = request("GET", self.port, "/healthz", {})
                if status < 500:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not come up")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def request(method: str, port: int, path: str, headers: dict, body: bytes | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(
    port,
    path,
    headers_per_client,
    *,
    per_client: int,
    deadline_s: float,
    method="GET",
    body=None,
    bodies=None,
) -> dict:
    """Each client (thread) sends `per_client` requests back to back, stopping at the deadline.
    `bodies[i][k]`, when given, is client i's k-th request body. req/s counts 2xx answers."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline_s
    barrier = threading.Barrier(len(headers_per_client))

    def client(i, headers):
        mine, codes = [], {}
        barrier.wait()
        for k in range(per_client):
            if time.monotonic() > stop_at:
                break
            started = time.perf_counter()
            try:
                status, _ = request(method, port, path, headers, bodies[i][k] if bodies else body)
            except OSError:
                status = 0
            mine.append(time.perf_counter() - started)
            codes[status] = codes.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    threads = [threading.Thread(target=client, args=(i, h)) for i, h in enumerate(headers_per_client)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    ok = sum(n for code, n in statuses.items() if 200 <= code < 300)
    return {
        "n": len(latencies),
        "p50": percentile(latencies, 50) * 1000,
        "p95": percentile(latencies, 95) * 1000,
        "rps": ok / elapsed if elapsed else 0,
        "statuses": statuses,
    }


def _status_text(statuses: dict) -> str:
    return ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items()))


# --- main -------------------------------------------------------------------------------------
def run(
    *, clients: int, per_client: int, deadline: float, workers: int, port: int, post_requests: int
) -> None:
    from django.test import Client

    from tasks.models import WorkLog

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 5xx show up as statuses in the tables
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)  # the production cache: a table (benchmarks/settings.py)
    users = bench_users(clients)
    client = Client(raise_request_exception=False)
    client.force_login(users["district"])
    api_paths, post_op, schema = schema_endpoints(client)
    pages = html_pages()
    print(f"  list endpoints: {', '.join(api_paths) or 'none'}", flush=True)
    print(f"  pages: {', '.join(n for n, _ in pages) or 'none'}", flush=True)
    counts = (
        query_counts(client, users["small"], users["big"], api_paths, pages)
        if os.environ.get("BENCH_COUNTS", "1") == "1"
        else []
    )

    payload, post_note = None, ""
    if post_op:
        payload = example_payload(post_op, schema, users["staff"][0])
        client.force_login(users["staff"][0])
        response = client.post(post_op["path"], data=json.dumps(payload), content_type="application/json")
        if response.status_code != 201:
            post_note = (
                f"{post_op['path']} answered {response.status_code} to {payload}: {response.content[:300]!r}"
            )
            payload = None
    else:
        post_note = "no work-log POST endpoint in /api/schema/ yet"

    cookies = [{"Cookie": session_cookie(u), "Accept": "application/json"} for u in users["staff"]]
    district_cookies = [{"Cookie": session_cookie(users["district"]), "Accept": "application/json"}] * clients
    html_cookies = [{**h, "Accept": "text/html"} for h in cookies]
    street_html = [{"Cookie": session_cookie(users["street"]), "Accept": "text/html"}] * clients

    priority = ["/api/v1/communities/", *[p for p in api_paths if re.search(r"work[-_]?logs?/$", p)]]
    others = [p for p in api_paths if p not in priority]
    plan = [
        ("trivial view (floor, Django)", "/bench/trivial/", cookies, "floor"),
        ("trivial view (floor, DRF)", "/bench/trivial-api/", cookies, "floor"),
    ]
    plan += [(f"{p} · community worker", p, cookies, "api") for p in priority if p in api_paths]
    plan += [(f"{p} · district admin", p, district_cookies, "api") for p in priority if p in api_paths]
    plan += [
        (f"{p} · community worker", p, cookies, "api")
        for p in others[: int(os.environ.get("BENCH_MAX_LISTS", "6"))]
    ]
    # Dashboards of the dataset's year (the current year has no records), read from the
    # snapshots the nightly job keeps (refreshed below, as that job would) unless BENCH_SNAPSHOTS=0.
    bench_year = int(os.environ.get("BENCH_YEAR", "2025"))
    dashboards = [(n, f"{p}?year={bench_year}") for n, p in pages if "dashboard" in n]
    snapshot_note = ""
    if dashboards and os.environ.get("BENCH_SNAPSHOTS", "1") == "1":
        from burden.services import snapshots_refresh_all

        started = time.perf_counter()
        job = snapshots_refresh_all(year=bench_year)
        snapshot_note = (
            f"Dashboards read the burden snapshots of {bench_year}: the nightly refresh of all "
            f"{job.processed} scopes ran first and took {time.perf_counter() - started:.1f} s."
        )
        print(f"  {snapshot_note}", flush=True)
    for name, path in dashboards:
        plan += [
            (f"{name} {path} · community worker", path, html_cookies, "page"),
            (f"{name} {path} · street supervisor", path, street_html, "page"),
        ]
    html_lists = [(n, p) for n, p in pages if "dashboard" not in n][
        : int(os.environ.get("BENCH_MAX_PAGES", "3"))
    ]
    plan += [(f"{n} {p} · community worker", p, html_cookies, "page") for n, p in html_lists]
    only = os.environ.get("BENCH_ONLY")  # a regex on the labels: measure only these (and the floors)
    if only:
        plan = [step for step in plan if step[3] == "floor" or re.search(only, step[0])]

    # The floors are measured again after the last endpoint: each ratio is taken against the mean
    # of the two p95s, so a machine that slows down or speeds up during the run moves both sides.
    floors_again = [
        (f"{label}, again at the end", path, headers, kind) for label, path, headers, kind in plan[:2]
    ]
    plan += floors_again

    lat_rows, post_rows = [], []
    before = WorkLog.objects.count()
    with Server(port, workers):
        for _label, path, headers, _kind in [plan[0], plan[1]]:  # warm every worker
            load(port, path, headers, per_client=3, deadline_s=10)
        results = {}
        for label, path, headers, _kind in plan:
            load(
                port, path, headers, per_client=1, deadline_s=min(10, deadline)
            )  # warm: every worker, caches (unmeasured)
            r = load(port, path, headers, per_client=per_client, deadline_s=deadline)
            results[label] = r
            print(
                f"  GET {label:<60} n={r['n']:4d} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
                f"{r['rps']:6.1f} req/s  {_status_text(r['statuses'])}",
                flush=True,
            )
        floor_p95 = {
            kind: (results[plan[i][0]]["p95"] + results[floors_again[i][0]]["p95"]) / 2
            for i, kind in enumerate(("page", "api"))
        }
        for label, _path, _headers, kind in plan:
            r = results[label]
            ratio = "—" if kind == "floor" else f"{r['p95'] / floor_p95[kind]:.1f}×"
            lat_rows.append(
                [
                    label,
                    r["n"],
                    f"{r['p50']:.0f}",
                    f"{r['p95']:.0f}",
                    f"{r['rps']:.0f}",
                    ratio,
                    _status_text(r["statuses"]),
                ]
            )

        tokens = [
            {"Authorization": token_header(u), "Content-Type": "application/json"} for u in users["staff"]
        ]
        per = max(1, post_requests // clients)
        if not post_requests:
            post_note = "skipped (BENCH_POSTS=0)"
        trivial_body = json.dumps(
            {"date": "2025-06-15", "hours": "1.50", "category": "task", "note": "基准"}
        ).encode()
        t = load(
            port,
            "/bench/trivial-api/",
            tokens,
            per_client=per,
            deadline_s=deadline,
            method="POST",
            body=trivial_body,
        )
        post_rows.append(
            [
                "trivial DRF POST (floor)",
                t["n"],
                f"{t['rps']:.0f}",
                f"{t['p50']:.0f}",
                f"{t['p95']:.0f}",
                "—",
                _status_text(t["statuses"]),
            ]
        )
        print(f"  POST trivial  {t['rps']:.1f}/s {_status_text(t['statuses'])}", flush=True)
        if payload and post_requests:
            year = int(os.environ.get("BENCH_YEAR", "2025"))
            bodies = []
            for u in users["staff"]:  # each client its own community, one day per request (24 h a day)
                own = {
                    **payload,
                    **({"community": u.membership.community_id} if "community" in payload else {}),
                }
                bodies.append(
                    [
                        json.dumps(
                            {**own, "date": (dt.date(year, 1, 1) + dt.timedelta(days=k % 365)).isoformat()}
                        ).encode()
                        for k in range(per)
                    ]
                )
            w = load(
                port,
                post_op["path"],
                tokens,
                per_client=per,
                deadline_s=deadline,
                method="POST",
                bodies=bodies,
            )
            post_rows.append(
                [
                    f"work-log POST {post_op['path']}",
                    w["n"],
                    f"{w['rps']:.0f}",
                    f"{w['p50']:.0f}",
                    f"{w['p95']:.0f}",
                    f"{w['rps'] / t['rps']:.2f}×" if t["rps"] else "—",
                    _status_text(w["statuses"]),
                ]
            )
            print(f"  POST work-log {w['rps']:.1f}/s {_status_text(w['statuses'])}", flush=True)
    created = WorkLog.objects.count() - before

    scale = os.environ.get("BENCH_SCALE", "?")
    lines = [
        f"Data: citygen scale {scale} ({WorkLog.objects.count():,} work-log rows). Server: gunicorn, {workers} sync "
        f"workers, persistent DB connections (CONN_MAX_AGE=60), on 127.0.0.1; settings benchmarks.settings "
        "(the test settings, DEBUG off). The load generator (Python threads + http.client, a new connection per "
        "request) runs on the same 2 cores.",
        "",
        "## Query counts at 10 and 10,000 rows (goal: equal)",
        "",
        "In process, as a community worker of a community with 10 rows per register vs one with ~10,000 work logs "
        "(~1,000 certificates, 150 inspections …).",
        "",
        *table(["endpoint", "rows (small)", "queries", "rows (large)", "queries", "verdict"], counts),
        "",
        f"## GET latency at {clients} concurrent clients (goal p95 ≤ 2× the trivial view)",
        "",
        f"Each client sends up to {per_client} requests back to back (deadline {deadline:.0f} s per endpoint); "
        "API rows are compared with the trivial DRF view, pages with the trivial Django view: with the mean of "
        "the floor's p95 measured first and again after the last endpoint."
        + (f" {snapshot_note}" if snapshot_note else ""),
        "",
        *table(
            ["endpoint · as", "requests", "p50 ms", "p95 ms", "req/s", "p95 vs floor", "HTTP status"],
            lat_rows,
        ),
        "",
        f"## Work-log POST throughput at {clients} concurrent clients (goal ≥ 0.5× the trivial DRF POST)",
        "",
        "Token authentication; the trivial POST validates a similar payload with a DRF serializer and writes "
        f"nothing. Work logs created by this run: {created}.",
        "",
        *table(["endpoint", "requests", "req/s", "p50 ms", "p95 ms", "vs floor", "HTTP status"], post_rows),
    ]
    if post_note:
        lines += ["", f"Work-log POST not measured: {post_note}"]
    write_result("http", "Pages, list APIs and work-log POSTs under load", lines)


def main(argv=None) -> None:
    warnings.filterwarnings("ignore")
    os.environ.setdefault("PYTHONWARNINGS", "ignore")  # the gunicorn workers too
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", "32")))
    parser.add_argument("--per-client", type=int, default=int(os.environ.get("BENCH_PER_CLIENT", "20")))
    parser.add_argument("--deadline", type=float, default=float(os.environ.get("BENCH_DEADLINE", "25")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "4")))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "58123")))
    parser.add_argument("--post-requests", type=int, default=int(os.environ.get("BENCH_POSTS", "1280")))
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    setup_django("benchmarks.settings")
    sys.stdout.reconfigure(line_buffering=True)
    run(
        clients=args.clients,
        per_client=args.per_client,
        deadline=args.deadline,
        workers=args.workers,
        port=args.port,
        post_requests=args.post_requests,
    )


if __name__ == "__main__":
    main()
