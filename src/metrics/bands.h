// Versioned DORA band profiles: per-metric cut-offs that classify one value
// as Elite, High, Medium or Low. The cut-offs, and where each comes from, are
// documented in docs/metrics.md; that table and this code must agree.
//
// Thread safety: profiles are immutable after static initialisation.
#ifndef DORA_METRICS_BANDS_H_
#define DORA_METRICS_BANDS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "metrics/catalog.h"

namespace dora {

enum class Band { kElite, kHigh, kMedium, kLow };

// Seconds per unit in the band ladders' duration cut-offs and the DORA score's
// answer ranges: fixed lengths, not calendar units (a month is 30 days).
inline constexpr double kHourSeconds = 3600;
inline constexpr double kDaySeconds = 24 * kHourSeconds;
inline constexpr double kWeekSeconds = 7 * kDaySeconds;
inline constexpr double kMonthSeconds = 30 * kDaySeconds;

absl::string_view BandName(Band band);  // "Elite", "High", "Medium", "Low"
std::optional<Band> FindBand(absl::string_view name);
// The Grafana named colour a band is shown in, everywhere: the `band` field's
// value mappings in data frames, the catalog's `bandColors` and, checked
// against the catalog, the shipped dashboards' thresholds. Elite "green",
// High "blue", Medium "orange", Low "red".
absl::string_view BandColor(Band band);
constexpr Band kAllBands[] = {Band::kElite, Band::kHigh, Band::kMedium, Band::kLow};

// Three cut-offs, best band first. For lower-is-better metrics a value is
// Elite when below `elite` (or at it, when `inclusive`), High when below
// `high`, Medium when below `medium`, otherwise Low. For higher-is-better
// metrics the comparisons are mirrored (at or above).
struct BandLadder {
  bool lower_is_better = true;
  bool inclusive = false;
  double elite = 0;
  double high = 0;
  double medium = 0;
};

struct BandProfile {
  std::string id;                            // "dora-2024"
  std::string description;                   // source of the cut-offs, one line
  std::map<MetricKind, BandLadder> ladders;  // metrics without an entry are unclassified
};

const std::vector<BandProfile>& AllBandProfiles();
const BandProfile* FindBandProfile(absl::string_view id);
std::vector<std::string> BandProfileIds();

// nullopt when the profile has no ladder for the metric (counts, rework rate).
std::optional<Band> Classify(const BandProfile& profile, MetricKind metric, double value);

// Whether `metric` has a ladder in `profile`.
bool IsBanded(const BandProfile& profile, MetricKind metric);

}  // namespace dora

#endif  // DORA_METRICS_BANDS_H_
