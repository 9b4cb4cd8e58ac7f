# Sourced by the ingest shell tests: a private database on the test cluster
# (DORA_TEST_PG_URL is its admin URL) with DATABASE_URL pointing at it, and a
# scratch directory $WORK. On exit the server whose pid is in $SERVER gets
# SIGTERM, the database is dropped (kept when KEEP_DB is set, for debugging)
# and $WORK is removed.
#
#   test_env_init <name>
test_env_cleanup() {
  [ -n "${SERVER:-}" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -n "${KEEP_DB:-}" ] || psql -X -q "$ADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  rm -rf "$WORK"
}

test_env_init() {
  DB=$1_$$
  ADMIN=$DORA_TEST_PG_URL
  export DATABASE_URL=${ADMIN%/*}/$DB
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  psql -X -q "$ADMIN" -c "CREATE DATABASE $DB"
  trap test_env_cleanup EXIT
}
