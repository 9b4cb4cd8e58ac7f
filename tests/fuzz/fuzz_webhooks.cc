// Every webhook normalizer on arbitrary bodies (the first byte picks the
// endpoint and event header). Invariants: no crash; every event that passes
// CheckStorable survives the spool byte for byte (decode(encode(e)) == e and
// encoding that again gives the same line).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "ingest/normalize.h"
#include "ingest/spool.h"
#include "ingest/storable.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const char* const kGitHubEvents[] = {"push", "deployment_status", "pull_request", "ping", "workflow_run"};
  static const char* const kGitLabEvents[] = {"Push Hook", "Deployment Hook", "Merge Request Hook", "Pipeline Hook"};
  dora::IncomingRequest req;
  req.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  req.received_at = absl::FromUnixSeconds(1780000000);
  req.headers["x-github-delivery"] = "d-1";
  req.headers["x-gitlab-event-uuid"] = "u-1";
  req.headers["content-type"] = "application/json";
  absl::StatusOr<dora::Normalized> n;
  switch (data[0] % 5) {
    case 0:
      req.headers["x-github-event"] = kGitHubEvents[(data[0] / 5) % 5];
      n = dora::NormalizeGitHub(req);
      break;
    case 1:
      req.headers["x-gitlab-event"] = kGitLabEvents[(data[0] / 5) % 4];
      n = dora::NormalizeGitLab(req);
      break;
    case 2:
      n = dora::NormalizePagerDuty(req);
      break;
    case 3:
      n = dora::NormalizeOpsgenie(req);
      break;
    default:
      n = dora::NormalizeDeployEvent(req);
      break;
  }
  if (!n.ok()) return 0;
  for (dora::DeliveryEvent e : n->events) {
    dora::TruncateToStoredPrecision(&e);
    if (!dora::CheckStorable(e).ok()) continue;
    auto line = dora::EncodeSpoolRecord(e);
    if (!line.ok()) __builtin_trap();  // storable events always encode
    auto back = dora::DecodeSpoolRecord(*line);
    if (!back.ok()) __builtin_trap();
    auto again = dora::EncodeSpoolRecord(*back);
    if (!again.ok() || *again != *line) __builtin_trap();
    if (back->occurred_at != e.occurred_at || back->payload != e.payload || back->dedupe_key != e.dedupe_key ||
        back->service != e.service || back->first_commit_ts != e.first_commit_ts) {
      __builtin_trap();
    }
  }
  return 0;
}
