#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on loopback for the test suite (and benchmarks).
#   source scripts/services.sh && services_start   → exports DATABASE_URL, REDIS_URL
#   services_stop                                  → stops both and removes the folder
# PostgreSQL refuses to run as root, so its tools run as the unprivileged `postgres` user.
set -euo pipefail

PG_PORT="${PG_PORT:-54329}"
REDIS_PORT="${REDIS_PORT:-63799}"

services_packages() {
  local missing=()
  command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir 2>/dev/null)/initdb" ] || missing+=(postgresql)
  [ -d /usr/lib/postgresql ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ "${NEED_BROWSER:-1}" = 1 ]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

services_start() {
  services_packages
  SERVICES_DIR="$(mktemp -d /tmp/communityops-services.XXXXXX)"
  export SERVICES_DIR
  chmod 755 "$SERVICES_DIR"
  mkdir -p "$SERVICES_DIR/pg" "$SERVICES_DIR/sock"
  local bin; bin="$(pg_bindir)"
  local as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$SERVICES_DIR/pg" "$SERVICES_DIR/sock"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$bin/initdb" -D "$SERVICES_DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_pg[@]}" "$bin/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $SERVICES_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$SERVICES_DIR" --save '' --appendonly no \
    --logfile "$SERVICES_DIR/redis.log" >/dev/null
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/communityops"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export PG_CTL="$bin/pg_ctl" PGDATA_DIR="$SERVICES_DIR/pg"
  "${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres communityops
  echo "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT ($SERVICES_DIR)"
}

services_stop() {
  [ -n "${SERVICES_DIR:-}" ] || return 0
  local as_pg=(); [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
  "${as_pg[@]}" "$(pg_bindir)/pg_ctl" -D "$SERVICES_DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$SERVICES_DIR"
}
