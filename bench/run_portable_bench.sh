#!/usr/bin/env bash
# Budgets of the static plugin binaries in dist/ (bench/README.md, "The
# portable plugin"): start to handshake, idle RSS, RSS after a TLS
# connection and queries, stripped size; amd64 natively, arm64 under
# qemu-aarch64-static. Uses its own small cluster (.data/pg-portable-bench,
# ssl = on with the test PKI) and demo data.
#   bash bench/run_portable_bench.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" >/dev/null
BUILD=${DORA_BUILD_DIR:-$ROOT/build}
PKI=$ROOT/.data/portable-bench-pki
bash "$ROOT/tests/tls/make_test_pki.sh" "$PKI"
export DORA_PG_DIR=$ROOT/.data/pg-portable-bench DORA_PG_PORT=54359 DORA_PG_FAST=1 DORA_PG_DB=dora_bench DORA_PG_TLS_DIR=$PKI
eval "$(bash "$ROOT/scripts/pg.sh" start)"
"$BUILD/dora" migrate >/dev/null
if [ "$(psql -X -tA "$DATABASE_URL" -c 'SELECT count(*) FROM delivery_events')" = 0 ]; then
  "$BUILD/dora" demo --services 8 --days 120 --end 2026-06-01 >/dev/null
fi
QEMU=$(command -v qemu-aarch64-static || true)
[ -f "$ROOT/dist/gpx_dora_linux_arm64" ] || QEMU=
node "$ROOT/bench/portable_bench.mjs" "$ROOT/dist" "$ROOT" "$DORA_PG_PORT" dora_bench "$PKI" $QEMU
bash "$ROOT/scripts/pg.sh" stop
