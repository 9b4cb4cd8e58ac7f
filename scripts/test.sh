#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test through ctest (unit
# tests, compile cases, and integration tests on a private PostgreSQL cluster
# that ctest starts and stops itself; the same C++ tests again under ASan and
# UBSan, and every fuzz target for a bounded time). Two tests at a time: the
# sanitizer tree's build (a test, tests/CMakeLists.txt) runs beside the rest.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build.sh
cd "${DORA_BUILD_DIR:-$ROOT/build}"
ctest --output-on-failure --timeout 600 -j 2
