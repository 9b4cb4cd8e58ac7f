# Sourced by the query benchmarks: the dedicated cluster under .data/pg-bench
# (port 54349) and the product database of deterministic demo events for a
# size (1m or 10m), loaded once and reused. Expects ROOT and SIZE; sets
# SERVICES, SCALE, DAYS, END, FROM (END - 90 days), BASE (cluster URL) and
# PRODUCT_DB, and defines psql_ and loaded.
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
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

exists() { psql_ "$BASE/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }
loaded() { exists "$1" && psql_ "$BASE/$1" -tAc "SELECT to_regclass('bench_loaded') IS NOT NULL" | grep -q t; }

if ! loaded "$PRODUCT_DB"; then
  psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $PRODUCT_DB" -c "CREATE DATABASE $PRODUCT_DB"
  DATABASE_URL=$BASE/$PRODUCT_DB "$ROOT/build/dora" migrate
  DATABASE_URL=$BASE/$PRODUCT_DB /usr/bin/time -f "load: %e s, %M KB max RSS" "$ROOT/build/dora" demo \
    --services $SERVICES --days $DAYS --rate-scale $SCALE --seed 7 --end $END
  psql_ "$BASE/$PRODUCT_DB" -c "VACUUM ANALYZE delivery_events" -c "CREATE TABLE bench_loaded ()"
fi
# A database loaded by an older build gets this build's schema.
DATABASE_URL=$BASE/$PRODUCT_DB "$ROOT/build/dora" migrate >/dev/null
