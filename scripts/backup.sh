#!/usr/bin/env bash
# Back up (or restore) the database and the uploaded files.
#   scripts/backup.sh backup  [DIR]        → DIR/communityops-<timestamp>.dump and .media.tar.gz
#   scripts/backup.sh restore DUMP [MEDIA] → into the (empty) database named by DATABASE_URL
# DATABASE_URL and MEDIA_ROOT are read from the environment, as the portal reads them.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database}"
MEDIA_ROOT="${MEDIA_ROOT:-$(dirname "$0")/../var/media}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
PG_DUMP="${PG_DUMP:-${bin:+$bin/}pg_dump}"
PG_RESTORE="${PG_RESTORE:-${bin:+$bin/}pg_restore}"

case "${1:-}" in
  backup)
    dir="${2:-backups}"; mkdir -p "$dir"
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    "$PG_DUMP" --format=custom --no-owner --file "$dir/communityops-$stamp.dump" "$DATABASE_URL"
    if [ -d "$MEDIA_ROOT" ]; then tar -czf "$dir/communityops-$stamp.media.tar.gz" -C "$MEDIA_ROOT" .; fi
    echo "$dir/communityops-$stamp.dump"
    ;;
  restore)
    dump="${2:?dump file}"
    "$PG_RESTORE" --no-owner --exit-on-error --dbname "$DATABASE_URL" "$dump"
    if [ -n "${3:-}" ]; then mkdir -p "$MEDIA_ROOT" && tar -xzf "$3" -C "$MEDIA_ROOT"; fi
    echo "restored $dump"
    ;;
  *) echo "usage: $0 backup [DIR] | restore DUMP [MEDIA_TAR]" >&2; exit 2 ;;
esac
