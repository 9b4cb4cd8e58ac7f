#!/usr/bin/env bash
# The main job: install what is needed, build (which assembles the Grafana
# plugin bundle in dist/), start the local PostgreSQL under .data/pg, migrate,
# load the demo data, start the ingest server (`dora serve`, in the
# background, on 127.0.0.1:8080) and print the DORA report for the last 90
# days per service. Safe to run again: everything already running is reused.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build.sh
eval "$(bash scripts/pg.sh start)"
./build/dora migrate
./build/dora demo
./build/dora verify || true

# The ingest server, with secrets generated once under .data/secrets.
mkdir -p .data/secrets && chmod 700 .data/secrets
for name in GH_WEBHOOK_SECRET GITLAB_WEBHOOK_TOKEN PAGERDUTY_WEBHOOK_SECRET OPSGENIE_WEBHOOK_TOKEN METRICS_TOKEN; do
  [ -s ".data/secrets/$name" ] || openssl rand -hex 24 >".data/secrets/$name"
  export "${name}_FILE=$ROOT/.data/secrets/$name"
done
if curl -fs -o /dev/null http://127.0.0.1:8080/healthz; then
  echo "dora serve is already running on 127.0.0.1:8080"
else
  nohup ./build/dora serve --listen 127.0.0.1:8080 --spool-dir .data/spool >.data/serve.out 2>.data/serve.log &
  echo $! >.data/serve.pid
  for _ in $(seq 50); do curl -fs -o /dev/null http://127.0.0.1:8080/healthz && break; sleep 0.1; done
  echo "dora serve started on 127.0.0.1:8080 (pid $(cat .data/serve.pid), logs in .data/serve.log)"
fi
echo
./build/dora report --from now-90d
echo
echo "The Grafana plugin bundle is in $ROOT/dist (see README: Installing the plugin in Grafana)."
echo "Send a deploy event:"
echo "  curl -X POST http://127.0.0.1:8080/events/deploy -H \"Authorization: Bearer \$(cat .data/secrets/METRICS_TOKEN)\" \\"
echo "    -H 'Content-Type: application/json' -d '{\"service\":\"checkout\",\"environment\":\"prod\",\"occurred_at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"success\":true}'"
echo "Stop the server with: kill \$(cat .data/serve.pid)"
echo "The database keeps running: export DATABASE_URL='$DATABASE_URL'"
echo "then try: ./build/dora query \"lead_time p90 by service every 1w\" --from now-90d"
echo "stop it with: bash scripts/pg.sh stop"
