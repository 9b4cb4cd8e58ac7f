// One normalized row of `delivery_events`, as writers produce it.
#ifndef DORA_STORE_DELIVERY_EVENT_H_
#define DORA_STORE_DELIVERY_EVENT_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace dora {

// The kinds of row in delivery_events (its event_type column).
enum class EventType { kChange, kDeploy, kIncidentOpen, kIncidentResolved };

// Every event type, in this order.
inline constexpr EventType kEventTypes[] = {EventType::kChange, EventType::kDeploy, EventType::kIncidentOpen,
                                            EventType::kIncidentResolved};

// The event_type column's value: "change", "deploy", "incident_open", "incident_resolved".
constexpr absl::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kChange:
      return "change";
    case EventType::kDeploy:
      return "deploy";
    case EventType::kIncidentOpen:
      return "incident_open";
    case EventType::kIncidentResolved:
      return "incident_resolved";
  }
  return "";
}

// The event type named `name` exactly, or nullopt.
constexpr std::optional<EventType> ParseEventType(absl::string_view name) {
  for (EventType t : kEventTypes) {
    if (EventTypeName(t) == name) return t;
  }
  return std::nullopt;
}

struct DeliveryEvent {
  std::string event_type;  // EventTypeName of one of kEventTypes
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
};

}  // namespace dora

#endif  // DORA_STORE_DELIVERY_EVENT_H_
