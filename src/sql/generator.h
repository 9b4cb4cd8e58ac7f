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
// Samples form, largest value first, at most `limit` + 1 rows (the extra one
// tells the engine that more matched), skewed rows left
// out: lead_time -> `service`, `team`, `environment`, `commit_sha`,
// `first_us`, `time_us` (the deploy), `value` (seconds); recovery_time ->
// `service`, `team`, `environment`, `incident_id`, `time_us` (opened),
// `end_us` (resolved), `value` (seconds).
//
// Data quality form, one row per source present in the window (by
// occurred_at), ordered by source: `source`, `events`, `changes`, `deploys`,
// `incidents` (opens), `deploys_without_first_commit` (successful,
// non-rollback deploys lead time cannot use), `skewed` (deploys whose first
// commit is later than the deploy beyond the skew tolerance),
// `resolved_without_open` (resolutions of incidents never opened),
// `last_us` (latest occurred_at), `received_us` (latest ingested_at).
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
