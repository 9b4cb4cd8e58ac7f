// What the three metric-valued forms (metric, series, band distribution)
// share: the row source and aggregates of a metric, the shaping of one row
// per group (and bucket) with sample sizes, bands and notes, the notices
// about skew, small samples and open incidents, and the frames (a plain table
// for panels, numeric-long for alert rules).
//
// SQL result schema of a metric statement (the shaping reads it): one column
// per grouped dimension, named as the dimension; then `time` (bigint, epoch
// seconds of the bucket start) for series; then `value` (float8, NULL when
// there are no samples), `n` (bigint sample size), `skewed` (bigint rows
// excluded by the clock-skew guard) and `unresolved` (bigint open incidents;
// 0 for deploy metrics); with `vs previous` (metric form) also `previous`
// (float8, the value over the previous period) and `previous_n` (bigint).
// Rows are ordered by the dimensions, then time. Lead time percentiles
// (LeadTimesInEngine) add `lead_us` (text, forms/lead_samples.h; with `vs
// previous` also `previous_lead_us`), from which the engine takes value, n
// and skewed (previous, previous_n): the columns SQL gives stand in.
//
// Result table of ShapeMetricRows: the grouped dimensions (string,
// kDimension), `time` (series only, kTime), `value` (int for counts, float
// otherwise, kValue, the metric's unit), `n`, `band` (banded metrics,
// kBand, of `value`), with `vs previous` `previous` (typed and unit as
// `value`, NULL below the minimum sample like `value`), `previous_n` and
// `change_pct` (float, percent: RelativeChangePercent), then `skewed`
// (lead_time, recovery_time), `unresolved` (incident metrics) and `note`
// (of `value`). `skewed`, `unresolved` and the totals are the range's.
#ifndef DORA_FORMS_METRIC_VALUES_H_
#define DORA_FORMS_METRIC_VALUES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "forms/query_result.h"
#include "frame/frame.h"
#include "query/binder.h"
#include "sql/fragments.h"
#include "store/sql_executor.h"

namespace dora {

// Binds the head of a metric-valued form: the metric and its stat; `limit`
// is refused (it belongs to samples).
absl::Status BindMetricValuedHead(const ParsedQuery& p, BoundQuery* q);

// Whether the query's statistic is a percentile of samples.
bool SampledMetric(const BoundQuery& q);
// Whether a group without rows has the value 0 (counts, per-day rates)
// rather than none.
bool ZeroWithoutRows(const MetricDef& m);
// Whether the query's metric is counted (counts, rates and ratios, not
// statistics of samples): it has MetricAggregation::partial_aggregates.
bool CountedInParts(const BoundQuery& q);
// Whether the query is a lead time percentile, whose samples the engine
// reduces from SqlFragments::LeadTimeSource's lead_us cells.
bool LeadTimesInEngine(const BoundQuery& q);
// Whether a value of `m` from fewer than the policy's minimum sample is
// reported as null (durations and ratios).
bool NeedsMinSample(const MetricDef& m);

// What every metric-valued statement aggregates, built in this order (which
// fixes the parameters' numbering): `source`, the metric's rows over the
// window for "FROM (<source>) AS s"; `where`, the query's filters over `s`;
// `aggregates`, value, n, skewed, unresolved over `s` (for percentiles
// `samples` instead of `value`, reduced by MetricValueOf); `dims`, the
// grouping dimensions' column names. For counts and rates (not statistics of
// samples; metrics whose value kind is not a duration) the same counts also
// come over part of the rows of `s`: `partial_aggregates` (`value_n`, `n`,
// `skewed`, `unresolved`), for the caller to sum over parts and divide as
// the metric does (a count, per day, a ratio); empty for statistics of
// samples. For percentiles,
// `sample_partial_aggregates` instead: `samples` (float8[] of the part's
// samples, NULL for none), `n`, `skewed` and `unresolved` over part of the
// rows, for the caller to combine (forms/percentile.h); empty for lead time
// percentiles, whose parts the caller aggregates itself
// (forms/rolling_series.h). `having`
// follows every GROUP BY over `s`: "\nHAVING ..." that keeps exactly the
// groups the metric's rows have, for sources whose rows may cancel
// (DeployRows::counted), else "".
struct MetricAggregation {
  std::string source;
  std::string where;
  std::string aggregates;
  std::vector<std::string> dims;
  std::string partial_aggregates;
  std::string sample_partial_aggregates;
  std::string having;
};
MetricAggregation MetricAggregationSql(SqlFragments& sql);
// The value column of an aggregated relation `alias`.
std::string MetricValueOf(SqlFragments& sql, absl::string_view alias);
// One row per group over the whole range (metric and band distribution
// forms); with `vs previous` also over the previous period (the row source
// read twice, the second time after SqlFragments::UsePreviousWindow), one row
// per group present in either period.
std::string GroupedMetricSql(SqlFragments& sql);

// `vs previous`'s change: (value - previous) / |previous| * 100, so +12.5
// is 12.5 % more than the previous period; nullopt when either is missing
// or previous is 0.
std::optional<double> RelativeChangePercent(std::optional<double> value, std::optional<double> previous);

// SQL rows -> result table per the schemas above; totals into `out`.
absl::Status ShapeMetricRows(const SqlResult& rows, QueryResult* out);

// The notices of a metric-valued result; `rows_word` names what fell short of
// the minimum sample ("groups", "buckets", "units").
void AddMetricNotices(absl::string_view rows_word, QueryResult* r);

// "lead_time p90", "deploys".
std::string MetricDisplayName(const BoundQuery& q);

// The table frame of a metric-valued result, for panels: every column of the
// table (dimensions, `value` as float64 with `value_config`, `n`, `band` with
// the band mappings, `skewed`, `unresolved`, `note`, `members`...) in one
// plain table frame, which declares no data-plane type (the details are
// neither dimensions nor metrics); with `vs previous`, `previous` as float64
// with `value_config`'s unit, `previous_n`, and `change_pct` in percent, each
// described.
Frame MetricTableFrame(const QueryResult& r, const std::string& ref_id, const FieldConfig& value_config);

// The numeric-long frame of a metric-valued result, for alert rules: only the
// columns whose role is `label_role` (non-null strings, "" for no value: the
// dimensions) and `value` (float64, `value_config`), so each row is one alert
// instance (`vs previous` columns are details, left out: one number per
// instance); no rows is the data-plane "no data" form, one typed frame without
// fields. Obeys frame/dataplane.h.
Frame NumericLongFrame(const QueryResult& r, const std::string& ref_id, ColumnRole label_role,
                       const FieldConfig& value_config);

}  // namespace dora

#endif  // DORA_FORMS_METRIC_VALUES_H_
