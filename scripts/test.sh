#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test through ctest (unit
# tests, compile cases, and integration tests on a private PostgreSQL cluster
# that ctest starts and stops itself).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build.sh
cd "${DORA_BUILD_DIR:-$ROOT/build}"
ctest --output-on-failure --timeout 600
