#!/usr/bin/env bash
# Query benchmark: dora's engine vs. the reference design's SQL and schema.
#
#   bash bench/run_query_bench.sh 1m     # ~1 M events
#   bash bench/run_query_bench.sh 10m    # ~10 M events
#
# Starts a dedicated cluster under .data/pg-bench (port 54349), loads the same
# deterministic demo events into two databases — one migrated by dora (product
# schema and indexes), one with only the reference design's DDL and indexes —
# VACUUM ANALYZEs both, and runs bench/query_bench.cc's three questions for the
# 90 days before the data's end. Loaded databases are reused on later runs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZE=${1:-1m}
case "$SIZE" in
  1m)  SERVICES=100; SCALE=3.45 ;;
  10m) SERVICES=500; SCALE=6.9 ;;
  *) echo "usage: $0 1m|10m" >&2; exit 2 ;;
esac
DAYS=730
END=2026-11-01T00:00:00Z
FROM=2026-08-03T00:00:00Z   # END - 90 days
export DORA_PG_DIR=$ROOT/.data/pg-bench DORA_PG_PORT=54349 DORA_PG_FAST=1 DORA_PG_DB=postgres
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" >/dev/null
eval "$(bash "$ROOT/scripts/pg.sh" start)"
BASE=postgresql://postgres@127.0.0.1:$DORA_PG_PORT
PRODUCT_DB=bench_dora_$SIZE
REF_DB=bench_ref_$SIZE
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

exists() { psql_ "$BASE/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }
loaded() { exists "$1" && psql_ "$BASE/$1" -tAc "SELECT to_regclass('bench_loaded') IS NOT NULL" | grep -q t; }

if ! loaded "$PRODUCT_DB"; then
  psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $PRODUCT_DB" -c "CREATE DATABASE $PRODUCT_DB"
  export DATABASE_URL=$BASE/$PRODUCT_DB
  "$ROOT/build/dora" migrate
  /usr/bin/time -f "load: %e s, %M KB max RSS" "$ROOT/build/dora" demo --services $SERVICES --days $DAYS \
    --rate-scale $SCALE --seed 7 --end $END
  psql_ "$DATABASE_URL" -c "VACUUM ANALYZE delivery_events" -c "CREATE TABLE bench_loaded ()"
fi
if ! loaded "$REF_DB"; then
  psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $REF_DB" -c "CREATE DATABASE $REF_DB"
  psql_ "$BASE/$REF_DB" -f "$ROOT/bench/reference_schema.sql"
  COLS="event_type, service, team, environment, commit_sha, first_commit_ts, occurred_at, success, is_rollback, incident_id, source, payload, ingested_at"
  psql_ "$BASE/$PRODUCT_DB" -c "\\copy (SELECT $COLS FROM delivery_events ORDER BY id) TO STDOUT" |
    psql_ "$BASE/$REF_DB" -c "\\copy delivery_events ($COLS) FROM STDIN"
  psql_ "$BASE/$REF_DB" -c "VACUUM ANALYZE delivery_events" -c "CREATE TABLE bench_loaded ()"
fi

echo "events: $(psql_ "$BASE/$PRODUCT_DB" -tAc 'SELECT count(*) FROM delivery_events') (product), $(psql_ "$BASE/$REF_DB" -tAc 'SELECT count(*) FROM delivery_events') (reference)"
echo "prod deploys in window: $(psql_ "$BASE/$PRODUCT_DB" -tAc "SELECT count(*) FROM delivery_events WHERE event_type='deploy' AND environment='prod' AND occurred_at >= '$FROM' AND occurred_at < '$END'")"
echo "window: $FROM .. $END; PostgreSQL $(psql_ "$BASE/postgres" -tAc 'SHOW server_version'), shared_buffers $(psql_ "$BASE/postgres" -tAc 'SHOW shared_buffers')"
"$ROOT/build/bench/dora_query_bench" "$BASE/$PRODUCT_DB" "$BASE/$REF_DB" "$FROM" "$END" "${RUNS:-7}"
