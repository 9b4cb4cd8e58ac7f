// The units of values the engine answers with, and their Grafana unit ids.
#ifndef DORA_METRICS_UNIT_H_
#define DORA_METRICS_UNIT_H_

#include "absl/strings/string_view.h"

namespace dora {

enum class Unit {
  kNone,         // no unit (text, times, plain integers)
  kSeconds,      // durations
  kPercentUnit,  // ratios 0..1
  kShort,        // counts
  kPerDay,       // rates per calendar day
  kPercent,      // percentages, 12.5 for 12.5 %
};

// Grafana's unit id: "", "s", "percentunit", "short", "suffix:/day" (a
// custom unit: the number with "/day" after it), "percent".
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
    case Unit::kPerDay:
      return "suffix:/day";
    case Unit::kPercent:
      return "percent";
  }
  return "";
}

}  // namespace dora

#endif  // DORA_METRICS_UNIT_H_
