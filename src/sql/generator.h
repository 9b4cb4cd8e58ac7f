// BoundQuery -> SqlStatement over `delivery_events`.
//
// Result contract (the engine relies on it): one column per grouped dimension,
// named as the dimension; then `time` (bigint, epoch seconds of the bucket
// start) for series; then `value` (float8, NULL when there are no samples),
// `n` (bigint sample size), `skewed` (bigint rows excluded by the clock-skew
// guard) and `unresolved` (bigint open incidents; 0 for deploy metrics).
// Rows are ordered by the dimensions, then time. Series are zero-filled: every
// group seen in the range has a row for every bucket.
//
// Annotations form: `kind` (deploy|failure|rollback|incident), `time_us`,
// `time_end_us` (incident resolution, else NULL), `service`, `team`,
// `environment`, `commit_sha`, `incident_id`, `hotfix`, `lead_s` (NULL when
// unknown or skewed), oldest first, at most kMaxAnnotations + 1 rows.
//
// Values from the query text only ever appear as $n parameters; identifiers
// only come from the catalog.
#ifndef DORA_SQL_GENERATOR_H_
#define DORA_SQL_GENERATOR_H_

#include "absl/status/statusor.h"
#include "query/bound_query.h"
#include "sql/sql_statement.h"

namespace dora {

absl::StatusOr<SqlStatement> GenerateSql(const BoundQuery& query);

}  // namespace dora

#endif  // DORA_SQL_GENERATOR_H_
