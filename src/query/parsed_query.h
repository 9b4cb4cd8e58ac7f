// The parser's output: the query's syntax, positions kept, nothing resolved.
#ifndef DORA_QUERY_PARSED_QUERY_H_
#define DORA_QUERY_PARSED_QUERY_H_

#include <optional>
#include <string>
#include <vector>

namespace dora {

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
  std::vector<Located> values;  // one for = and !=, one or more for in lists
  std::optional<Located> wildcard;  // a `*` among the values: any value, NULL included
};

struct ParsedQuery {
  Located metric;                        // or the word `annotations` / `data_quality`
  bool annotations = false;              // the annotations form
  bool data_quality = false;             // the data_quality form
  std::optional<Located> samples;        // `<metric> samples`: the rows behind a statistic
  std::optional<Located> limit;          // `limit N` (samples only), the number token
  std::vector<Located> annotation_kinds;  // deploys, rollbacks, failures, incidents
  std::optional<Located> stat;
  std::vector<Located> group_by;  // empty when there is no `by` clause
  std::vector<ParsedCondition> where;
  std::optional<Located> every;   // "1w", "auto", ...
  std::optional<Located> band_distribution;  // position of `band distribution`
};

}  // namespace dora

#endif  // DORA_QUERY_PARSED_QUERY_H_
