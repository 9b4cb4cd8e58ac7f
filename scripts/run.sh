#!/usr/bin/env bash
# The main job: install what is needed, build (which assembles the Grafana
# plugin bundle in dist/), start the local PostgreSQL under .data/pg, migrate,
# load the demo data, start the ingest server (`dora serve`, in the
# background, on 127.0.0.1:8080) and print the DORA report for the last 90
# days per service. When Grafana is installed (`grafana` or `grafana-server` on
# the PATH, or $GRAFANA_HOME/bin/grafana), also start it on 127.0.0.1:3000
# (GRAFANA_PORT) with the plugin, the data source, the dashboards and the alert
# rules provisioned against the local database; otherwise print how to install
# dist/ and provisioning/ into a Grafana. Safe to run again: everything already
# running is reused.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build.sh
BUILD=${DORA_BUILD_DIR:-$ROOT/build}
# The plugin bundle directory (plugin/CMakeLists.txt's DORA_DIST_DIR, default dist/).
DIST=$(sed -n 's/^DORA_DIST_DIR:PATH=//p' "$BUILD/CMakeCache.txt")
DIST=${DIST:-$ROOT/dist}
eval "$(bash scripts/pg.sh start)"
# Secrets are generated once under .data/secrets (0700, files 0600).
mkdir -p .data/secrets && chmod 700 .data/secrets
umask 077
for name in DORA_INGEST_PASSWORD DORA_READER_PASSWORD GH_WEBHOOK_SECRET GITLAB_WEBHOOK_TOKEN PAGERDUTY_WEBHOOK_SECRET \
    OPSGENIE_WEBHOOK_TOKEN METRICS_TOKEN; do
  [ -s ".data/secrets/$name" ] || openssl rand -hex 24 >".data/secrets/$name"
  export "${name}_FILE=$ROOT/.data/secrets/$name"
done
umask 022
chmod 600 .data/secrets/*
# The schema, and the least-privilege roles: dora serve writes as dora_ingest,
# Grafana reads as dora_reader (their passwords in .data/secrets/pgpass).
"$BUILD/dora" migrate --create-roles
"$BUILD/dora" demo
"$BUILD/dora" verify || true
PG_PORT=$(echo "$DATABASE_URL" | sed -E 's|^postgresql://[^@]*@[^:/]*:([0-9]+)/.*$|\1|')
PG_DB=$(echo "$DATABASE_URL" | sed -E 's|^.*/([^/?]*)(\?.*)?$|\1|')
(umask 077 && printf '127.0.0.1:%s:*:dora_ingest:%s\n127.0.0.1:%s:*:dora_reader:%s\n' \
  "$PG_PORT" "$(cat .data/secrets/DORA_INGEST_PASSWORD)" "$PG_PORT" "$(cat .data/secrets/DORA_READER_PASSWORD)" \
  >.data/secrets/pgpass)

# The ingest server.
if curl -fs -o /dev/null http://127.0.0.1:8080/healthz; then
  echo "dora serve is already running on 127.0.0.1:8080"
else
  DATABASE_URL="postgresql://dora_ingest@127.0.0.1:$PG_PORT/$PG_DB" PGPASSFILE="$ROOT/.data/secrets/pgpass" \
    nohup "$BUILD/dora" serve --listen 127.0.0.1:8080 --spool-dir .data/spool >.data/serve.out 2>.data/serve.log &
  echo $! >.data/serve.pid
  for _ in $(seq 50); do curl -fs -o /dev/null http://127.0.0.1:8080/healthz && break; sleep 0.1; done
  echo "dora serve started on 127.0.0.1:8080 (pid $(cat .data/serve.pid), logs in .data/serve.log)"
fi
echo
"$BUILD/dora" report --from now-90d
echo

# --- Grafana -----------------------------------------------------------------
# Finds a Grafana server: sets GRAFANA_CMD (binary and subcommand) and
# GRAFANA_HOMEPATH (the directory holding conf/defaults.ini and public/).
find_grafana() {
  local bin path home
  if [ -n "${GRAFANA_HOME:-}" ] && [ -x "$GRAFANA_HOME/bin/grafana" ]; then
    GRAFANA_CMD="$GRAFANA_HOME/bin/grafana server"
    GRAFANA_HOMEPATH=$GRAFANA_HOME
    return 0
  fi
  for bin in grafana grafana-server; do
    path=$(command -v "$bin" 2>/dev/null) || continue
    home=$(dirname "$(dirname "$(readlink -f "$path")")")
    if [ -f "$home/conf/defaults.ini" ]; then GRAFANA_HOMEPATH=$home
    elif [ -f /usr/share/grafana/conf/defaults.ini ]; then GRAFANA_HOMEPATH=/usr/share/grafana  # Debian/RPM packages
    else continue
    fi
    # Grafana >= 10 is `grafana server`; grafana-server is the deprecated wrapper.
    if [ "$bin" = grafana ]; then GRAFANA_CMD="$path server"; else GRAFANA_CMD=$path; fi
    return 0
  done
  return 1
}

GRAFANA_PORT=${GRAFANA_PORT:-3000}
GRAFANA_URL=http://127.0.0.1:$GRAFANA_PORT
if find_grafana; then
  GDIR=$ROOT/.data/grafana
  mkdir -p "$GDIR"/{data,log,plugins} "$GDIR"/provisioning/{datasources,dashboards,alerting,plugins}
  [ -s .data/secrets/GRAFANA_ADMIN_PASSWORD ] || openssl rand -hex 12 >.data/secrets/GRAFANA_ADMIN_PASSWORD
  GRAFANA_PASSWORD=$(cat .data/secrets/GRAFANA_ADMIN_PASSWORD)
  if curl -fs -o /dev/null "$GRAFANA_URL/api/health"; then
    echo "Grafana is already running on $GRAFANA_URL (restart it to load a rebuilt plugin: kill \$(cat .data/grafana/grafana.pid))"
  else
    # The plugin: a fresh copy of dist/ (binary, plugin.json, module.js, dashboards).
    rm -rf "$GDIR/plugins/dora-metrics-datasource"
    cp -r "$DIST" "$GDIR/plugins/dora-metrics-datasource"
    # Provisioning: the shipped files; the data source reads DORA_PG_* from
    # Grafana's environment (below), the dashboards come from the repository.
    cp provisioning/datasources/dora.yaml "$GDIR/provisioning/datasources/dora.yaml"
    cp provisioning/alerting/dora-rules.yaml "$GDIR/provisioning/alerting/dora-rules.yaml"
    sed "s|path: .*|path: $ROOT/dashboards|" provisioning/dashboards/dora.yaml >"$GDIR/provisioning/dashboards/dora.yaml"
    install -m 600 /dev/null "$GDIR/grafana.ini"  # private before it holds the admin password
    cat >"$GDIR/grafana.ini" <<INI
[server]
http_addr = 127.0.0.1
http_port = $GRAFANA_PORT
[paths]
data = $GDIR/data
logs = $GDIR/log
plugins = $GDIR/plugins
provisioning = $GDIR/provisioning
[plugins]
allow_loading_unsigned_plugins = dora-metrics-datasource
[security]
admin_user = admin
admin_password = $GRAFANA_PASSWORD
[analytics]
reporting_enabled = false
check_for_updates = false
check_for_plugin_updates = false
[log]
mode = file
INI
    # Grafana reads as dora_reader; its password reaches Grafana through the
    # environment and is stored encrypted in Grafana's database.
    # shellcheck disable=SC2086  # GRAFANA_CMD is "binary [subcommand]"
    GF_PATHS_PROVISIONING="$GDIR/provisioning" \
    GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=dora-metrics-datasource \
    DORA_PG_HOST="127.0.0.1:$PG_PORT" DORA_PG_USER=dora_reader DORA_PG_PASSWORD="$(cat .data/secrets/DORA_READER_PASSWORD)" \
    DORA_PG_DATABASE="$PG_DB" DORA_PG_SSLMODE=disable \
      nohup $GRAFANA_CMD --homepath "$GRAFANA_HOMEPATH" --config "$GDIR/grafana.ini" \
      >"$GDIR/log/stdout.log" 2>&1 &
    echo $! >"$GDIR/grafana.pid"
    for _ in $(seq 120); do curl -fs -o /dev/null "$GRAFANA_URL/api/health" && break; sleep 0.5; done
    if curl -fs -o /dev/null "$GRAFANA_URL/api/health"; then
      echo "Grafana started on $GRAFANA_URL (pid $(cat "$GDIR/grafana.pid"), logs in .data/grafana/log)"
    else
      echo "Grafana did not become healthy within 60 s; see .data/grafana/log/grafana.log and .data/grafana/log/stdout.log" >&2
    fi
  fi
  if curl -fs -o /dev/null "$GRAFANA_URL/api/health"; then
    echo "Data source health: $(curl -s -u "admin:$GRAFANA_PASSWORD" "$GRAFANA_URL/api/datasources/uid/dora/health" || echo unavailable)"
    echo "DORA overview dashboard: $GRAFANA_URL/d/dora-overview/dora-overview  (user admin, password in .data/secrets/GRAFANA_ADMIN_PASSWORD)"
    echo "DORA service dashboard:  $GRAFANA_URL/d/dora-service/dora-service"
    echo "DORA team dashboard:     $GRAFANA_URL/d/dora-team/dora-team"
    echo "Stop Grafana with: kill \$(cat .data/grafana/grafana.pid)"
  fi
else
  echo "Grafana is not installed here (no grafana or grafana-server on the PATH, no \$GRAFANA_HOME/bin/grafana)."
  echo "The plugin bundle is in $DIST (static binaries for linux/amd64 and linux/arm64), and as a release zip in"
  echo "$(ls "$BUILD"/release/*.zip 2>/dev/null | tail -1) (grafana cli --pluginUrl <zip> plugins install dora-metrics-datasource)."
  echo "To use it in a Grafana (README: \"Grafana: install and provision, step by step\"):"
  echo "  sudo mkdir -p /var/lib/grafana/plugins/dora-metrics-datasource"
  echo "  sudo cp -r $DIST/. /var/lib/grafana/plugins/dora-metrics-datasource/"
  echo "  sudo cp $ROOT/provisioning/datasources/dora.yaml /etc/grafana/provisioning/datasources/"
  echo "  sudo cp $ROOT/provisioning/dashboards/dora.yaml  /etc/grafana/provisioning/dashboards/"
  echo "  sudo cp $ROOT/provisioning/alerting/dora-rules.yaml /etc/grafana/provisioning/alerting/"
  echo "  and in Grafana's environment: GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=dora-metrics-datasource"
  echo "    DORA_PG_HOST=<host:port> DORA_PG_USER=<reader> DORA_PG_PASSWORD=<password> DORA_PG_DATABASE=dora DORA_PG_SSLMODE=<mode>"
  echo "  then restart Grafana and open /d/dora-overview. Or run everything in containers: docker compose up -d --build"
  echo "Install Grafana (or set GRAFANA_HOME to an unpacked release) and rerun this script to have it started here."
fi
echo
echo "Send a deploy event:"
echo "  curl -X POST http://127.0.0.1:8080/events/deploy -H \"Authorization: Bearer \$(cat .data/secrets/METRICS_TOKEN)\" \\"
echo "    -H 'Content-Type: application/json' -d '{\"service\":\"checkout\",\"environment\":\"prod\",\"occurred_at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"success\":true}'"
echo "Stop the server with: kill \$(cat .data/serve.pid)"
echo "The database keeps running: export DATABASE_URL='$DATABASE_URL' PGPASSFILE='$PGPASSFILE'"
echo "then try: $BUILD/dora query \"lead_time p90 by service every 1w\" --from now-90d"
echo "stop it with: bash scripts/pg.sh stop"
