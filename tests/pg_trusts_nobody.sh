#!/usr/bin/env bash
# usage: pg_trusts_nobody.sh <port> <cluster dir>
set -uo pipefail
PORT=$1
DIR=$2
fail=0
expect_refused() {
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then echo "FAIL: $what was let in"; fail=1; else echo "ok: $what refused"; fi
}
URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
expect_refused "no password over TCP" env -u PGPASSFILE PGCONNECT_TIMEOUT=5 psql "$URL" -tAc 'SELECT 1'
expect_refused "a wrong password over TCP" env -u PGPASSFILE PGPASSWORD=wrong psql "$URL" -tAc 'SELECT 1'
if id nobody >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  SOCKET=$(readlink -f "$DIR")
  expect_refused "OS user nobody over TCP" runuser -u nobody -- env -u PGPASSFILE psql "$URL" -tAc 'SELECT 1'
  expect_refused "OS user nobody on the socket" runuser -u nobody -- psql -h "$SOCKET" -p "$PORT" -U postgres -d postgres -tAc 'SELECT 1'
fi
mode=$(stat -c %a "$DIR/pgpass")
if [ "$mode" = 600 ]; then echo "ok: password file is 0600"; else echo "FAIL: password file mode $mode"; fail=1; fi
if [ "$(PGPASSFILE=$DIR/pgpass psql "$URL" -tAc 'SELECT 1')" = 1 ]; then
  echo "ok: the password file lets the project in"
else
  echo "FAIL: the password file does not work"; fail=1
fi
exit $fail
