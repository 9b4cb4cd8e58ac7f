// Parsing of user-facing time values: instants (`--from now-30d`) and
// durations (`--skew-tolerance 5m`).
#ifndef DORA_COMMON_TIME_SPEC_H_
#define DORA_COMMON_TIME_SPEC_H_

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

// RFC 3339 in UTC with a trailing Z, seconds precision unless the instant has
// a sub-second part (then microseconds): "2026-06-08T09:00:00Z".
std::string FormatRfc3339Utc(absl::Time t);

// Renders a duration compactly in the units ParseDurationSpec accepts
// ("1w", "24h", "5m", "90s"), choosing the largest exact unit.
std::string FormatDurationSpec(absl::Duration d);

}  // namespace dora

#endif  // DORA_COMMON_TIME_SPEC_H_
