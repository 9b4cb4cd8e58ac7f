// The kinds of row in delivery_events. Writers set the enum and SQL names a
// type through EventTypeIs, so the event_type column's words are written
// here only (and in the schema's historical migrations).
#ifndef DORA_METRICS_EVENT_TYPE_H_
#define DORA_METRICS_EVENT_TYPE_H_

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

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

// The SQL condition `<alias>.event_type = '<name>'` (names are fixed words,
// never user input, so the literal is safe).
inline std::string EventTypeIs(absl::string_view alias, EventType type) {
  return absl::StrCat(alias, ".event_type = '", EventTypeName(type), "'");
}

}  // namespace dora

#endif  // DORA_METRICS_EVENT_TYPE_H_
