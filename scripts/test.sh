#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test through ctest (unit
# tests, compile cases, and integration tests on a private PostgreSQL cluster
# that ctest starts and stops itself; the same C++ tests again under ASan and
# UBSan, and every fuzz target for a bounded time).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build.sh
# The sanitizer tree (clang, ASan + UBSan, libFuzzer targets); its tests run
# as the main tree's test `sanitizer_and_fuzz_suite`.
bash scripts/sanitize.sh build
cd "${DORA_BUILD_DIR:-$ROOT/build}"
ctest --output-on-failure --timeout 600
