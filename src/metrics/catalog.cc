#include "metrics/catalog.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace dora {

const std::vector<MetricDef>& AllMetrics() {
  static const auto* metrics = new std::vector<MetricDef>{
      {MetricKind::kDeploys,
       "deploys",
       {},
       ValueKind::kCount,
       EventFamily::kDeploys,
       Unit::kShort,
       "Successful production deploys in the window"},
      {MetricKind::kDeployFrequency,
       "deploy_frequency",
       {},
       ValueKind::kPerDay,
       EventFamily::kDeploys,
       Unit::kPerDay,
       "Successful production deploys per day"},
      {MetricKind::kLeadTime,
       "lead_time",
       {},
       ValueKind::kDuration,
       EventFamily::kDeploys,
       Unit::kSeconds,
       "Time from first commit to successful production deploy (seconds)"},
      {MetricKind::kChangeFailureRate,
       "change_failure_rate",
       {"cfr"},
       ValueKind::kRatio,
       EventFamily::kDeploys,
       Unit::kPercentUnit,
       "Share of production deploys that failed or were rollbacks"},
      {MetricKind::kRecoveryTime,
       "recovery_time",
       {"mttr"},
       ValueKind::kDuration,
       EventFamily::kIncidents,
       Unit::kSeconds,
       "Incident open to resolved, for incidents linked to a recent deploy (seconds)"},
      {MetricKind::kReworkRate,
       "rework_rate",
       {},
       ValueKind::kRatio,
       EventFamily::kDeploys,
       Unit::kPercentUnit,
       "Share of production deploys that were unplanned (hotfix or rollback)"},
      {MetricKind::kIncidents,
       "incidents",
       {},
       ValueKind::kCount,
       EventFamily::kIncidents,
       Unit::kShort,
       "Incidents opened in the window"},
      {MetricKind::kDoraScore,
       "dora_score",
       {},
       ValueKind::kScore,
       EventFamily::kDeploys,
       Unit::kShort,
       "DORA Quick Check score, 0 to 10 (10 best), of lead time p50, deploy frequency, recovery time p50, "
       "change failure rate and rework rate, with throughput and stability sub-scores"},
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
    case Dimension::kService:
      return "service";
    case Dimension::kTeam:
      return "team";
    case Dimension::kEnvironment:
      return "environment";
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

const std::vector<StatWord>& StatWords() {
  static const auto* words = new std::vector<StatWord>{
      {"median", Stat{StatKind::kPercentile, 0.5, "p50"}},
      {"mean", Stat{StatKind::kMean, 0, "mean"}},
      {"avg", Stat{StatKind::kMean, 0, "mean"}},
      {"min", Stat{StatKind::kMin, 0, "min"}},
      {"max", Stat{StatKind::kMax, 0, "max"}},
  };
  return *words;
}

std::optional<Stat> ParseStat(absl::string_view text) {
  std::string s = absl::AsciiStrToLower(text);
  for (const StatWord& w : StatWords()) {
    if (w.word == s) return w.stat;
  }
  if (s.size() >= 2 && s[0] == 'p') {
    absl::string_view digits = absl::string_view(s).substr(1);
    for (char c : digits) {
      if (!absl::ascii_isdigit(c) && c != '.') return std::nullopt;
    }
    double pct = 0;
    if (!absl::ascii_isdigit(digits.front()) || !absl::SimpleAtod(digits, &pct) || pct <= kPercentileExclusiveMin ||
        pct >= kPercentileExclusiveMax) {
      return std::nullopt;
    }
    return Stat{StatKind::kPercentile, pct / 100.0, absl::StrCat("p", digits)};
  }
  return std::nullopt;
}

Stat DefaultStat() { return Stat{StatKind::kPercentile, 0.5, "p50"}; }

std::vector<std::string> StatNames() { return {"p50", "p75", "p90", "p95", "p99", "median", "mean", "min", "max"}; }

absl::string_view AnnotationKindName(AnnotationKind kind) {
  switch (kind) {
    case AnnotationKind::kDeploy:
      return "deploy";
    case AnnotationKind::kFailure:
      return "failure";
    case AnnotationKind::kRollback:
      return "rollback";
    case AnnotationKind::kIncident:
      return "incident";
  }
  return "";
}

std::optional<AnnotationKind> ParseAnnotationKindName(absl::string_view name) {
  for (AnnotationKind k :
       {AnnotationKind::kDeploy, AnnotationKind::kFailure, AnnotationKind::kRollback, AnnotationKind::kIncident}) {
    if (AnnotationKindName(k) == name) return k;
  }
  return std::nullopt;
}

const std::vector<AnnotationKindDef>& AllAnnotationKinds() {
  using K = AnnotationKind;
  static const auto* kinds = new std::vector<AnnotationKindDef>{
      {"deploys", {K::kDeploy, K::kFailure, K::kRollback}, "Deploys: successful, failed and rollbacks"},
      {"rollbacks", {K::kRollback}, "Rollback deploys"},
      {"failures", {K::kFailure}, "Failed deploys"},
      {"incidents", {K::kIncident}, "Incidents, from open to resolved"},
  };
  return *kinds;
}

const AnnotationKindDef* FindAnnotationKind(absl::string_view word) {
  std::string lower = absl::AsciiStrToLower(word);
  for (const AnnotationKindDef& k : AllAnnotationKinds()) {
    if (k.word == lower) return &k;
  }
  return nullptr;
}

std::vector<std::string> AnnotationKindWords() {
  std::vector<std::string> words;
  for (const AnnotationKindDef& k : AllAnnotationKinds()) words.push_back(k.word);
  return words;
}

std::vector<std::string> DefaultAnnotationKindWords() { return {"deploys", "incidents"}; }

}  // namespace dora
