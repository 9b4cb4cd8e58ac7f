#!/usr/bin/env bash
# Plugin benchmark on the 10 M-event database that run_query_bench.sh loads.
#   bash bench/run_query_bench.sh 10m   # once, loads the data
#   bash bench/run_plugin_bench.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DORA_PG_DIR=$ROOT/.data/pg-bench DORA_PG_PORT=54349 DORA_PG_FAST=1 DORA_PG_DB=postgres
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" >/dev/null
eval "$(bash "$ROOT/scripts/pg.sh" start)"
node "$ROOT/bench/plugin_bench.mjs" "$ROOT/dist/gpx_dora_linux_amd64" "$ROOT/build/bench/dora_query_bench" "$ROOT" \
  "$DORA_PG_PORT" bench_dora_10m
