// dora_score in the metric form: the five component metrics of
// metrics/dora_score.h computed per group by their own statements (the same
// SQL as `lead_time p50 by ...`, `deploy_frequency by ...` and so on over the
// query's window, filters and policy), joined per group, and scored in C++
// by ScoreDelivery.
//
// SQL result schema: one column per grouped dimension, then for each
// component in kScoreComponents order `<name>` (float8, its metric's value
// before the minimum-sample rule) and `<name>_n` (bigint sample size). One
// row per group seen by any component, ordered by the dimensions.
//
// Result table: the grouped dimensions (kDimension); `value` (float, the
// overall score 0..10, kValue); `n` (components scored, 0..5);
// `throughput`, `stability` (float: mean of the throughput, stability
// component scores; stability is 10 - instability, as the Quick Check shows
// it); `<name>_score` per component (float 0..10); `industry_mean`,
// `industry_sd` (the benchmark's overall figure as the Quick Check shows it)
// and `z` ((value - mean) / sd); `note` (which components have no value and
// why).
#ifndef DORA_FORMS_DORA_SCORE_VALUES_H_
#define DORA_FORMS_DORA_SCORE_VALUES_H_

#include <string>

#include "absl/status/status.h"
#include "forms/query_result.h"
#include "sql/fragments.h"
#include "store/sql_executor.h"

namespace dora {

// The statement of a bound dora_score query (metric form).
std::string DoraScoreSql(SqlFragments& sql);

// SQL rows -> result table and notices, per the schemas above.
absl::Status ShapeDoraScoreRows(const SqlResult& rows, QueryResult* out);

}  // namespace dora

#endif  // DORA_FORMS_DORA_SCORE_VALUES_H_
