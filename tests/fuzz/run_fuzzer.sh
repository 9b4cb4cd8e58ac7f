#!/usr/bin/env bash
# usage: run_fuzzer.sh <fuzzer> <seed dir> <corpus dir> <seconds>
# Runs one libFuzzer target for a bounded time from its seeds; a crash, a
# sanitizer report or a broken invariant fails (the reproducer is saved next
# to the corpus as crash-*).
set -euo pipefail
BIN=$1
SEEDS=$2
CORPUS=$3
SECONDS_=$4
mkdir -p "$CORPUS"
ARTIFACTS=$(dirname "$CORPUS")/artifacts/$(basename "$BIN")
mkdir -p "$ARTIFACTS"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$BIN" -max_total_time="$SECONDS_" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$ARTIFACTS/" "$CORPUS" "$SEEDS"
