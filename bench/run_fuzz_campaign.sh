#!/usr/bin/env bash
# Long fuzzing campaigns: every libFuzzer target of tests/fuzz for
# DORA_FUZZ_SECONDS (default 600) each, two at a time, keeping the corpora in
# build-asan/fuzz-corpus between runs (the test command runs each for 20 s).
#
#   bash bench/run_fuzz_campaign.sh                # all targets
#   DORA_FUZZ_SECONDS=3600 bash bench/run_fuzz_campaign.sh fuzz_query fuzz_webhooks
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${DORA_SANITIZE_BUILD_DIR:-$ROOT/build-asan}
SECONDS_EACH=${DORA_FUZZ_SECONDS:-600}
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/sanitize.sh" build
targets=("$@")
if [ ${#targets[@]} = 0 ]; then
  mapfile -t targets < <(cd "$BUILD/tests/fuzz" && ls fuzz_* | grep -v '\.' )
fi
run() {
  local t=$1
  bash "$ROOT/tests/fuzz/run_fuzzer.sh" "$BUILD/tests/fuzz/$t" "$BUILD/fuzz-seeds/$t" "$BUILD/fuzz-corpus/$t" \
    "$SECONDS_EACH" >"$BUILD/fuzz-corpus/$t.log" 2>&1 && echo "$t: clean ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$BUILD/fuzz-corpus/$t.log" | grep -o '[0-9]*$') executions)" \
    || echo "$t: FAILED, see $BUILD/fuzz-corpus/$t.log and $BUILD/fuzz-corpus/artifacts/$t/"
}
mkdir -p "$BUILD/fuzz-corpus"
export -f run
export ROOT BUILD SECONDS_EACH
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'run {}'
