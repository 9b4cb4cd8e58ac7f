#!/usr/bin/env bash
# Reports a production deploy to `dora serve` (POST /events/deploy) from the
# last step of a CI deploy job. It never fails the deploy: on any problem it
# prints a warning and exits 0, after at most DORA_EMIT_TIMEOUT seconds.
#
# Environment:
#   METRICS_INGEST_URL  base URL of dora serve, e.g. https://dora.example.com   (required)
#   METRICS_TOKEN       the server's METRICS_TOKEN                               (required)
#   SERVICE_NAME        service deployed                                         (required)
#   DEPLOY_OK           true/false: did the deploy succeed                       (required)
#   TEAM_NAME           owning team
#   ENVIRONMENT         default prod
#   IS_ROLLBACK, HOTFIX true/false, default false
#   BASE_REF            what was already deployed, default origin/main; the
#                       first commit of BASE_REF..HEAD starts the lead time
#   COMMIT_SHA          default: git rev-parse HEAD
#   DEPLOY_URL          the pipeline run or deploy page (http/https), stored as `url`
#   DORA_EMIT_TIMEOUT   total seconds for all attempts, default 30
set -u

warn() { echo "emit-deploy: warning: $*; the deploy itself is not affected" >&2; }

for v in METRICS_INGEST_URL METRICS_TOKEN SERVICE_NAME DEPLOY_OK; do
  if [ -z "${!v:-}" ]; then warn "$v is not set, no deploy event sent"; exit 0; fi
done
case "$DEPLOY_OK" in true|false) ;; *) warn "DEPLOY_OK must be true or false, got '$DEPLOY_OK'"; exit 0 ;; esac
for v in IS_ROLLBACK HOTFIX; do
  case "${!v:-false}" in true|false) ;; *) warn "$v must be true or false"; exit 0 ;; esac
done

BASE_REF=${BASE_REF:-origin/main}
COMMIT_SHA=${COMMIT_SHA:-$(git rev-parse HEAD 2>/dev/null || true)}
# The first commit unique to this change set, as the reference design does;
# HEAD's own commit time when the range is empty.
FIRST_COMMIT_TS=$(git log --reverse --format=%cI "$BASE_REF..HEAD" 2>/dev/null | head -1)
[ -z "$FIRST_COMMIT_TS" ] && FIRST_COMMIT_TS=$(git show -s --format=%cI HEAD 2>/dev/null || true)
OCCURRED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)

json_string() {  # JSON string literal for $1
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}; s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}
optional() {  # "key": "value", only when value is not empty
  [ -n "$2" ] && printf '%s: %s, ' "$(json_string "$1")" "$(json_string "$2")"
}
BODY="{$(optional service "$SERVICE_NAME")$(optional team "${TEAM_NAME:-}")$(optional environment "${ENVIRONMENT:-prod}")$(optional commit_sha "$COMMIT_SHA")$(optional first_commit_ts "$FIRST_COMMIT_TS")$(optional url "${DEPLOY_URL:-}")\"occurred_at\": \"$OCCURRED_AT\", \"success\": $DEPLOY_OK, \"is_rollback\": ${IS_ROLLBACK:-false}, \"hotfix\": ${HOTFIX:-false}}"

deadline=$(( $(date +%s) + ${DORA_EMIT_TIMEOUT:-30} ))
delay=1
attempt=1
while :; do
  left=$(( deadline - $(date +%s) ))
  if [ "$left" -le 0 ]; then warn "gave up after $((attempt - 1)) attempts"; exit 0; fi
  per_try=$(( left < 10 ? left : 10 ))
  response=$(curl -sS -o /dev/stderr -w '%{http_code}' --max-time "$per_try" -X POST \
    "${METRICS_INGEST_URL%/}/events/deploy" \
    -H "Authorization: Bearer $METRICS_TOKEN" -H "Content-Type: application/json" \
    --data-binary "$BODY" 2>/tmp/emit-deploy.$$ ) || response=000
  detail=$(cat /tmp/emit-deploy.$$ 2>/dev/null); rm -f /tmp/emit-deploy.$$
  case "$response" in
    2??) echo "emit-deploy: deploy event for $SERVICE_NAME recorded (HTTP $response)" >&2; exit 0 ;;
    408|429|5??|000) ;;  # worth retrying
    *) warn "the server refused the event (HTTP $response): $detail"; exit 0 ;;
  esac
  left=$(( deadline - $(date +%s) ))
  [ "$left" -le "$delay" ] && { warn "no answer after $attempt attempts (last: HTTP $response ${detail:0:200})"; exit 0; }
  sleep "$delay"
  delay=$(( delay * 2 > 8 ? 8 : delay * 2 ))
  attempt=$(( attempt + 1 ))
done
