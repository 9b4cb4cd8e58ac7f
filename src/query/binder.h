// Binds a parsed query against the catalog and the request it arrived with.
#ifndef DORA_QUERY_BINDER_H_
#define DORA_QUERY_BINDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "metrics/catalog.h"
#include "query/bound_query.h"
#include "query/parsed_query.h"

namespace dora {

// What a query is evaluated against, besides its text.
struct QueryContext {
  absl::Time from;                 // inclusive
  absl::Time to;                   // exclusive
  std::string time_zone = "UTC";   // IANA zone for `every` day/week buckets
  // Grafana's suggested interval; `every auto` uses it. Zero means derive it
  // from the range and max_data_points.
  absl::Duration interval = absl::ZeroDuration();
  int max_data_points = 200;
  QueryPolicy policy;
};

// At most this many buckets per series; more is an OutOfRange bind error.
inline constexpr int kMaxBuckets = 5000;

// Errors are positioned bind errors (InvalidArgument, or OutOfRange for
// bucket limits) naming what was wrong and, for names, the nearest valid one.
absl::StatusOr<BoundQuery> BindQuery(const ParsedQuery& parsed, const QueryContext& context);

// Picks the `every auto` bucket: the smallest of 1h, 1d, 1w that is at least
// the interval, or whole weeks beyond that.
absl::Duration AutoBucket(const QueryContext& context);

// Parse + bind in one step.
absl::StatusOr<BoundQuery> CompileQuery(absl::string_view text, const QueryContext& context);

}  // namespace dora

#endif  // DORA_QUERY_BINDER_H_
