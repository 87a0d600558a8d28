#!/usr/bin/env bash
# `make bench`: provision throwaway PostgreSQL and Redis (as `make test` does), build the
# city-scale dataset, run every benchmark against its floor, write benchmarks/results/*.md
# and print them. BENCH_SCALE=1 for the full city (1,000 communities, ~10 M work logs);
# the default 0.1 (100 communities, ~1 M work logs) takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
# Own ports, so `make bench` and `make test` can run side by side.
export PG_PORT="${BENCH_PG_PORT:-54339}" REDIS_PORT="${BENCH_REDIS_PORT:-63809}"
export NEED_BROWSER=0
source scripts/services.sh
services_start
trap services_stop EXIT

export DJANGO_SETTINGS_MODULE=communityops.settings.test
export BENCH_SCALE="${BENCH_SCALE:-0.1}" BENCH_YEAR="${BENCH_YEAR:-2025}"
export PYTHONWARNINGS=ignore LOG_LEVEL=WARNING PYTHONUNBUFFERED=1
PY=.venv/bin/python
as_pg=(); [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
# Index builds and VACUUM after the bulk load; query settings stay at their defaults.
"${as_pg[@]}" psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d communityops \
  -c "ALTER SYSTEM SET maintenance_work_mem = '512MB'" -c "SELECT pg_reload_conf()" >/dev/null

mkdir -p benchmarks/results
started=$(date +%s)
failed=()
step() {  # step NAME COMMAND...: run one benchmark; a failure is reported, the others still run
  local name=$1; shift
  echo; echo "=== $name"
  "$@" || { echo "!!! $name failed"; failed+=("$name"); }
}

$PY manage.py migrate --noinput -v0
step citygen $PY -m benchmarks.citygen --scale "$BENCH_SCALE" --year "$BENCH_YEAR" --write-results
step burden $PY -m benchmarks.burden_bench --year "$BENCH_YEAR" --repeat "${BENCH_REPEAT:-3}"
step http env DJANGO_SETTINGS_MODULE=benchmarks.settings $PY -m benchmarks.http_bench
if [ -f benchmarks/workbook_bench.py ] && [ "${BENCH_WORKBOOK:-1}" = 1 ]; then
  # Owned by the workbook app; called at 100k rows, in a database of its own (it imports into
  # empty record tables), writes benchmarks/results/workbook.md itself.
  "${as_pg[@]}" createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres communityops_workbook
  step workbook env DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/communityops_workbook" \
    $PY benchmarks/workbook_bench.py --rows "${BENCH_WORKBOOK_ROWS:-100000,1000000}"
else
  echo; echo "=== workbook: skipped (BENCH_WORKBOOK=0 or benchmarks/workbook_bench.py missing)"
fi

echo
echo "=== make bench: scale $BENCH_SCALE, $(( $(date +%s) - started )) s; results in benchmarks/results/"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
