// The units of values the engine answers with, and their Grafana unit ids.
#ifndef DORA_METRICS_UNIT_H_
#define DORA_METRICS_UNIT_H_

#include "absl/strings/string_view.h"

namespace dora {

enum class Unit {
  kNone,         // no unit (text, times, plain integers)
  kSeconds,      // durations
  kPercentUnit,  // ratios 0..1
  kShort,        // counts and rates
  kPercent,      // percentages, 12.5 for 12.5 %
};

// Grafana's unit id: "", "s", "percentunit", "short", "percent".
constexpr absl::string_view UnitId(Unit unit) {
  switch (unit) {
    case Unit::kNone:
      return "";
    case Unit::kSeconds:
      return "s";
    case Unit::kPercentUnit:
      return "percentunit";
    case Unit::kShort:
      return "short";
    case Unit::kPercent:
      return "percent";
  }
  return "";
}

}  // namespace dora

#endif  // DORA_METRICS_UNIT_H_
