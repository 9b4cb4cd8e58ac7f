#include "metrics/bands.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace dora {
namespace {

// Lead time (seconds): < 1 day Elite, < 1 week High, < 30 days Medium.
constexpr BandLadder kLeadTime{true, false, kDaySeconds, kWeekSeconds, kMonthSeconds};
// Deploys per day: >= 1/day Elite (on demand), >= 1/week High, >= 1/month Medium.
constexpr BandLadder kDeployFrequency{false, true, 1.0, 1.0 / 7, 1.0 / 30};
// Recovery (seconds): < 1 hour Elite, < 1 day High, < 1 week Medium.
constexpr BandLadder kRecovery{true, false, kHourSeconds, kDaySeconds, kWeekSeconds};

}  // namespace

absl::string_view BandName(Band band) {
  switch (band) {
    case Band::kElite:
      return "Elite";
    case Band::kHigh:
      return "High";
    case Band::kMedium:
      return "Medium";
    case Band::kLow:
      return "Low";
  }
  return "";
}

std::optional<Band> FindBand(absl::string_view name) {
  for (Band b : kAllBands) {
    if (absl::EqualsIgnoreCase(BandName(b), name)) return b;
  }
  return std::nullopt;
}

absl::string_view BandColor(Band band) {
  switch (band) {
    case Band::kElite:
      return "green";
    case Band::kHigh:
      return "blue";
    case Band::kMedium:
      return "orange";
    case Band::kLow:
      return "red";
  }
  return "";
}

const std::vector<BandProfile>& AllBandProfiles() {
  static const auto* profiles = new std::vector<BandProfile>{
      {"dora-2024",
       "DORA 2024 report clusters; the non-monotone change failure rate clusters "
       "(High 20 %, Medium 10 %) ordered into a ladder: <=5 % Elite, <=10 % High, "
       "<=20 % Medium",
       {{MetricKind::kLeadTime, kLeadTime},
        {MetricKind::kDeployFrequency, kDeployFrequency},
        {MetricKind::kRecoveryTime, kRecovery},
        {MetricKind::kChangeFailureRate, BandLadder{true, true, 0.05, 0.10, 0.20}}}},
      {"dora-2023",
       "DORA 2023 report clusters: change failure rate 5 / 10 / 15 / 64 %",
       {{MetricKind::kLeadTime, kLeadTime},
        {MetricKind::kDeployFrequency, kDeployFrequency},
        {MetricKind::kRecoveryTime, kRecovery},
        {MetricKind::kChangeFailureRate, BandLadder{true, true, 0.05, 0.10, 0.15}}}},
  };
  return *profiles;
}

const BandProfile* FindBandProfile(absl::string_view id) {
  for (const BandProfile& p : AllBandProfiles()) {
    if (absl::EqualsIgnoreCase(p.id, id)) return &p;
  }
  return nullptr;
}

std::vector<std::string> BandProfileIds() {
  std::vector<std::string> ids;
  for (const BandProfile& p : AllBandProfiles()) ids.push_back(p.id);
  return ids;
}

bool IsBanded(const BandProfile& profile, MetricKind metric) { return profile.ladders.count(metric) > 0; }

std::optional<Band> Classify(const BandProfile& profile, MetricKind metric, double value) {
  auto it = profile.ladders.find(metric);
  if (it == profile.ladders.end()) return std::nullopt;
  const BandLadder& l = it->second;
  auto better = [&l](double v, double cut) {
    if (l.lower_is_better) return l.inclusive ? v <= cut : v < cut;
    return l.inclusive ? v >= cut : v > cut;
  };
  if (better(value, l.elite)) return Band::kElite;
  if (better(value, l.high)) return Band::kHigh;
  if (better(value, l.medium)) return Band::kMedium;
  return Band::kLow;
}

}  // namespace dora
