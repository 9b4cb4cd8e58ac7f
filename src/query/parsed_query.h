// The parser's output: the query's syntax, positions kept, nothing resolved.
#ifndef DORA_QUERY_PARSED_QUERY_H_
#define DORA_QUERY_PARSED_QUERY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dora {

// What a query returns. The parser decides it from the query's head word and
// clauses; the binder checks that the form's clauses fit; one module per form
// (src/forms/) owns its binding, SQL, result schema and frames.
enum class QueryForm {
  kMetric,            // a statistic per group: `lead_time p90 by service`
  kSeries,            // a statistic per group and time bucket: `... every 1w`
  kBandDistribution,  // units counted per DORA band: `... band distribution`
  kAnnotations,       // deploy and incident events: `annotations deploys`
  kSamples,           // the rows behind a statistic: `lead_time samples`
  kDataQuality,       // per event source: counts, freshness, exclusions
};

// Whether the form answers with metric values (a statistic per group, bucket
// or band) rather than a table of events or sources.
constexpr bool HasMetricValues(QueryForm form) {
  return form == QueryForm::kMetric || form == QueryForm::kSeries || form == QueryForm::kBandDistribution;
}

// "metric", "series", "band_distribution", "annotations", "samples", "data_quality".
absl::string_view QueryFormName(QueryForm form);

struct Located {
  std::string text;
  int pos = 0;  // 1-based character column
  int len = 0;
};

enum class ConditionOp { kEq, kNotEq, kIn, kNotIn };

struct ParsedCondition {
  Located dimension;
  ConditionOp op = ConditionOp::kEq;
  int op_pos = 0;
  std::vector<Located> values;      // one for = and !=, one or more for in lists
  std::optional<Located> wildcard;  // a `*` among the values: any value, NULL included
};

struct ParsedQuery {
  QueryForm form = QueryForm::kMetric;
  Located metric;                         // or the word `annotations` / `data_quality`
  std::optional<Located> samples;         // `<metric> samples`: the rows behind a statistic
  std::optional<Located> limit;           // `limit N` (samples only), the number token
  std::vector<Located> annotation_kinds;  // deploys, rollbacks, failures, incidents
  std::optional<Located> stat;
  std::vector<Located> group_by;  // empty when there is no `by` clause
  std::vector<ParsedCondition> where;
  std::optional<Located> every;              // "1w", "auto", ...
  std::optional<Located> rolling;            // the window: "28d", "4w", "3mo"
  std::optional<Located> band_distribution;  // position of `band distribution`
  std::optional<Located> vs_previous;        // position of `vs previous`
};

}  // namespace dora

#endif  // DORA_QUERY_PARSED_QUERY_H_
