#!/usr/bin/env bash
# Failure-signal policies at scale: the reference rule vs. the per-deploy
# failure ledger (dora-2024), through `dora query`, on the query benchmark's
# data.
#
#   bash bench/run_ledger_bench.sh 1m     # ~1 M events (loads them the first time, ~1 minute)
#   bash bench/run_ledger_bench.sh 10m    # ~10 M events
#
# Reuses (or loads) bench/run_query_bench.sh's product database on the
# dedicated cluster under .data/pg-bench, then runs each query RUNS times
# (default 5) per policy for the 90 days before the data's end and prints the
# median wall time (process start, connection and output included). Checks
# that both policies count the same deploys (`n`), which the ledger must not
# change.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZE=${1:-1m}
RUNS=${RUNS:-5}
source "$ROOT/bench/bench_data.sh"
DB=$PRODUCT_DB
export DATABASE_URL=$BASE/$DB
echo "events: $(psql_ "$DATABASE_URL" -tAc 'SELECT count(*) FROM delivery_events');" \
  "prod deploys in window: $(psql_ "$DATABASE_URL" -tAc "SELECT count(*) FROM delivery_events WHERE event_type='deploy' AND environment='prod' AND occurred_at >= '$FROM' AND occurred_at < '$END'")"
echo "window: $FROM .. $END; runs: $RUNS; median wall time per query"
printf '%-52s %12s %12s\n' query reference dora-2024

median_ms() {  # policy query -> median milliseconds of RUNS runs
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$ROOT/build/dora" query --from "$FROM" --to "$END" --min-sample 1 --failure-signals "$1" "$2" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

# The busiest service, for a one-service query.
SVC=$(psql_ "$DATABASE_URL" -tAc "SELECT service FROM delivery_events WHERE event_type = 'deploy' AND occurred_at >= '$FROM' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
status=0
for q in "change_failure_rate by service" "change_failure_rate every 1w" "change_failure_rate band distribution" \
         "recovery_time p50 by service" "change_failure_rate where service = '$SVC'" "deploys samples limit 20"; do
  printf '%-52s %10s ms %10s ms\n' "$q" "$(median_ms reference "$q")" "$(median_ms dora-2024 "$q")"
done
ref_n=$("$ROOT/build/dora" query --from "$FROM" --to "$END" --format csv "change_failure_rate" | tail -1 | cut -d, -f2)
led_n=$("$ROOT/build/dora" query --from "$FROM" --to "$END" --format csv --failure-signals dora-2024 "change_failure_rate" | tail -1 | cut -d, -f2)
if [ "$ref_n" = "$led_n" ]; then echo "deploys counted: $ref_n under both policies"; else echo "DIFFERENT deploy counts: $ref_n vs $led_n"; status=1; fi
exit $status
