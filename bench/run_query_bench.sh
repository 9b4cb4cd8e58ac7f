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
source "$ROOT/bench/bench_data.sh"
load_reference_db

echo "events: $(psql_ "$BASE/$PRODUCT_DB" -tAc 'SELECT count(*) FROM delivery_events') (product), $(psql_ "$BASE/$REF_DB" -tAc 'SELECT count(*) FROM delivery_events') (reference)"
echo "prod deploys in window: $(psql_ "$BASE/$PRODUCT_DB" -tAc "SELECT count(*) FROM delivery_events WHERE event_type='deploy' AND environment='prod' AND occurred_at >= '$FROM' AND occurred_at < '$END'")"
echo "window: $FROM .. $END; PostgreSQL $(psql_ "$BASE/postgres" -tAc 'SHOW server_version'), shared_buffers $(psql_ "$BASE/postgres" -tAc 'SHOW shared_buffers')"
"$BUILD/bench/dora_query_bench" "$BASE/$PRODUCT_DB" "$BASE/$REF_DB" "$FROM" "$END" "${RUNS:-7}"
