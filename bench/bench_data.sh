# Sourced by the benchmarks: the dedicated cluster under .data/pg-bench (port
# 54349) and the product database of deterministic demo events for a size,
# loaded once and reused. Expects ROOT and SIZE; sets SERVICES, SCALE, DAYS,
# END, FROM (END - 90 days), BASE (cluster URL), BUILD and PRODUCT_DB, and
# defines psql_ and loaded. DORA_BUILD_DIR picks another build tree.
#
# Sizes 1m and 10m grow the rate (the query benchmark's window grows with the
# table); dash1m, dash10m and dash30m keep 200 services at one rate (about
# 13,700 events a day, 1.2 M in a 90-day window) and grow the history: 73,
# 730 and 2,190 days, so the window holds the same events at every size.
DAYS=730
case "$SIZE" in
  1m)  SERVICES=100; SCALE=3.45 ;;
  10m) SERVICES=500; SCALE=6.9 ;;
  dash1m)  SERVICES=200; SCALE=23.2; DAYS=73 ;;
  dash10m) SERVICES=200; SCALE=23.2 ;;
  dash30m) SERVICES=200; SCALE=23.2; DAYS=2190 ;;
  *) echo "usage: $0 1m|10m|dash1m|dash10m|dash30m" >&2; exit 2 ;;
esac
BUILD=${DORA_BUILD_DIR:-$ROOT/build}
END=2026-11-01T00:00:00Z
FROM=2026-08-03T00:00:00Z   # END - 90 days
export DORA_PG_DIR=$ROOT/.data/pg-bench DORA_PG_PORT=54349 DORA_PG_FAST=1 DORA_PG_DB=postgres
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" >/dev/null
eval "$(bash "$ROOT/scripts/pg.sh" start)"
BASE=postgresql://postgres@127.0.0.1:$DORA_PG_PORT
PRODUCT_DB=bench_dora_$SIZE
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

exists() { psql_ "$BASE/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }
loaded() { exists "$1" && psql_ "$BASE/$1" -tAc "SELECT to_regclass('bench_loaded') IS NOT NULL" | grep -q t; }

if ! loaded "$PRODUCT_DB"; then
  psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $PRODUCT_DB" -c "CREATE DATABASE $PRODUCT_DB"
  DATABASE_URL=$BASE/$PRODUCT_DB "$BUILD/dora" migrate
  DATABASE_URL=$BASE/$PRODUCT_DB /usr/bin/time -f "load: %e s, %M KB max RSS" "$BUILD/dora" demo \
    --services $SERVICES --days $DAYS --rate-scale $SCALE --seed 7 --end $END
  psql_ "$BASE/$PRODUCT_DB" -c "VACUUM ANALYZE delivery_events" -c "CREATE TABLE bench_loaded ()"
fi
# A database loaded by an older build gets this build's schema.
DATABASE_URL=$BASE/$PRODUCT_DB "$BUILD/dora" migrate >/dev/null
# `dora demo` stores one service's history after another; a live table
# receives events roughly in the order they happen, so its pages follow time.
# Once per database, the rows are put in time order (CLUSTER on a temporary
# index) to match; the rows themselves, ids included, do not change.
if ! psql_ "$BASE/$PRODUCT_DB" -tAc "SELECT to_regclass('bench_time_ordered') IS NOT NULL" | grep -q t; then
  psql_ "$BASE/$PRODUCT_DB" -c "SET maintenance_work_mem = '1GB'" \
    -c "CREATE INDEX bench_cluster_time ON delivery_events (occurred_at)" \
    -c "CLUSTER delivery_events USING bench_cluster_time" -c "DROP INDEX bench_cluster_time" \
    -c "VACUUM ANALYZE delivery_events" -c "CREATE TABLE bench_time_ordered ()"
fi
# The same for the tables the triggers keep from the events: `dora demo`'s
# load filled them service after service, where a live database adds each
# day's rows as the day happens. Their rows do not change either.
if ! psql_ "$BASE/$PRODUCT_DB" -tAc "SELECT to_regclass('bench_kept_time_ordered') IS NOT NULL" | grep -q t; then
  psql_ "$BASE/$PRODUCT_DB" -c "SET maintenance_work_mem = '1GB'" \
    -c "CLUSTER deploy_day_counts USING deploy_day_counts_key" -c "CLUSTER lead_time_days USING lead_time_days_key" \
    -c "CLUSTER event_day_counts USING event_day_counts_key" -c "CLUSTER incident_firsts USING incident_firsts_opened" \
    -c "VACUUM ANALYZE deploy_day_counts, lead_time_days, event_day_counts, incident_firsts" \
    -c "CREATE TABLE bench_kept_time_ordered ()"
fi
# The weekly tables (schema versions 14 and 15) likewise, once, in databases
# clustered before they existed too.
if ! psql_ "$BASE/$PRODUCT_DB" -tAc "SELECT to_regclass('bench_week_tables_ordered') IS NOT NULL" | grep -q t; then
  psql_ "$BASE/$PRODUCT_DB" -c "CLUSTER deploy_week_counts USING deploy_week_counts_key" \
    -c "CLUSTER event_week_counts USING event_week_counts_key" \
    -c "VACUUM ANALYZE deploy_week_counts, event_week_counts" -c "CREATE TABLE bench_week_tables_ordered ()"
fi

# The reference design's database (bench/reference_schema.sql's DDL and
# indexes) with the very same rows as PRODUCT_DB; sets REF_DB.
load_reference_db() {
  REF_DB=bench_ref_$SIZE
  if ! loaded "$REF_DB"; then
    psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $REF_DB" -c "CREATE DATABASE $REF_DB"
    psql_ "$BASE/$REF_DB" -f "$ROOT/bench/reference_schema.sql"
    local cols="event_type, service, team, environment, commit_sha, first_commit_ts, occurred_at, success, is_rollback, incident_id, source, payload, ingested_at"
    psql_ "$BASE/$PRODUCT_DB" -c "\\copy (SELECT $cols FROM delivery_events ORDER BY id) TO STDOUT" |
      psql_ "$BASE/$REF_DB" -c "\\copy delivery_events ($cols) FROM STDIN"
    psql_ "$BASE/$REF_DB" -c "VACUUM ANALYZE delivery_events" -c "CREATE TABLE bench_loaded ()"
  fi
}
