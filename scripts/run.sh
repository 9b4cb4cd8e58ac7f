#!/usr/bin/env bash
# The main job: install what is needed, build, start the local PostgreSQL
# under .data/pg, migrate, load the demo data and print the DORA report for
# the last 90 days per service.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build.sh
eval "$(bash scripts/pg.sh start)"
./build/dora migrate
./build/dora demo
./build/dora verify || true
echo
./build/dora report --from now-90d
echo
echo "The Grafana plugin bundle is in $ROOT/dist (see README: Installing the plugin in Grafana)."
echo "The database keeps running: export DATABASE_URL='$DATABASE_URL'"
echo "then try: ./build/dora query \"lead_time p90 by service every 1w\" --from now-90d"
echo "stop it with: bash scripts/pg.sh stop"
