#include "metrics/dora_score.h"

#include <algorithm>

#include "metrics/bands.h"

namespace dora {
namespace {

// The survey's six duration answers, worst first (2024.json, q_lead_time and
// sdo_deploy_ttr): more than six months, one to six months, one week to one
// month, one day to one week, less than one day, less than one hour. A month
// is 30 days, as in the band ladders (bands.cc).
struct Ceiling {
  double below;  // seconds: a value under this ...
  int answer;    // ... has at least this answer
};
constexpr Ceiling kDurationCeilings[] = {
    {kHourSeconds, 6}, {kDaySeconds, 5}, {kWeekSeconds, 4}, {kMonthSeconds, 3}, {180 * kDaySeconds, 2},
};

// The six deploy frequency answers, worst first (2024.json, q_deploy_freq):
// fewer than once per six months, once per month to once every six months,
// once per week to once per month, once per day to once per week, once per
// hour to once per day, on demand (multiple deploys per day). The wording of
// the top two overlaps ("multiple deploys per day" is also "between once per
// hour and once per day"); the ranges are read as disjoint and ordered, so
// on demand is more often than once per hour.
struct Floor {
  double at_least;  // deploys per day
  int answer;
};
constexpr Floor kFrequencyFloors[] = {
    {24, 6}, {1, 5}, {1.0 / 7, 4}, {1.0 / 30, 3}, {1.0 / 180, 2},
};

}  // namespace

MetricKind ComponentMetric(ScoreComponent c) {
  switch (c) {
    case ScoreComponent::kLeadTime:
      return MetricKind::kLeadTime;
    case ScoreComponent::kDeployFrequency:
      return MetricKind::kDeployFrequency;
    case ScoreComponent::kRecoveryTime:
      return MetricKind::kRecoveryTime;
    case ScoreComponent::kChangeFailureRate:
      return MetricKind::kChangeFailureRate;
    case ScoreComponent::kReworkRate:
      return MetricKind::kReworkRate;
  }
  return MetricKind::kLeadTime;
}

absl::string_view ComponentName(ScoreComponent c) {
  switch (c) {
    case ScoreComponent::kLeadTime:
      return "lead_time";
    case ScoreComponent::kDeployFrequency:
      return "deploy_frequency";
    case ScoreComponent::kRecoveryTime:
      return "recovery_time";
    case ScoreComponent::kChangeFailureRate:
      return "change_failure_rate";
    case ScoreComponent::kReworkRate:
      return "rework_rate";
  }
  return "";
}

bool IsThroughput(ScoreComponent c) {
  return c == ScoreComponent::kLeadTime || c == ScoreComponent::kDeployFrequency || c == ScoreComponent::kRecoveryTime;
}

int DurationAnswer(double seconds) {
  for (const Ceiling& c : kDurationCeilings) {
    if (seconds < c.below) return c.answer;
  }
  return kWorstAnswer;
}

int DeployFrequencyAnswer(double per_day) {
  for (const Floor& f : kFrequencyFloors) {
    if (per_day >= f.at_least) return f.answer;
  }
  return kWorstAnswer;
}

double AnswerScore(double answer) {
  const double a = std::clamp(answer, double{kWorstAnswer}, double{kBestAnswer});
  return (a - kWorstAnswer) / (kBestAnswer - kWorstAnswer) * 10;
}

double PercentageScore(double ratio) { return 10 - std::clamp(ratio, 0.0, 1.0) * 10; }

double ComponentScore(ScoreComponent c, double value) {
  switch (c) {
    case ScoreComponent::kLeadTime:
    case ScoreComponent::kRecoveryTime:
      return AnswerScore(DurationAnswer(value));
    case ScoreComponent::kDeployFrequency:
      return AnswerScore(DeployFrequencyAnswer(value));
    case ScoreComponent::kChangeFailureRate:
    case ScoreComponent::kReworkRate:
      return PercentageScore(value);
  }
  return 0;
}

namespace {

std::optional<double> Mean(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

}  // namespace

DoraScore ScoreDelivery(const std::array<std::optional<double>, kScoreComponentCount>& values) {
  DoraScore s;
  std::vector<double> all, throughput, stability;
  for (int i = 0; i < kScoreComponentCount; ++i) {
    if (!values[i]) continue;
    const ScoreComponent c = kScoreComponents[i];
    const double score = ComponentScore(c, *values[i]);
    s.components[i] = score;
    all.push_back(score);
    (IsThroughput(c) ? throughput : stability).push_back(score);
  }
  s.scored = static_cast<int>(all.size());
  s.overall = Mean(all);
  s.throughput = Mean(throughput);
  s.stability = Mean(stability);
  return s;
}

DisplayedBenchmark Displayed(const ScoreBenchmark& b) {
  DisplayedBenchmark d;
  d.throughput = b.throughput;
  d.stability = {10 - b.instability.mean, b.instability.sd};
  double sum = 0;
  for (int i = 0; i < kScoreComponentCount; ++i) {
    ScoreFigure f = b.components[i];
    if (!IsThroughput(kScoreComponents[i])) f.mean = 10 - f.mean;
    d.components[i] = f;
    sum += f.mean;
  }
  d.overall = {sum / kScoreComponentCount, b.overall.sd};
  return d;
}

const std::vector<ScoreBenchmark>& AllScoreBenchmarks() {
  static const auto* editions = new std::vector<ScoreBenchmark>{
      {"2025",
       "DORA Quick Check 2025 edition, all industries (dora-team/dora.dev "
       "svelte/quick-check/src/lib/data/editions/2025/industry_metrics.json)",
       /*overall=*/{4.3, 1.2},
       /*throughput=*/{6.0, 2.1},
       /*instability=*/{2.1, 2.0},
       /*components=*/{{{5.5, 2.4}, {4.8, 2.8}, {7.4, 2.1}, {1.9, 2.1}, {2.2, 2.2}}}},
  };
  return *editions;
}

const ScoreBenchmark* FindScoreBenchmark(absl::string_view id) {
  for (const ScoreBenchmark& b : AllScoreBenchmarks()) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

std::vector<std::string> ScoreBenchmarkIds() {
  std::vector<std::string> ids;
  for (const ScoreBenchmark& b : AllScoreBenchmarks()) ids.push_back(b.id);
  return ids;
}

}  // namespace dora
