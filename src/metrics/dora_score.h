// The DORA Quick Check's 0..10 score of the five delivery metrics and the
// industry benchmarks it compares a score with, owned here once: the answer
// scales that turn a measured duration or deploy rate into the Quick Check's
// answer 1..6, the score of an answer or a percentage, the factor means, and
// the benchmark editions (the `scoreBenchmark` policy). docs/metrics.md
// ("DORA score") documents the same table with its sources; the two must
// agree.
//
// Sources (dora-team/dora.dev): svelte/quick-check/src/lib/data-service.ts
// and utils.ts (scoring), hugo/data/survey_questions/2024.json (the answer
// scales), svelte/quick-check/src/lib/data/editions/2025/industry_metrics.json
// (benchmarks; figures as quoted in the design reference and checked against
// data-service.test.ts).
//
// Thread safety: everything here is immutable after static initialisation.
#ifndef DORA_METRICS_DORA_SCORE_H_
#define DORA_METRICS_DORA_SCORE_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "metrics/catalog.h"

namespace dora {

// The five scored metrics, in the order the score's SQL and table list them.
enum class ScoreComponent { kLeadTime, kDeployFrequency, kRecoveryTime, kChangeFailureRate, kReworkRate };
inline constexpr int kScoreComponentCount = 5;
inline constexpr std::array<ScoreComponent, kScoreComponentCount> kScoreComponents = {
    ScoreComponent::kLeadTime, ScoreComponent::kDeployFrequency, ScoreComponent::kRecoveryTime,
    ScoreComponent::kChangeFailureRate, ScoreComponent::kReworkRate};

// The catalog metric a component is measured by (durations on the median).
MetricKind ComponentMetric(ScoreComponent c);
// "lead_time", "deploy_frequency", ...: the metric's catalog name.
absl::string_view ComponentName(ScoreComponent c);
// Lead time, deploy frequency and recovery time are throughput; change
// failure rate and rework rate are stability.
bool IsThroughput(ScoreComponent c);

// Quick Check answers are 1 (worst) .. 6 (best).
inline constexpr int kWorstAnswer = 1;
inline constexpr int kBestAnswer = 6;

// The answer whose range holds a measured duration (lead time, recovery
// time), in seconds: < 1 hour 6, < 1 day 5, < 1 week 4, < 30 days 3,
// < 180 days 2, else 1. A value at a boundary is in the worse answer
// ("less than one hour" excludes one hour).
int DurationAnswer(double seconds);
// The answer whose range holds a deploy rate (deploys per day): at least 24
// (once per hour or more often) 6, at least 1 5, at least 1/7 4, at least
// 1/30 3, at least 1/180 2, else 1. A value at a boundary is in the better
// answer ("between once per day and once per week" includes once per week).
int DeployFrequencyAnswer(double per_day);

// An answer 1..6 on 0..10 (linear: 1 is 0, 6 is 10); clamped to the scale.
double AnswerScore(double answer);
// A ratio 0..1 (0..100 %) on 10..0 (linear); clamped to the scale.
double PercentageScore(double ratio);
// The 0..10 score (10 best) of a component's measured value in its metric's
// unit (seconds, deploys per day, ratio).
double ComponentScore(ScoreComponent c, double value);

// A score and its parts; a component without a value is left out of every
// mean it belongs to (the Quick Check's overall score skips unanswered
// metrics the same way); a mean of nothing is nullopt.
struct DoraScore {
  std::array<std::optional<double>, kScoreComponentCount> components;  // 0..10 each
  std::optional<double> throughput;                                    // mean of the throughput components
  std::optional<double> stability;  // mean of CFR and rework scores: 10 - instability
  std::optional<double> overall;    // mean of every component with a value
  int scored = 0;                   // components with a value
};
// `values` in kScoreComponents order, each in its metric's unit.
DoraScore ScoreDelivery(const std::array<std::optional<double>, kScoreComponentCount>& values);

// A benchmark figure on the 0..10 scale.
struct ScoreFigure {
  double mean = 0;
  double sd = 0;
};

// One edition's "All industries" benchmark as published: the instability
// figures (change failure rate, rework, instability) on the scale where 10
// is worst, as the source file has them.
struct ScoreBenchmark {
  std::string id;           // "2025"
  std::string description;  // one line, with the source
  ScoreFigure overall;      // published; its mean is on the mixed raw scale (see Displayed)
  ScoreFigure throughput;
  ScoreFigure instability;
  std::array<ScoreFigure, kScoreComponentCount> components;  // kScoreComponents order; CFR, rework raw
};

// The figures a score is compared with, all on the 10-is-best scale, as the
// Quick Check shows them: instability figures inverted (10 - mean, same SD),
// stability = 10 - instability, and the overall mean recomputed as the mean
// of the five inverted component means (the published overall SD kept).
struct DisplayedBenchmark {
  ScoreFigure overall;
  ScoreFigure throughput;
  ScoreFigure stability;
  std::array<ScoreFigure, kScoreComponentCount> components;
};
DisplayedBenchmark Displayed(const ScoreBenchmark& b);

const std::vector<ScoreBenchmark>& AllScoreBenchmarks();
// Exact id; nullptr if unknown.
const ScoreBenchmark* FindScoreBenchmark(absl::string_view id);
std::vector<std::string> ScoreBenchmarkIds();

}  // namespace dora

#endif  // DORA_METRICS_DORA_SCORE_H_
