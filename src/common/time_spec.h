// Parsing of user-facing time values: instants (`--from now-30d`) and
// durations (`--skew-tolerance 5m`).
#ifndef DORA_COMMON_TIME_SPEC_H_
#define DORA_COMMON_TIME_SPEC_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace dora {

// Accepts RFC 3339 with any UTC offset ("2026-06-08T09:00:00Z",
// "2026-06-08T11:00:00.5+02:00"), a bare date ("2026-06-08", midnight UTC),
// `now`, and `now` plus or minus a duration ("now-30d", "now-12h", "now+1w").
// Errors are InvalidArgument and name the offending text.
absl::StatusOr<absl::Time> ParseTimeSpec(absl::string_view text, absl::Time now);

// Accepts a non-negative whole number followed by one unit: s, m, h, d, w
// ("90s", "5m", "24h", "7d", "1w"), at most 10 000 years. Errors are
// InvalidArgument.
absl::StatusOr<absl::Duration> ParseDurationSpec(absl::string_view text);

// The duration grammar of settings (data source jsonData, CLI policy flags):
// Go-style, one or more terms of a non-negative decimal number and a unit,
// ms, s, m, h, d or w ("500ms", "30s", "1h30m", "1.5h", "2d12h"), surrounding
// whitespace ignored, units in any case (as ParseDurationSpec), no sign. The total must be a
// whole number of milliseconds and at most 10 000 years. Errors are
// InvalidArgument and quote the text. settings/settings_schema.h publishes
// this grammar (kSettingDurationUnits) for the config editor.
absl::StatusOr<absl::Duration> ParseSettingDuration(absl::string_view text);

// The units of ParseSettingDuration and their length in milliseconds,
// longest first.
struct SettingDurationUnit {
  const char* unit;
  int64_t milliseconds;
};
inline constexpr SettingDurationUnit kSettingDurationUnits[] = {
    {"w", int64_t{7} * 86400000}, {"d", 86400000}, {"h", 3600000}, {"m", 60000}, {"s", 1000}, {"ms", 1},
};
// The longest duration ParseSettingDuration and ParseDurationSpec accept.
inline constexpr int64_t kMaxDurationSeconds = int64_t{10000} * 366 * 86400;

// RFC 3339 in UTC with a trailing Z, seconds precision unless the instant has
// a sub-second part (then microseconds): "2026-06-08T09:00:00Z".
std::string FormatRfc3339Utc(absl::Time t);

// Renders a duration compactly in the units ParseDurationSpec accepts
// ("1w", "24h", "5m", "90s"), choosing the largest exact unit.
std::string FormatDurationSpec(absl::Duration d);

}  // namespace dora

#endif  // DORA_COMMON_TIME_SPEC_H_
