#!/usr/bin/env bash
# Ingest benchmark: `dora serve` vs. the reference design's receiver
# (bench/reference_receiver.py: Flask + psycopg under gunicorn, one connection
# and one commit per request), on the same durable PostgreSQL (fsync and
# synchronous_commit on), driven by wrk on loopback.
#
#   bash bench/run_ingest_bench.sh          # results are printed as a table
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-10}
BUILD=${DORA_BUILD_DIR:-$ROOT/build}  # another build tree: DORA_BUILD_DIR
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" >/dev/null
export DORA_PG_DIR=$ROOT/.data/pg-ingest-bench DORA_PG_PORT=54379 DORA_PG_FAST=0 DORA_PG_DB=postgres
eval "$(bash "$ROOT/scripts/pg.sh" start)"
BASE=postgresql://postgres@127.0.0.1:$DORA_PG_PORT
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS ingest_dora" -c "CREATE DATABASE ingest_dora" \
  -c "DROP DATABASE IF EXISTS ingest_ref" -c "CREATE DATABASE ingest_ref"
DATABASE_URL=$BASE/ingest_dora "$BUILD/dora" migrate >/dev/null
psql_ "$BASE/ingest_ref" -f "$ROOT/bench/reference_schema.sql"

export GH_WEBHOOK_SECRET=bench-secret METRICS_TOKEN=bench-token
PUSH_BODY=$(cat "$ROOT/tests/fixtures/webhooks/github_push.json")
SIGNATURE="sha256=$(printf '%s' "$PUSH_BODY" | openssl dgst -sha256 -hmac "$GH_WEBHOOK_SECRET" | awk '{print $NF}')"
export PUSH_BODY SIGNATURE TOKEN=$METRICS_TOKEN

SPOOL=$(mktemp -d /tmp/dora_ingest_bench.XXXXXX)
DATABASE_URL=$BASE/ingest_dora "$BUILD/dora" serve --listen 127.0.0.1:18080 --threads 128 --spool-dir "$SPOOL" >/dev/null 2>"$SPOOL/serve.log" &
DORA_PID=$!
WORKERS=$(( $(nproc) * 2 + 1 ))
DATABASE_URL=$BASE/ingest_ref gunicorn --chdir "$ROOT/bench" --workers "$WORKERS" --bind 127.0.0.1:18081 \
  --log-level warning reference_receiver:app &
REF_PID=$!
trap 'kill $DORA_PID $REF_PID 2>/dev/null; wait 2>/dev/null; rm -rf "$SPOOL"' EXIT
for port in 18080 18081; do
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

run() {  # name url kind connections rate
  local out
  out=$(KIND=$3 RATE=$5 wrk -t2 -c"$4" -d"${DURATION}s" --latency -s "$ROOT/bench/ingest_load.lua" "$2" | grep '^RESULT')
  printf '%-44s %s\n' "$1" "${out#RESULT }"
}

echo "PostgreSQL $(psql_ "$BASE/postgres" -tAc 'SHOW server_version'), fsync $(psql_ "$BASE/postgres" -tAc 'SHOW fsync'), synchronous_commit $(psql_ "$BASE/postgres" -tAc 'SHOW synchronous_commit'); gunicorn sync workers: $WORKERS; $(nproc) cores"
run "dora serve, signed GitHub pushes, max" http://127.0.0.1:18080 github 64 0
run "reference, signed GitHub pushes, max" http://127.0.0.1:18081 github 64 0
run "dora serve, deploy events, max" http://127.0.0.1:18080 deploy 64 0
run "reference, deploy events, max" http://127.0.0.1:18081 deploy 64 0
run "dora serve, deploy events, ~1000/s" http://127.0.0.1:18080 deploy 24 50
run "dora serve, signed GitHub pushes, ~1000/s" http://127.0.0.1:18080 github 24 50
echo "rows stored by dora serve: $(psql_ "$BASE/ingest_dora" -tAc 'SELECT count(*) FROM delivery_events')," \
     "by the reference: $(psql_ "$BASE/ingest_ref" -tAc 'SELECT count(*) FROM delivery_events')"
