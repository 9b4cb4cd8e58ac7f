#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for this checkout, without systemd.
#
#   scripts/pg.sh start    initdb if needed, start if not running, create the
#                          database; prints `export DATABASE_URL=... PGPASSFILE=...`
#                          on stdout (use: eval "$(scripts/pg.sh start)")
#   scripts/pg.sh stop     fast shutdown (data is kept)
#   scripts/pg.sh status   running or not, and the URL
#   scripts/pg.sh url      print the DATABASE_URL only
#   scripts/pg.sh password print the superuser's password
#   scripts/pg.sh destroy  stop and delete the cluster's data
#
# Authentication: no local user is trusted. The superuser `postgres` has a
# generated password, kept in <dir>/pgpass (libpq's password-file format,
# mode 0600, owned by whoever runs this script) and used through PGPASSFILE,
# so URLs carry no secret. TCP connections need that password
# (scram-sha-256); the Unix socket admits the OS user running the server and
# the one running this script, as `postgres` (peer). A cluster made by an
# earlier version (trust) is converted on its next start.
#
# Environment:
#   DORA_PG_DIR   cluster directory (default: <repo>/.data/pg)
#   DORA_PG_PORT  loopback TCP port (default 54329)
#   DORA_PG_DB    database name (default dora)
#   DORA_PG_FAST  1 = fsync off (test clusters only; a crash can lose data)
#   DORA_PG_TLS_DIR  a directory with server.crt, server.key and ca.crt
#                 (tests/tls/make_test_pki.sh): start with ssl = on, and let
#                 the role dora_tls_client in only with a client certificate
#                 signed by ca.crt (pg_hba `cert`); everyone else as before
#
# The server runs as the `postgres` OS user (initdb refuses root). When that
# user cannot reach the directory (a checkout under a private 0700 folder) or
# the socket path would be too long, the cluster lives under /var/tmp and the
# directory becomes a symlink to it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${DORA_PG_DIR:-$ROOT/.data/pg}
case "$DIR" in /*) ;; *) DIR=$PWD/$DIR ;; esac
# The server tools run as another user, who may not be allowed in the caller's
# working directory.
cd /
PORT=${DORA_PG_PORT:-54329}
DB=${DORA_PG_DB:-dora}
PGBIN=/usr/lib/postgresql/15/bin

log() { echo "pg.sh: $*" >&2; }
die() { log "$*"; exit 1; }

[ -x "$PGBIN/initdb" ] || die "PostgreSQL 15 is not installed ($PGBIN missing); run scripts/setup.sh"

if [ "$(id -u)" = 0 ]; then
  AS_PG=(runuser -u postgres --)
  PG_USER=postgres
else
  AS_PG=()
  PG_USER=$(id -un)
fi

url() { echo "postgresql://postgres@127.0.0.1:$PORT/$DB"; }
PASSFILE_NAME=pgpass

# Resolves $DIR to a directory the server user can use, creating it if needed.
prepare_dir() {
  if [ -L "$DIR" ]; then
    DATA_DIR=$(readlink -f "$DIR")
    mkdir -p "$DATA_DIR"
  else
    mkdir -p "$DIR"
    DATA_DIR=$(cd "$DIR" && pwd)
    local reachable=1
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then reachable=0; fi
    if [ ${#DATA_DIR} -gt 80 ]; then reachable=0; fi
    if [ $reachable = 0 ] && [ -z "$(ls -A "$DATA_DIR")" ]; then
      local alt
      alt=/var/tmp/dora-pg-$(printf '%s' "$DATA_DIR" | sha1sum | cut -c1-12)
      mkdir -p "$alt"
      rmdir "$DATA_DIR"
      ln -s "$alt" "$DIR"
      log "cluster directory $DIR -> $alt (the postgres user cannot use the checkout path)"
      DATA_DIR=$alt
    fi
  fi
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DATA_DIR"; fi
  chmod 700 "$DATA_DIR"
}

# Copies the TLS files where the server user may read them (the key 0600, as
# PostgreSQL requires).
copy_tls() {
  local f
  for f in server.crt server.key ca.crt; do
    [ -f "$DORA_PG_TLS_DIR/$f" ] || die "DORA_PG_TLS_DIR has no $f (make it with tests/tls/make_test_pki.sh)"
  done
  mkdir -p "$DATA_DIR/tls"
  cp "$DORA_PG_TLS_DIR/server.crt" "$DORA_PG_TLS_DIR/server.key" "$DORA_PG_TLS_DIR/ca.crt" "$DATA_DIR/tls/"
  chmod 700 "$DATA_DIR/tls"
  chmod 600 "$DATA_DIR/tls/server.key"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$DATA_DIR/tls"; fi
}

# Who may connect, and how: nobody is trusted. With DORA_PG_TLS_DIR the role
# dora_tls_client also needs TLS and a client certificate signed by ca.crt.
write_hba() {
  local me
  me=$(id -un)
  cat >"$DATA_DIR/data/pg_ident.conf" <<IDENT
# scripts/pg.sh: OS users allowed in as the superuser over the Unix socket.
dora  postgres  postgres
dora  $me  postgres
IDENT
  {
    echo "# scripts/pg.sh: peer on the socket, scram-sha-256 on loopback TCP; nobody is trusted."
    echo "local   all  all                            peer map=dora"
    if [ -n "${DORA_PG_TLS_DIR:-}" ]; then
      echo "hostssl all  dora_tls_client  127.0.0.1/32  cert"
      echo "hostssl all  dora_tls_client  ::1/128       cert"
      echo "host    all  dora_tls_client  all           reject"
    fi
    echo "host    all  all              127.0.0.1/32  scram-sha-256"
    echo "host    all  all              ::1/128       scram-sha-256"
  } >"$DATA_DIR/data/pg_hba.conf"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DATA_DIR/data/pg_hba.conf" "$DATA_DIR/data/pg_ident.conf"; fi
}

# The superuser's password: generated once, kept in the password file.
password() { head -1 "$DATA_DIR/$PASSFILE_NAME" | sed -E 's/^[^:]*:[^:]*:[^:]*:[^:]*://'; }

ensure_password_file() {
  local pw=""
  [ -s "$DATA_DIR/$PASSFILE_NAME" ] && pw=$(password)
  [ -n "$pw" ] || pw=$(openssl rand -hex 24)
  # This cluster's address only: the password is never offered elsewhere
  # (rewritten each start, so a changed DORA_PG_PORT keeps working).
  (umask 077 && printf '127.0.0.1:%s:*:postgres:%s\nlocalhost:%s:*:postgres:%s\n' "$PORT" "$pw" "$PORT" "$pw" \
    >"$DATA_DIR/$PASSFILE_NAME")
  chmod 600 "$DATA_DIR/$PASSFILE_NAME"
}

# psql as the superuser over the Unix socket (peer), whatever the password.
psql_admin() { "${AS_PG[@]}" "$PGBIN/psql" -h "$DATA_DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }

running() { [ -f "$DATA_DIR/data/postmaster.pid" ] && "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA_DIR/data" status >/dev/null 2>&1; }

start() {
  prepare_dir
  if [ ! -f "$DATA_DIR/data/PG_VERSION" ]; then
    log "initdb in $DATA_DIR/data"
    "${AS_PG[@]}" "$PGBIN/initdb" -D "$DATA_DIR/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 \
      >"$DATA_DIR/initdb.log" 2>&1 || { cat "$DATA_DIR/initdb.log" >&2; die "initdb failed"; }
  fi
  ensure_password_file
  write_hba
  if running; then
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA_DIR/data" reload >/dev/null
    log "already running on port $PORT"
  else
    local opts="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA_DIR"
    if [ "${DORA_PG_FAST:-0}" = 1 ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    if [ -n "${DORA_PG_TLS_DIR:-}" ]; then
      copy_tls
      opts="$opts -c ssl=on -c ssl_cert_file=$DATA_DIR/tls/server.crt -c ssl_key_file=$DATA_DIR/tls/server.key"
      opts="$opts -c ssl_ca_file=$DATA_DIR/tls/ca.crt"
    fi
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA_DIR/data" -l "$DATA_DIR/server.log" -w -t 60 -o "$opts" start \
      >"$DATA_DIR/pg_ctl.log" 2>&1 || { cat "$DATA_DIR/pg_ctl.log" "$DATA_DIR/server.log" >&2; die "start failed (is port $PORT in use?)"; }
    log "started on 127.0.0.1:$PORT (socket in $DATA_DIR)"
  fi
  # The password in the file is the one the server checks (also after a
  # conversion from an older trust-everyone cluster).
  # (on stdin, so it never shows in the process list)
  echo "ALTER ROLE postgres PASSWORD '$(password)'" | psql_admin -d postgres -q >/dev/null
  if ! psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql_admin -d postgres -qc "CREATE DATABASE \"$DB\"" >/dev/null
    log "created database $DB"
  fi
  echo "export DATABASE_URL='$(url)' PGPASSFILE='$DATA_DIR/$PASSFILE_NAME'"
}

stop() {
  prepare_dir
  if running; then
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DATA_DIR/data" -m fast -w stop >/dev/null
    log "stopped"
  else
    log "not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    prepare_dir
    if running; then log "running: $(url)"; else log "not running"; exit 3; fi ;;
  url) url ;;
  password) prepare_dir; password ;;
  destroy)
    stop
    rm -rf "$DATA_DIR"
    [ -L "$DIR" ] && rm -f "$DIR"
    log "destroyed $DIR" ;;
  *) echo "usage: scripts/pg.sh start|stop|status|url|destroy" >&2; exit 2 ;;
esac
