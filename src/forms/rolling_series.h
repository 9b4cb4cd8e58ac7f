// Rolling series computed from pieces: each row of the window's metric is
// read once, in its piece of the windows (SqlFragments::RollingPiece), and
// the engine combines each window's pieces: percentiles from the pieces'
// samples, counts and rates from their counts.
#ifndef DORA_FORMS_ROLLING_SERIES_H_
#define DORA_FORMS_ROLLING_SERIES_H_

#include <string>

#include "absl/status/statusor.h"
#include "forms/metric_values.h"
#include "query/bound_query.h"
#include "sql/fragments.h"
#include "store/sql_executor.h"

namespace dora {

// Whether the series of `q` is computed from pieces (RollingPartsSql,
// SeriesFromPieces) rather than in SQL.
bool WindowsFromPieces(const BoundQuery& q);

// The statement: one row per group and piece, with the piece's partial
// aggregates of `m`, ordered by the groups as the zero-filled series orders
// them, then the piece. Lead times instead come as one row per group (no
// GROUP BY without dimensions), `piece_lead_us` the group's kept days'
// and events' lead times, each part "#<piece>:<lead times>"
// (forms/lead_samples.h), in no particular order: the statement then sorts
// one row per group rather than one wide row per group and piece.
std::string RollingPartsSql(SqlFragments& sql, const MetricAggregation& m);

// The rows RollingPartsSql's statement makes, in the series' SQL result
// schema (forms/metric_values.h): for each group with rows in some window,
// every bucket's window's value over its pieces (a percentile of their
// samples, or the metric's count, rate or ratio of their summed counts), n,
// skewed and unresolved summed over them (a window without rows: zeros, and
// no value unless the metric is 0 without rows). Groups are shaped on up to
// ThreadsForBytes(their cells) threads; the answer, and the
// error for a cell out of format (the first in row order), do not depend on
// how many.
absl::StatusOr<SqlResult> SeriesFromPieces(const SqlResult& rows, const BoundQuery& q);

}  // namespace dora

#endif  // DORA_FORMS_ROLLING_SERIES_H_
