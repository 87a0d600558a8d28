"""Benchmark of the burden workbook import and export (contract workbook-v1).

Runs against the PostgreSQL database in DATABASE_URL (migrated here if needed):

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/co_workbook \
        .venv/bin/python benchmarks/workbook_bench.py --rows 100000,1000000

For each size it writes a workbook (organisation and catalogs plus N `work_logs` record rows)
and measures, each piece in its own subprocess so ru_maxrss is that piece's peak memory:
- bare python-calamine read and openpyxl read_only read of the file (the floors), and the
  bare read of our own streaming reader (workbook/reader.py, every cell of every sheet,
  column by column as the importer reads it);
- our import end to end (read, validate, write to PostgreSQL) into empty record tables;
- our export of the same rows, and bare openpyxl write_only / xlsxwriter constant_memory
  writing the same rows.
It prints a table with ratios and writes benchmarks/results/workbook.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMUNITIES, DEPARTMENTS, ITEMS = 50, 20, 40
CATEGORIES = "task inspection ledger report certificate platform meeting temporary other".split()  # noqa: SIM905
LOG_HEADER = [
    "community_code",
    "date",
    "department_code",
    "category",
    "task_item_code",
    "hours",
    "approved",
    "note",
]


def small_sheets() -> dict[str, list[list]]:
    return {
        "streets": [
            ["code", "name", "district"],
            ["S01", "东风街道", "示范区"],
            ["S02", "红旗街道", "示范区"],
        ],
        "communities": [
            [
                "code",
                "name",
                "street_code",
                "households",
                "residents",
                "staff",
                "social_workers",
                "annual_funds",
            ]
        ]
        + [
            [f"{i:03d}", f"社区{i}", f"S0{1 + i % 2}", 1500 + i, 5000, 6, 2, 18000]
            for i in range(COMMUNITIES)
        ],
        "departments": [["code", "name", "level", "kind"]]
        + [[f"D{i:02d}", f"部门{i}", "district", "government"] for i in range(DEPARTMENTS)],
        "task_items": [
            ["code", "name", "department_code", "list_class", "nature", "legal_basis", "funds_per_year"]
        ]
        + [
            [f"T{i:03d}", f"事项{i}", f"D{i % DEPARTMENTS:02d}", "assisting", "administrative", "", 0]
            for i in range(ITEMS)
        ],
    }


def log_rows(n: int):
    start = dt.date(2024, 1, 1)
    for i in range(n):
        yield [
            f"{i % COMMUNITIES:03d}",
            start + dt.timedelta(days=i % 366),
            f"D{i % DEPARTMENTS:02d}",
            CATEGORIES[i % len(CATEGORIES)],
            f"T{i % ITEMS:03d}" if i % 3 else None,
            0.5 + (i % 8) / 2,
            "yes" if i % 4 else "no",
            "入户走访" if i % 5 == 0 else None,
        ]


def all_rows(n: int):
    """(sheet, header, rows) in writing order: the same rows the workbook holds."""
    for name, rows in small_sheets().items():
        yield name, rows[0], iter(rows[1:])
    yield "work_logs", LOG_HEADER, log_rows(n)


# ---- the measured pieces (each runs in a subprocess) -----------------------------------------------
def piece_generate(path: str, n: int) -> int:
    return piece_xlsxwriter(path, n)


def piece_calamine(path: str, n: int) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    count = 0
    for name in book.sheet_names:
        for _row in book.get_sheet_by_name(name).iter_rows():
            count += 1
    return count


def piece_reader_read(path: str, n: int) -> int:
    from workbook.reader import XlsxReader

    count = 0
    with XlsxReader(path) as book:
        for name in book.sheet_names:
            for chunk in book.chunks(name):
                numbers, _columns = chunk.columns(list(range(10)))
                count += len(numbers)
    return count


def piece_openpyxl_read(path: str, n: int) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for ws in book.worksheets:
        for _row in ws.iter_rows(values_only=True):
            count += 1
    book.close()
    return count


def piece_openpyxl_write(path: str, n: int) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    count = 0
    for name, header, rows in all_rows(n):
        ws = book.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(row)
            count += 1
    book.save(path)
    return count


def piece_xlsxwriter(path: str, n: int) -> int:
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True, "default_date_format": "yyyy-mm-dd"})
    count = 0
    for name, header, rows in all_rows(n):
        ws = book.add_worksheet(name)
        ws.write_row(0, 0, header)
        for r, row in enumerate(rows, start=1):
            ws.write_row(r, 0, row)
            count += 1
    book.close()
    return count


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communityops.settings.local")
    import django

    django.setup()


def piece_django_baseline(path: str, n: int) -> int:
    _django()
    from django.db import connection

    connection.ensure_connection()
    return 0


EXTRA: dict = {}  # further figures a piece reports (printed with its json line)


def _backend_cpu(pid: int) -> float | None:
    """CPU seconds of a PostgreSQL backend process, when the server runs on this machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def piece_import(path: str, n: int) -> int:
    _django()
    from django.db import connection

    from organisation.scoping import Scope
    from workbook.services import workbook_import

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    before = _backend_cpu(backend)
    result = workbook_import(path=path, scope=Scope(role="district_admin", everything=True))
    after = _backend_cpu(backend)
    if before is not None and after is not None:
        EXTRA["pg_cpu"] = after - before
    if not result.imported:
        raise SystemExit("import failed: " + "; ".join(e.line() for e in result.errors[:5]))
    return sum(c["rows"] for c in result.counts.values())


def piece_export(path: str, n: int) -> int:
    _django()
    from organisation.scoping import Scope
    from workbook.services import workbook_export

    counts = workbook_export(scope=Scope(role="district_admin", everything=True), target=path)
    return sum(counts.values())


PIECES = {
    "generate": piece_generate,
    "calamine_read": piece_calamine,
    "reader_read": piece_reader_read,
    "openpyxl_read": piece_openpyxl_read,
    "import": piece_import,
    "export": piece_export,
    "openpyxl_write": piece_openpyxl_write,
    "xlsxwriter_write": piece_xlsxwriter,
    "django_baseline": piece_django_baseline,
}


def run_piece(name: str, path: str, n: int) -> dict:
    out = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, "--piece", name, "--file", path, "--n", str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{name} failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def reset_records() -> None:
    _django()
    from django.db import connection

    from tasks.models import WorkLog

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(WorkLog._meta.db_table)}")  # noqa: S608


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="100000,1000000")
    parser.add_argument("--piece")
    parser.add_argument("--file")
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "workbook.md"))
    parser.add_argument("--skip-openpyxl", action="store_true", help="skip the slow openpyxl pieces")
    args = parser.parse_args()

    if args.piece:
        started = time.perf_counter()
        rows = PIECES[args.piece](args.file, args.n)
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak = usage.ru_maxrss / 1024  # MB (Linux: KiB)
        cpu = usage.ru_utime + usage.ru_stime
        print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": peak, **EXTRA}))
        return

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database")
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    tmp = Path(os.environ.get("BENCH_TMP", tempfile.gettempdir()))
    results: list[dict] = []
    baseline = run_piece("django_baseline", "", 0)
    for n in [int(x) for x in args.rows.split(",")]:
        book = str(tmp / f"workbook_bench_{n}.xlsx")
        run_piece("generate", book, n)
        size_mb = Path(book).stat().st_size / 1e6
        reset_records()
        pieces = ["calamine_read", "reader_read", "import", "export", "xlsxwriter_write"]
        if not args.skip_openpyxl:
            pieces[2:2] = ["openpyxl_read"]
            pieces.append("openpyxl_write")
        for piece in pieces:
            target = (
                book
                if piece in ("calamine_read", "reader_read", "openpyxl_read", "import")
                else str(tmp / f"out_{piece}_{n}.xlsx")
            )
            measured = run_piece(piece, target, n)
            results.append({"n": n, "piece": piece, "size_mb": size_mb, **measured})
            print(
                f"{n:>9} {piece:<18} {measured['seconds']:8.2f} s {measured['cpu']:8.2f} cpu-s "
                f"{measured['peak_mb']:8.1f} MB {measured.get('pg_cpu') or 0:6.2f} pg-cpu-s",
                flush=True,
            )
        reset_records()
    write_report(results, baseline, args.out)


def write_report(results: list[dict], baseline: dict, out: str) -> None:
    by = {(r["n"], r["piece"]): r for r in results}
    lines = [
        "# Workbook benchmark (contract workbook-v1)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on this machine ({os.cpu_count()} cores), PostgreSQL from DATABASE_URL.",
        "Rows = all rows written/read (N `work_logs` record rows plus about 110 organisation and catalog rows).",
        "Each piece ran in its own process; peak = that process's ru_maxrss "
        f"(Python + Django + a database connection alone: {baseline['peak_mb']:.0f} MB, "
        f"{baseline['seconds']:.2f} s wall, {baseline['cpu']:.2f} s CPU — the import's and the export's figures include it).",
        "",
        "Wall seconds include PostgreSQL's work; CPU seconds are this process only; PG CPU s is the",
        "import's PostgreSQL backend (from /proc, the server runs on this machine). The machine (2 cores)",
        "is shared with other work, so wall figures are noisy.",
        "",
        "`reader_read` is our streaming reader (workbook/reader.py) reading every cell, column by",
        "column as the importer does; the import reads with it (python-calamine loads a whole sheet",
        "into memory first, so it is a floor for speed, not a way to read). The import runs two",
        "threads on one connection and one transaction: this process reads and checks chunk k+1",
        "while a feeder thread COPYs chunk k (one COPY per chunk, at most two chunks queued).",
        "Foreign keys are checked in bulk where the database role may (WORKBOOK_IMPORT_BULK_KEY_CHECK,",
        "on here: the benchmark's role is a superuser): each referenced row is locked FOR KEY SHARE",
        "once, and PostgreSQL's per-row probe is switched off for the sheet's writes",
        "(session_replication_role = replica). PostgreSQL's share is then heap and WorkLog's 8",
        "indexes, about as long as the reading, which it overlaps.",
        "",
        "| record rows | piece | wall s | rows/s (wall) | CPU s | PG CPU s | peak MB | ratio (wall; CPU) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        n = r["n"]
        ratio = ""
        if r["piece"] in ("import", "openpyxl_read", "reader_read"):
            base = by[(n, "calamine_read")]
            goal = " (goal ≤ 3×)" if r["piece"] == "import" else ""
            ratio = (
                f"{r['seconds'] / base['seconds']:.2f}×; {r['cpu'] / base['cpu']:.2f}× calamine read{goal}"
            )
            if r["piece"] == "import":
                ratio += f"; {(r['seconds'] - baseline['seconds']) / base['seconds']:.2f}× wall without the start-up"
        elif r["piece"] == "export":
            writers = [by[k] for k in ((n, "xlsxwriter_write"), (n, "openpyxl_write")) if k in by]
            wall = min(w["seconds"] for w in writers)
            cpu = min(w["cpu"] for w in writers)
            ratio = (
                f"{r['seconds'] / wall:.2f}×; {r['cpu'] / cpu:.2f}× fastest bare writer (goal ≤ 1.3×); "
                f"{(r['seconds'] - baseline['seconds']) / wall:.2f}× wall without the start-up"
            )
        rate = r["rows"] / r["seconds"] if r["seconds"] else 0
        pg = f"{r['pg_cpu']:.2f}" if r.get("pg_cpu") is not None else ""
        lines.append(
            f"| {n:,} | {r['piece']} | {r['seconds']:.2f} | {rate:,.0f} | {r['cpu']:.2f} | {pg} | {r['peak_mb']:.0f} | {ratio} |"
        )
    sizes = sorted({r["n"] for r in results})
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        lines += ["", f"Peak memory {small:,} → {large:,} rows:"]
        for piece in ("calamine_read", "reader_read", "import", "export", "xlsxwriter_write"):
            if (small, piece) in by and (large, piece) in by:
                lines.append(
                    f"- {piece}: {by[(small, piece)]['peak_mb']:.0f} MB → {by[(large, piece)]['peak_mb']:.0f} MB"
                )
    text = "\n".join(lines) + "\n"
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
