#!/usr/bin/env bash
# The sanitizer tree: every library, the CLI, the plugin (dynamic), the unit
# and integration tests and the libFuzzer targets built with clang, ASan and
# UBSan into build-asan/ (DORA_SANITIZE_BUILD_DIR). Line tables only: the
# sanitizers' reports still name file and line, at a fraction of -g's cost.
#
#   scripts/sanitize.sh build   configure (once) and build
#   scripts/sanitize.sh test    run, through ctest, the C++ unit and
#                               integration tests
#   scripts/sanitize.sh fuzz    run each fuzz target for DORA_FUZZ_SECONDS
#                               (default 10) seconds, through ctest
#
# The main tree's ctest runs `build`, then `test` and `fuzz` side by side
# (tests/CMakeLists.txt). Its test cluster uses port 54341, so it never meets
# the main tree's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${DORA_SANITIZE_BUILD_DIR:-$ROOT/build-asan}
case "${1:-}" in
  build)
    if [ ! -f "$BUILD/build.ninja" ]; then
      CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DDORA_FUZZ=ON -DDORA_STATIC_PLUGIN=OFF \
        -DDORA_TEST_PG_PORT=54341 -DDORA_FUZZ_SECONDS="${DORA_FUZZ_SECONDS:-10}" >/dev/null
    fi
    # What the sanitized run needs: tests, the CLI and server, fuzzers.
    mapfile -t targets < <(ninja -C "$BUILD" -t targets all | sed -n -E 's/^([A-Za-z0-9_]+(_test|_integration_test)|fuzz_[a-z_]+|dora|compile_cases_test): .*/\1/p' | sort -u)
    ninja -C "$BUILD" "${targets[@]}"
    ;;
  test)
    cd "$BUILD"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/support/lsan_suppressions.txt}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    # gtest cases (Suite.Name, the compile cases among them) two at a time,
    # then the integration tests one at a time; ctest adds the cluster
    # fixtures they need. Node, Go and packaging tests run in the main tree.
    ctest --output-on-failure --timeout 600 -j 2 -R '\.'
    ctest --output-on-failure --timeout 600 -R '_integration_test$'
    ;;
  fuzz)
    cd "$BUILD"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/support/lsan_suppressions.txt}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    # The fuzz targets are independent: two at a time.
    ctest --output-on-failure -j 2 -R '^fuzz_'
    ;;
  *) echo "usage: scripts/sanitize.sh build|test|fuzz" >&2; exit 2 ;;
esac
