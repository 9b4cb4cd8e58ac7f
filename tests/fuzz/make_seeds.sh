#!/usr/bin/env bash
# usage: make_seeds.sh <out dir> <source root>
# Seed corpora from artifacts already in the tree: every query of the compile
# cases, every provider fixture (prefixed with the byte that routes it), and
# a few hand-written inputs per target.
set -euo pipefail
OUT=$1
ROOT=$2
rm -rf "$OUT"
for t in fuzz_query fuzz_http_request fuzz_webhooks fuzz_spool_record fuzz_signatures fuzz_time_spec fuzz_settings fuzz_frames; do
  mkdir -p "$OUT/$t"
done
n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%s' "${line#query: }" >"$OUT/fuzz_query/case-$n"
done < <(grep -h '^query: ' "$ROOT"/tests/compile_cases/*.case)
# The first byte routes a webhook: 0 GitHub push, 5 GitHub deployment_status,
# 15 GitHub ping, 1 GitLab push, 6 GitLab deployment, 2 PagerDuty, 3 Opsgenie, 4 deploy event.
route() { { printf "\\x$(printf %02x "$1")"; cat "$2"; } >"$OUT/fuzz_webhooks/$(basename "$2")"; }
F=$ROOT/tests/fixtures/webhooks
route 0 "$F/github_push.json"
route 5 "$F/github_deployment_status.json"
route 15 "$F/github_ping.json"
route 1 "$F/gitlab_push.json"
route 6 "$F/gitlab_deployment.json"
route 2 "$F/pagerduty_triggered.json"
route 2 "$F/pagerduty_resolved.json"
route 3 "$F/opsgenie_create.json"
route 3 "$F/opsgenie_close.json"
route 4 "$F/deploy_event_ci.json"
route 4 "$F/deploy_event_argocd.json"
printf '\x03POST /events/deploy HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' >"$OUT/fuzz_http_request/simple"
printf '\x07POST /hooks/github HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n5;x=1\r\nhello\r\n0\r\nT: 1\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n' \
  >"$OUT/fuzz_http_request/chunked-pipelined"
printf '{"event_type":"deploy","service":"api","environment":"prod","occurred_at_us":1780000000123456,"is_rollback":false,"hotfix":false,"source":"ci","dedupe_key":"k","payload":"{\\"a\\":1}"}' \
  >"$OUT/fuzz_spool_record/record"
printf 'sha256=00\n{"a":1}' >"$OUT/fuzz_signatures/github"
printf 'Bearer fuzz-token\n' >"$OUT/fuzz_signatures/bearer"
for s in now-7d now-90d/d 2026-01-01 '2026-06-08T11:00:00+02:00' '2026-06-08 09:00:00 UTC' 1w 36h 999999999999999999w \
    0001-03-01T00:00:00Z infinite-future 1.5d; do
  printf '%s' "$s" >"$OUT/fuzz_time_spec/$(printf '%s' "$s" | tr -c 'A-Za-z0-9' _)"
done
printf 'localhost:5432\001postgres\001pw\001{"sslmode":"disable","maxOpenConns":4,"statementTimeout":"30s"}' \
  >"$OUT/fuzz_settings/basic"
printf '[::1]:6543\001dora reader\001p w\047x\001{"sslmode":"verify-full","tlsConfigurationMethod":"file-content"}' \
  >"$OUT/fuzz_settings/tls"
printf '\x00\x03api\x00team\x00120.5\x00\x01\x00web\x00\xff\xfe\x00-1e308' >"$OUT/fuzz_frames/rows"
printf '\x01\x04api\x001767225600\x003\x00\x01' >"$OUT/fuzz_frames/series"
