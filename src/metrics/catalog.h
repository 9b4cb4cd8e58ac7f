// The fixed catalog the query language binds against: metrics, statistics and
// dimensions. Identifiers in generated SQL come only from here.
//
// Thread safety: everything here is immutable after static initialisation.
#ifndef DORA_METRICS_CATALOG_H_
#define DORA_METRICS_CATALOG_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "metrics/failure_signals.h"
#include "metrics/unit.h"

namespace dora {

enum class MetricKind {
  kDeploys,            // count of successful prod deploys
  kDeployFrequency,    // successful prod deploys per day
  kLeadTime,           // occurred_at - first_commit_ts of successful deploys, seconds
  kChangeFailureRate,  // (success = false or rollback) / all deploys, 0..1
  kRecoveryTime,       // incident open -> resolved, deploy-linked incidents, seconds
  kReworkRate,         // (hotfix or rollback) / all deploys, 0..1
  kIncidents,          // count of incidents opened
  kDoraScore,          // DORA Quick Check score 0..10 of five metrics (metrics/dora_score.h)
};

// How a metric's value behaves; decides stats, sample rules and zero-filling.
enum class ValueKind {
  kCount,     // integer count; 0 when nothing happened
  kPerDay,    // count divided by days; 0 when nothing happened
  kDuration,  // seconds; needs a stat; null without samples
  kRatio,     // 0..1; null without samples
  kScore,     // 0..10, 10 best, composed of other metrics; null when none has a value
};

// Which rows a metric reads.
enum class EventFamily { kDeploys, kIncidents };

struct MetricDef {
  MetricKind kind;
  std::string name;                  // canonical, as written in queries
  std::vector<std::string> aliases;  // also accepted ("mttr")
  ValueKind value_kind;
  EventFamily family;
  Unit unit;                // of the metric's values (metrics/unit.h)
  std::string description;  // one line, for the catalog resource and --help
};

const std::vector<MetricDef>& AllMetrics();

// Case-insensitive lookup of a canonical name or alias; nullptr if unknown.
const MetricDef* FindMetric(absl::string_view name);

// Whether `<metric> samples` lists the rows behind the metric: the deploys
// behind lead_time, deploys and change_failure_rate (with their failure
// ledger outcome), the failures behind recovery_time.
bool TakesSamples(MetricKind kind);

// Canonical names and aliases, for "did you mean" suggestions.
std::vector<std::string> MetricNamesForSuggestion();

enum class Dimension { kService, kTeam, kEnvironment };

absl::string_view DimensionName(Dimension d);
std::optional<Dimension> FindDimension(absl::string_view name);
std::vector<std::string> DimensionNames();

enum class StatKind { kPercentile, kMean, kMin, kMax };

struct Stat {
  StatKind kind = StatKind::kPercentile;
  double fraction = 0.5;  // for percentiles, in (0, 1)
  std::string name;       // canonical: "p50", "p90", "p99.9", "mean", "min", "max"
};

// The stat words other than percentiles, each with the stat it means:
// median (= p50), mean, avg (= mean), min, max.
struct StatWord {
  std::string word;
  Stat stat;
};
const std::vector<StatWord>& StatWords();

// Percentiles are written pN: N starts with a digit, holds digits and dots,
// reads as a number, and lies strictly between these bounds.
inline constexpr double kPercentileExclusiveMin = 0;
inline constexpr double kPercentileExclusiveMax = 100;

// Accepts a StatWords() word or a percentile pN (p50, p75, p99.9; decimals
// allowed; p0 and p100 are not). Case-insensitive.
std::optional<Stat> ParseStat(absl::string_view text);

// The statistic used when a duration metric is queried without one.
Stat DefaultStat();

// The documented stat names, for suggestions and the catalog.
std::vector<std::string> StatNames();

// The event kinds an annotations query may name, as written in queries.
// The kinds of event an annotations query returns.
enum class AnnotationKind { kDeploy, kFailure, kRollback, kIncident };

// "deploy", "failure", "rollback", "incident": the `kind` value in SQL rows,
// frames and tags.
absl::string_view AnnotationKindName(AnnotationKind kind);
// The kind whose name is exactly `name`; nullopt otherwise.
std::optional<AnnotationKind> ParseAnnotationKindName(absl::string_view name);

// A word of `annotations <word>, ...` and the event kinds it returns.
struct AnnotationKindDef {
  std::string word;                         // "deploys"
  std::vector<AnnotationKind> event_kinds;  // what it returns
  std::string description;                  // one line, for the catalog document
};
const std::vector<AnnotationKindDef>& AllAnnotationKinds();
// Case-insensitive lookup of a kind word; nullptr if unknown.
const AnnotationKindDef* FindAnnotationKind(absl::string_view word);
std::vector<std::string> AnnotationKindWords();
// The kinds of a bare `annotations` query.
std::vector<std::string> DefaultAnnotationKindWords();

// Tunables that change how numbers are computed. Defaults are the documented
// product defaults (the settings schema publishes them); every surface (CLI
// flags, datasource settings) feeds this.
struct QueryPolicy {
  // A deploy whose first_commit_ts is later than occurred_at by more than this
  // is excluded from lead time and counted as skewed. Within the tolerance the
  // negative span is clamped to zero. The same rule applies to incidents
  // resolved before they were opened.
  absl::Duration skew_tolerance = absl::Minutes(5);
  // Durations and ratios computed from fewer samples are reported as null.
  int min_sample = 5;
  // An incident counts for recovery time only if a deploy of the same service
  // (and environment) happened within this window before it opened.
  absl::Duration incident_link_window = absl::Hours(24);
  // Band profile id, see bands.h.
  std::string band_profile = "dora-2024";
  // The benchmark edition dora_score is compared with, see dora_score.h.
  std::string score_benchmark = "2025";
  // What counts as a failed deploy, see failure_signals.h.
  FailureSignals failure_signals;
};

// The valid range of each policy field is the settings schema's
// (settings/settings_schema.h: SkewToleranceProblem and the others).

}  // namespace dora

#endif  // DORA_METRICS_CATALOG_H_
