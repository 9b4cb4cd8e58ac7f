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
};

// How a metric's value behaves; decides stats, sample rules and zero-filling.
enum class ValueKind {
  kCount,      // integer count; 0 when nothing happened
  kPerDay,     // count divided by days; 0 when nothing happened
  kDuration,   // seconds; needs a stat; null without samples
  kRatio,      // 0..1; null without samples
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

// Accepts p50 p75 p90 p95 p99 (any pN with 0 < N < 100, decimals allowed),
// median (= p50), mean, avg (= mean), min, max. Case-insensitive.
std::optional<Stat> ParseStat(absl::string_view text);

// The statistic used when a duration metric is queried without one.
Stat DefaultStat();

// The documented stat names, for suggestions and the catalog.
std::vector<std::string> StatNames();

// Tunables that change how numbers are computed. Defaults are the documented
// product defaults; every surface (CLI flags, datasource settings) feeds this.
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
  // What counts as a failed deploy, see failure_signals.h.
  FailureSignals failure_signals;
};

// The valid range of each policy field: the one check every surface (CLI
// flags, datasource settings, the binder) applies. Each returns "" when the
// value is valid, else what is wrong ("must be positive"), for the caller to
// prefix with its own name for the field.
inline constexpr int kMaxMinSample = 1000000;
std::string SkewToleranceProblem(absl::Duration d);
std::string IncidentLinkWindowProblem(absl::Duration d);
std::string MinSampleProblem(int64_t n);

}  // namespace dora

#endif  // DORA_METRICS_CATALOG_H_
