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
// Samples form, at most `limit` + 1 rows (the extra one tells the engine that
// more matched). Ledger columns (sql/deploy_ledger.h): `outcome`, `signal_us`
// (epoch microseconds of the signal), `signal_id`.
//   lead_time, largest first, skewed rows left out -> `service`, `team`,
//     `environment`, `commit_sha`, `first_us`, `time_us` (the deploy), the
//     ledger columns, `value` (seconds);
//   recovery_time, largest first, skewed rows left out -> `service`, `team`,
//     `environment`, `incident_id`, `path` (incident | deploy), `commit_sha`
//     (deploy path), `time_us` (opened or failed), `end_us` (resolved or
//     recovered), `value` (seconds);
//   deploys and change_failure_rate, latest first -> `service`, `team`,
//     `environment`, `commit_sha`, `time_us`, the ledger columns, `value`
//     (lead time in seconds; NULL when unknown, skewed or not successful).
//
// Data quality form, one row per source present in the window (by
// occurred_at), ordered by source: `source`, `events`, `changes`, `deploys`,
// `incidents` (opens), `deploys_without_first_commit` (successful,
// non-rollback deploys lead time cannot use), `skewed` (deploys whose first
// commit is later than the deploy beyond the skew tolerance),
// `resolved_without_open` (resolutions of incidents never opened),
// `suspected_duplicates` (deploys with a twin from another source: same
// service, environment, commit and outcome within a minute; not hidden),
// `deploy_environments` (deploys per environment name as sent, "Production ->
// prod: 3, staging: 4", so an unmapped alias is visible),
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
