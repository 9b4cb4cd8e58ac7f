// One normalized row of `delivery_events`, as writers produce it.
#ifndef DORA_STORE_DELIVERY_EVENT_H_
#define DORA_STORE_DELIVERY_EVENT_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "metrics/event_type.h"

namespace dora {

struct DeliveryEvent {
  EventType event_type = EventType::kChange;
  std::string service;
  std::optional<std::string> team;
  std::optional<std::string> environment;      // canonical (metrics/environments.h)
  std::optional<std::string> environment_raw;  // the name as the source sent it
  std::optional<std::string> commit_sha;
  std::optional<absl::Time> first_commit_ts;
  absl::Time occurred_at;
  std::optional<bool> success;
  bool is_rollback = false;
  bool hotfix = false;
  std::optional<std::string> incident_id;
  std::string source;                     // github | gitlab | ci | argocd | pagerduty | ...
  std::optional<std::string> dedupe_key;  // unique per source; retries carry the same key
  std::optional<std::string> payload;     // raw JSON document, stored as JSONB
  // The page behind the event (commit, pull request, deploy run, incident),
  // an absolute http(s) URL (ingest/storable.h: CheckEventUrl).
  std::optional<std::string> url;
};

}  // namespace dora

#endif  // DORA_STORE_DELIVERY_EVENT_H_
