"""A/B benchmark: two checkouts of the portal served side by side, loads alternated between
them round by round, so a shared machine's noise falls on both alike.

Both servers use the same database (migrated, with citygen's data and the bench users of
http_bench) and benchmarks/settings.py of the checkout they run. Each round measures, on each
server in turn (the order flips every round): the trivial page floor, the simplest portal page
(/org/communities/) and the burden dashboard as a community worker, a street supervisor and a
district admin, at 32 concurrent clients. Printed: the median over rounds of p50 and p95, and
the median (min–max) of each round's p95 over the same server's trivial p95.

    git worktree add /tmp/before <commit>; ln -s "$PWD/.venv" /tmp/before/.venv
    DATABASE_URL=… DJANGO_SETTINGS_MODULE=benchmarks.settings \\
      .venv/bin/python -m benchmarks.ab_bench --before /tmp/before --after . --year 2025
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import statistics
import subprocess
import time
from pathlib import Path

from benchmarks.common import setup_django, table, write_result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, type=Path)
    parser.add_argument("--after", required=True, type=Path)
    parser.add_argument("--year", type=int, default=int(os.environ.get("BENCH_YEAR", "2025")))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-client", type=int, default=int(os.environ.get("BENCH_PER_CLIENT", "10")))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    args = parser.parse_args(argv)
    setup_django("benchmarks.settings")
    logging.disable(logging.CRITICAL)
    from django.core.management import call_command

    from benchmarks.http_bench import bench_users, gunicorn_command, load, request, session_cookie

    call_command("createcachetable", verbosity=0)
    trees = {"before": (args.before.resolve(), 58231), "after": (args.after.resolve(), 58232)}
    env = {**os.environ, "CONN_MAX_AGE": "60", "LOG_LEVEL": "CRITICAL", "PYTHONWARNINGS": "ignore"}
    procs = {
        name: subprocess.Popen(  # noqa: S603 - our own gunicorn from each checkout's venv
            gunicorn_command(root, port, args.workers, "critical"),
            env=env,
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for name, (root, port) in trees.items()
    }
    try:
        for _root, port in trees.values():
            for _ in range(200):
                try:
                    if request("GET", port, "/healthz", {})[0] < 500:
                        break
                except OSError:
                    time.sleep(0.3)
        users = bench_users(32)

        def cookies(user_list):
            return [{"Cookie": session_cookie(u), "Accept": "text/html"} for u in user_list]

        dashboard = f"/burden/?year={args.year}"
        plan = [
            ("trivial view (floor)", "/bench/trivial/", cookies(users["staff"])),
            ("page /org/communities/ · community worker", "/org/communities/", cookies(users["staff"])),
            ("dashboard · community worker", dashboard, cookies(users["staff"])),
            ("dashboard · street supervisor", dashboard, cookies([users["street"]]) * 32),
            ("dashboard · district admin", dashboard, cookies([users["district"]]) * 32),
        ]
        results = {(name, label): [] for name in trees for label, _, _ in plan}
        for r in range(args.rounds):
            for label, path, headers in plan:
                for name in ("before", "after") if r % 2 == 0 else ("after", "before"):
                    port = trees[name][1]
                    load(port, path, headers, per_client=1, deadline_s=10)  # warm (and fill the cache)
                    x = load(port, path, headers, per_client=args.per_client, deadline_s=25)
                    results[(name, label)].append(x)
                    print(
                        f"  round {r} {name:6} {label:44} p50 {x['p50']:7.1f} p95 {x['p95']:7.1f} "
                        f"{x['rps']:6.1f}/s {x['statuses']}",
                        flush=True,
                    )
        load_avg = Path("/proc/loadavg").read_text().split()[:3]
    finally:
        for p in procs.values():
            p.send_signal(signal.SIGTERM)
        for p in procs.values():
            p.wait(timeout=30)

    rows = []
    for label, _, _ in plan:
        row = [label]
        for name in trees:
            runs, floor = results[(name, label)], results[(name, plan[0][0])]
            ratios = sorted(x["p95"] / f["p95"] for x, f in zip(runs, floor, strict=True))
            row += [
                f"{statistics.median(x['p50'] for x in runs):.0f} / {statistics.median(x['p95'] for x in runs):.0f}",
                f"{statistics.median(x['rps'] for x in runs):.0f}",
                f"{statistics.median(ratios):.1f}× ({ratios[0]:.1f}–{ratios[-1]:.1f})",
            ]
        rows.append(row)
    lines = [
        f"Before: `{args.before}`; after: `{args.after}`; each served by gunicorn ({args.workers} sync workers, "
        "the production cache: a PostgreSQL table), side by side; 32 clients × "
        f"{args.per_client} requests per page, {args.rounds} rounds alternating which server goes first. "
        f"Load average at the end: {' '.join(load_avg)} (2 cores shared with other jobs).",
        "",
        *table(
            [
                "page · as",
                "before p50 / p95 ms",
                "req/s",
                "p95 vs trivial",
                "after p50 / p95 ms",
                "req/s",
                "p95 vs trivial",
            ],
            rows,
        ),  # fmt: skip
        "",
        "Medians over the rounds; the ratio is each round's p95 over the same server's trivial p95 in that "
        "round (median, and min–max over the rounds).",
    ]
    write_result("dashboard-ab", "Burden dashboards before/after, served side by side", lines)


if __name__ == "__main__":
    main()
