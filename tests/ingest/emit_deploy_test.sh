#!/usr/bin/env bash
# scripts/emit-deploy.sh against a real `dora serve`: the event arrives with
# the first commit of the change set; an unreachable or refusing server, or a
# missing setting, only produces a warning and exit 0, within the timeout.
#
# usage: tests/ingest/emit_deploy_test.sh <dora binary> <repo root>
# env:   DORA_TEST_PG_URL
set -euo pipefail
DORA=$1
ROOT=$2
EMIT=$ROOT/scripts/emit-deploy.sh
. "$(dirname "$0")/test_env.sh"
test_env_init dora_emit
fail=0
expect() { if [ "$2" = "$3" ]; then echo "PASS $1"; else echo "FAIL $1: got '$2', want '$3'"; fail=1; fi; }

"$DORA" migrate >/dev/null
coproc SERVE { METRICS_TOKEN=emit-token exec "$DORA" serve --listen 127.0.0.1:0 --spool-dir "$WORK/spool" 2>/dev/null; }
SERVER=$SERVE_PID
read -r -t 10 line <&"${SERVE[0]}"
URL="http://${line#listening on }"

# A repository: an already deployed base, then the change set B, C.
git init -q "$WORK/repo" && cd "$WORK/repo"
git config user.email ci@example.com && git config user.name CI
commit() { GIT_COMMITTER_DATE=$1 GIT_AUTHOR_DATE=$1 git commit -q --allow-empty -m "$2"; }
commit "2026-06-01T10:00:00Z" A && git tag deployed
commit "2026-06-02T09:00:00+02:00" B
commit "2026-06-03T12:00:00Z" C

export METRICS_INGEST_URL=$URL METRICS_TOKEN=emit-token SERVICE_NAME="check\"out" TEAM_NAME=payments DEPLOY_OK=true BASE_REF=deployed
export DEPLOY_URL="https://ci.example.com/runs/42?attempt=1"
"$EMIT" 2>"$WORK/err"; expect "exit status" $? 0
grep -q "recorded (HTTP 202)" "$WORK/err"; expect "recorded" $? 0
expect "stored with the change set's first commit" \
  "$(psql -X -qAt "$DATABASE_URL" -c "SELECT service || '|' || team || '|' || (first_commit_ts AT TIME ZONE 'UTC') || '|' || success || '|' || (commit_sha = '$(git rev-parse HEAD)') || '|' || url FROM delivery_events")" \
  'check"out|payments|2026-06-02 07:00:00|true|true|https://ci.example.com/runs/42?attempt=1'
unset DEPLOY_URL

start=$(date +%s)
METRICS_INGEST_URL=http://127.0.0.1:1 DORA_EMIT_TIMEOUT=3 "$EMIT" 2>"$WORK/err"; expect "unreachable: exit 0" $? 0
took=$(( $(date +%s) - start ))
expect "unreachable: bounded by the timeout" "$([ $took -le 6 ] && echo yes || echo "no ($took s)")" yes
grep -q "warning" "$WORK/err"; expect "unreachable: warns" $? 0

METRICS_TOKEN=wrong "$EMIT" 2>"$WORK/err"; expect "refused: exit 0" $? 0
grep -q "refused the event (HTTP 401)" "$WORK/err"; expect "refused: says why" $? 0
DEPLOY_OK= "$EMIT" 2>"$WORK/err"; expect "missing setting: exit 0" $? 0
grep -q "DEPLOY_OK is not set" "$WORK/err"; expect "missing setting: says which" $? 0

[ $fail = 0 ] && echo "emit-deploy passed" || { echo "emit-deploy FAILED"; exit 1; }
