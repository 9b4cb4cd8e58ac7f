#include "metrics/catalog.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace dora {

const std::vector<MetricDef>& AllMetrics() {
  static const auto* metrics = new std::vector<MetricDef>{
      {MetricKind::kDeploys, "deploys", {}, ValueKind::kCount, EventFamily::kDeploys, Unit::kShort,
       "Successful production deploys in the window"},
      {MetricKind::kDeployFrequency, "deploy_frequency", {}, ValueKind::kPerDay,
       EventFamily::kDeploys, Unit::kShort, "Successful production deploys per day"},
      {MetricKind::kLeadTime, "lead_time", {}, ValueKind::kDuration, EventFamily::kDeploys, Unit::kSeconds,
       "Time from first commit to successful production deploy (seconds)"},
      {MetricKind::kChangeFailureRate, "change_failure_rate", {"cfr"}, ValueKind::kRatio,
       EventFamily::kDeploys, Unit::kPercentUnit,
       "Share of production deploys that failed or were rollbacks"},
      {MetricKind::kRecoveryTime, "recovery_time", {"mttr"}, ValueKind::kDuration,
       EventFamily::kIncidents, Unit::kSeconds,
       "Incident open to resolved, for incidents linked to a recent deploy (seconds)"},
      {MetricKind::kReworkRate, "rework_rate", {}, ValueKind::kRatio, EventFamily::kDeploys,
       Unit::kPercentUnit, "Share of production deploys that were unplanned (hotfix or rollback)"},
      {MetricKind::kIncidents, "incidents", {}, ValueKind::kCount, EventFamily::kIncidents,
       Unit::kShort, "Incidents opened in the window"},
  };
  return *metrics;
}

const MetricDef* FindMetric(absl::string_view name) {
  std::string lower = absl::AsciiStrToLower(name);
  for (const MetricDef& m : AllMetrics()) {
    if (m.name == lower) return &m;
    for (const std::string& alias : m.aliases) {
      if (alias == lower) return &m;
    }
  }
  return nullptr;
}

std::vector<std::string> MetricNamesForSuggestion() {
  std::vector<std::string> names;
  for (const MetricDef& m : AllMetrics()) {
    names.push_back(m.name);
    names.insert(names.end(), m.aliases.begin(), m.aliases.end());
  }
  return names;
}

absl::string_view DimensionName(Dimension d) {
  switch (d) {
    case Dimension::kService: return "service";
    case Dimension::kTeam: return "team";
    case Dimension::kEnvironment: return "environment";
  }
  return "";
}

std::optional<Dimension> FindDimension(absl::string_view name) {
  std::string lower = absl::AsciiStrToLower(name);
  for (Dimension d : {Dimension::kService, Dimension::kTeam, Dimension::kEnvironment}) {
    if (DimensionName(d) == lower) return d;
  }
  return std::nullopt;
}

std::vector<std::string> DimensionNames() { return {"service", "team", "environment"}; }

bool TakesSamples(MetricKind kind) {
  return kind == MetricKind::kLeadTime || kind == MetricKind::kRecoveryTime || kind == MetricKind::kDeploys ||
         kind == MetricKind::kChangeFailureRate;
}

std::string SkewToleranceProblem(absl::Duration d) {
  return d < absl::ZeroDuration() ? "must not be negative" : "";
}

std::string IncidentLinkWindowProblem(absl::Duration d) {
  return d <= absl::ZeroDuration() ? "must be positive (an incident is linked to a deploy before it)" : "";
}

std::string MinSampleProblem(int64_t n) {
  return n < 1 || n > kMaxMinSample ? absl::StrCat("must be a whole number from 1 to ", kMaxMinSample) : "";
}

std::optional<Stat> ParseStat(absl::string_view text) {
  std::string s = absl::AsciiStrToLower(text);
  if (s == "median") return Stat{StatKind::kPercentile, 0.5, "p50"};
  if (s == "mean" || s == "avg") return Stat{StatKind::kMean, 0, "mean"};
  if (s == "min") return Stat{StatKind::kMin, 0, "min"};
  if (s == "max") return Stat{StatKind::kMax, 0, "max"};
  if (s.size() >= 2 && s[0] == 'p') {
    absl::string_view digits = absl::string_view(s).substr(1);
    for (char c : digits) {
      if (!absl::ascii_isdigit(c) && c != '.') return std::nullopt;
    }
    double pct = 0;
    if (!absl::ascii_isdigit(digits.front()) || !absl::SimpleAtod(digits, &pct) ||
        pct <= 0 || pct >= 100) {
      return std::nullopt;
    }
    return Stat{StatKind::kPercentile, pct / 100.0, absl::StrCat("p", digits)};
  }
  return std::nullopt;
}

Stat DefaultStat() { return Stat{StatKind::kPercentile, 0.5, "p50"}; }

std::vector<std::string> StatNames() {
  return {"p50", "p75", "p90", "p95", "p99", "median", "mean", "min", "max"};
}

}  // namespace dora
