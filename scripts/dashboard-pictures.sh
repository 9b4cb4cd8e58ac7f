#!/usr/bin/env bash
# Pictures of the shipped dashboards (docs/img/dashboard-<name>.png) with real
# answers: builds (unless --no-build), starts a private PostgreSQL cluster
# under .data/pg-pictures (port 54391), loads the deterministic demo data
# (180 days ending 2026-06-01), runs every panel's queries through the
# built plugin binary as Grafana does, and draws each dashboard with
# Grafana's own visualization components in headless Chromium
# (plugin/frontend/scripts/dashboard-pictures.mjs). The cluster is destroyed
# at the end. Fails on any query error, page error or field a panel names
# that its answer lacks; prints what each panel received.
#
#   bash scripts/dashboard-pictures.sh [--no-build] [OUT_DIR]   (default OUT_DIR: docs/img)
#
# Environment: DORA_BUILD_DIR (default build/), DORA_PICTURES_PG_PORT (54391).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD_FIRST=1
if [ "${1:-}" = --no-build ]; then BUILD_FIRST=0; shift; fi
OUT=$(realpath -m "${1:-$ROOT/docs/img}")
if [ $BUILD_FIRST = 1 ]; then
  bash scripts/setup.sh
  bash scripts/build.sh
fi
BUILD=${DORA_BUILD_DIR:-$ROOT/build}
DIST=$(sed -n 's/^DORA_DIST_DIR:PATH=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
DIST=${DIST:-$ROOT/dist}
case "$(uname -m)" in aarch64 | arm64) ARCH=arm64 ;; *) ARCH=amd64 ;; esac
PLUGIN=$DIST/gpx_dora_linux_$ARCH
for f in "$BUILD/dora" "$PLUGIN"; do
  [ -x "$f" ] || { echo "dashboard-pictures: $f is missing; build first (bash scripts/build.sh)" >&2; exit 1; }
done

export DORA_PG_DIR=$ROOT/.data/pg-pictures DORA_PG_PORT=${DORA_PICTURES_PG_PORT:-54391} DORA_PG_FAST=1 DORA_PG_DB=postgres
trap 'bash scripts/pg.sh destroy >/dev/null 2>&1 || true' EXIT
eval "$(bash scripts/pg.sh start)"
DORA_PICTURES_PG_URL=$DATABASE_URL node plugin/frontend/scripts/dashboard-pictures.mjs \
  --plugin "$PLUGIN" --dora "$BUILD/dora" --out "$OUT"
