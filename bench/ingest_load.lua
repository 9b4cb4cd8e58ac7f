-- wrk script for the ingest benchmark. Every request is a new event: a signed
-- GitHub push (same body and signature, fresh X-GitHub-Delivery) or a deploy
-- event with a fresh commit_sha. Environment:
--   KIND        "github" or "deploy"
--   SIGNATURE   sha256=<hmac of PUSH_BODY> (github)
--   TOKEN       METRICS_TOKEN (deploy)
--   RATE        requests per second per connection (0 = as fast as possible)
local kind = os.getenv("KIND") or "deploy"
local signature = os.getenv("SIGNATURE") or ""
local token = os.getenv("TOKEN") or ""
local rate = tonumber(os.getenv("RATE") or "0")
local push_body = os.getenv("PUSH_BODY") or ""
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + (tid or 0))
  prefix = string.format("%d-%d-%d", os.time(), tid or 0, math.random(1, 1000000000))
end

function delay()
  if rate > 0 then return 1000 / rate end
  return 0
end

function request()
  counter = counter + 1
  local id = prefix .. "-" .. counter
  if kind == "github" then
    return wrk.format("POST", "/hooks/github", {
      ["Content-Type"] = "application/json",
      ["X-GitHub-Event"] = "push",
      ["X-GitHub-Delivery"] = id,
      ["X-Hub-Signature-256"] = signature,
    }, push_body)
  end
  local body = '{"service":"bench","team":"perf","environment":"prod","commit_sha":"' .. id ..
    '","first_commit_ts":"2026-06-08T09:00:00Z","occurred_at":"2026-06-08T12:00:00Z","success":true,"is_rollback":false}'
  return wrk.format("POST", "/events/deploy", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

function done(summary, latency, requests)
  local codes = 0
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
