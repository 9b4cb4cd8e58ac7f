// The binder's output: every name resolved against the catalog, every value
// still a plain string (it only ever reaches SQL as a parameter).
#ifndef DORA_QUERY_BOUND_QUERY_H_
#define DORA_QUERY_BOUND_QUERY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/calendar.h"
#include "metrics/bands.h"
#include "metrics/catalog.h"
#include "metrics/dora_score.h"
#include "query/parsed_query.h"

namespace dora {

struct BoundFilter {
  Dimension dimension;
  bool negated = false;             // != / not in
  std::vector<std::string> values;  // one or more; matched exactly
};

struct BoundQuery {
  QueryForm form = QueryForm::kMetric;
  // The metric; nullptr for the annotations and data_quality forms.
  const MetricDef* metric = nullptr;
  // Annotations form: the event kinds to return. Empty for other forms.
  std::vector<AnnotationKind> annotation_kinds;
  std::optional<Stat> stat;  // set exactly for duration metrics
  std::vector<Dimension> group_by;
  std::vector<BoundFilter> filters;
  // The environment every row must have when the query neither filters nor
  // groups by environment (the product default: "prod"); empty otherwise.
  std::string default_environment;
  bool any_environment = false;       // `environment = *`: every environment, no filter
  std::optional<BucketWidth> bucket;  // set exactly for the series form (`every`)
  // Series only (`rolling`): each bucket's value is the metric over this
  // span ending at min(bucket end, to), rows before `from` included.
  std::optional<CalendarSpan> rolling;
  // Band distribution form: group_by is the classified unit (service by default).
  absl::Time from;                            // inclusive
  absl::Time to;                              // exclusive
  std::string time_zone = "UTC";              // IANA name: day/week buckets and per-day rates
  absl::TimeZone zone = absl::UTCTimeZone();  // the same zone, loaded
  QueryPolicy policy;
  const BandProfile* band_profile = nullptr;
  // Metric form `vs previous`: the statistic also over the previous period,
  // PreviousPeriodFrom(*this) to `from`.
  bool vs_previous = false;
  // policy.score_benchmark's edition (dora_score).
  const ScoreBenchmark* score_benchmark = nullptr;
  int limit = 0;                // samples form: at most this many rows
  std::string normalized_text;  // canonical rendering of the query
};

// The start of the period of `vs previous`: the range's exact length (as
// elapsed time, whatever the calendar) before `from`, so the previous period
// [from - (to - from), from) ends where the range starts.
inline absl::Time PreviousPeriodFrom(const BoundQuery& q) { return q.from - (q.to - q.from); }

// At most this many annotation events per query (a notice says when cut).
inline constexpr int kMaxAnnotations = 5000;

// A rolling window spans at most this many buckets (each row is counted in
// every window holding it); more is an OutOfRange bind error.
inline constexpr int kMaxRollingBuckets = 1000;

// Samples form: rows returned without a `limit`, and the largest limit.
inline constexpr int kDefaultSampleLimit = 20;
inline constexpr int kMaxSampleLimit = 1000;

}  // namespace dora

#endif  // DORA_QUERY_BOUND_QUERY_H_
