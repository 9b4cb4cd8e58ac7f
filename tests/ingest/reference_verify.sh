#!/usr/bin/env bash
# The reference design's "Verify" section, run as written against `dora serve`
# on its default address (localhost:8080): step 1's curl + openssl HMAC (202,
# then 401 for a tampered body), then its SQL checks 2-4 on the stored rows.
#
# usage: tests/ingest/reference_verify.sh <dora binary> <fixtures dir>
# env:   DORA_TEST_PG_URL (admin URL of the test cluster)
set -euo pipefail
DORA=$1
FIXTURES=$2
. "$(dirname "$0")/test_env.sh"
test_env_init dora_verify
SPOOL=$WORK/spool
"$DORA" migrate >/dev/null
export GH_WEBHOOK_SECRET=verify-secret METRICS_TOKEN=verify-token PAGERDUTY_WEBHOOK_SECRET=verify-pd
coproc SERVE { exec "$DORA" serve --spool-dir "$SPOOL" 2>/dev/null; }
SERVER=$SERVE_PID
read -r -t 10 line <&"${SERVE[0]}"
echo "$line"

fail=0
expect() { if [ "$2" = "$3" ]; then echo "PASS $1"; else echo "FAIL $1: got '$2', want '$3'"; fail=1; fi; }

# ---- Verify step 1, as written in the reference design ----
# 1. Webhook signature path works (expect 202 for valid, 401 for tampered).
BODY='{"ref":"refs/heads/main","after":"abc123",
       "repository":{"name":"checkout","default_branch":"main"},
       "commits":[{"id":"abc123","timestamp":"2026-06-08T09:00:00Z"}]}'
SIG="sha256=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$GH_WEBHOOK_SECRET" | awk '{print $2}')"
valid=$(curl -i -X POST localhost:8080/hooks/github \
  -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: $SIG" \
  -H "Content-Type: application/json" -d "$BODY" 2>/dev/null | head -1 | awk '{print $2}')
expect "step 1: valid signature" "$valid" 202
tampered=$(curl -i -X POST localhost:8080/hooks/github \
  -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: $SIG" \
  -H "Content-Type: application/json" -d "${BODY/checkout/checkout-evil}" 2>/dev/null | head -1 | awk '{print $2}')
expect "step 1: tampered body" "$tampered" 401

# Deploys and incidents so that checks 2-4 have rows to look at.
post_deploy() {
  curl -s -o /dev/null -w '%{http_code}' -X POST localhost:8080/events/deploy -H "Authorization: Bearer $METRICS_TOKEN" \
    -H "Content-Type: application/json" -d "$1"
}
expect "deploy ok" "$(post_deploy '{"service":"checkout","team":"payments","environment":"prod","commit_sha":"abc123","occurred_at":"2026-06-08T12:00:00Z","success":true,"is_rollback":false}')" 202
expect "deploy failed" "$(post_deploy '{"service":"checkout","team":"payments","environment":"prod","commit_sha":"abc124","first_commit_ts":"2026-06-08T12:30:00Z","occurred_at":"2026-06-08T13:00:00Z","success":false}')" 202
expect "rollback" "$(post_deploy '{"service":"checkout","team":"payments","environment":"prod","commit_sha":"abc123","occurred_at":"2026-06-08T13:10:00Z","success":true,"is_rollback":true}')" 202
for f in pagerduty_triggered.json pagerduty_resolved.json; do
  sig="v1=$(openssl dgst -sha256 -hmac "$PAGERDUTY_WEBHOOK_SECRET" "$FIXTURES/$f" | awk '{print $NF}')"
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST localhost:8080/hooks/pagerduty -H "X-PagerDuty-Signature: $sig" \
    -H "Content-Type: application/json" --data-binary "@$FIXTURES/$f")
  expect "pagerduty $f" "$code" 202
done

q() { psql -X -qAt "$DATABASE_URL" -c "$1"; }
# The deploy without first_commit_ts took it from the push above.
expect "deploy got its first commit from the push" \
  "$(q "SELECT first_commit_ts AT TIME ZONE 'UTC' FROM delivery_events WHERE event_type = 'deploy' AND commit_sha = 'abc123' AND NOT is_rollback")" \
  "2026-06-08 09:00:00"

# ---- checks 2-4, as written ----
# 2. No negative lead times leaked in (clock-skew guard working).
expect "check 2: bad_rows" "$(q "SELECT count(*) AS bad_rows
FROM delivery_events
WHERE event_type = 'deploy' AND occurred_at < first_commit_ts;")" 0
# 3. CFR denominator includes successes (not just failures).
expect "check 3: ok|failed|rollbacks" "$(q "SELECT count(*) FILTER (WHERE success)      AS ok,
       count(*) FILTER (WHERE NOT success)  AS failed,
       count(*) FILTER (WHERE is_rollback)  AS rollbacks
FROM delivery_events
WHERE event_type = 'deploy' AND environment = 'prod';")" "2|1|1"
# 4. Every resolved incident has a matching open (correlation intact).
expect "check 4: orphan resolutions" "$(q "SELECT incident_id FROM delivery_events
WHERE event_type = 'incident_resolved'
  AND incident_id NOT IN (
    SELECT incident_id FROM delivery_events WHERE event_type = 'incident_open');" | wc -l)" 0
expect "dora verify" "$("$DORA" verify --from 2026-01-01 --to 2027-01-01 >/dev/null; echo $?)" 0

[ $fail = 0 ] && echo "reference verification passed" || { echo "reference verification FAILED"; exit 1; }
