// The binder's output: every name resolved against the catalog, every value
// still a plain string (it only ever reaches SQL as a parameter).
#ifndef DORA_QUERY_BOUND_QUERY_H_
#define DORA_QUERY_BOUND_QUERY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "metrics/bands.h"
#include "metrics/catalog.h"

namespace dora {

struct BoundFilter {
  Dimension dimension;
  bool negated = false;             // != / not in
  std::vector<std::string> values;  // one or more; matched exactly
};

struct BoundQuery {
  // The metric; nullptr for the annotations form.
  const MetricDef* metric = nullptr;
  // Annotations form: the event kinds to return, each one of "deploy",
  // "failure", "rollback", "incident". Empty for metric queries.
  std::vector<std::string> annotation_kinds;
  std::optional<Stat> stat;  // set exactly for duration metrics
  std::vector<Dimension> group_by;
  std::vector<BoundFilter> filters;
  // The environment every row must have when the query neither filters nor
  // groups by environment (the product default: "prod"); empty otherwise.
  std::string default_environment;
  std::optional<absl::Duration> bucket;  // set for time series (`every`)
  bool band_distribution = false;        // group_by is then the classified unit
  absl::Time from;                       // inclusive
  absl::Time to;                         // exclusive
  std::string time_zone = "UTC";         // IANA name, for day/week buckets
  QueryPolicy policy;
  const BandProfile* band_profile = nullptr;
  std::string normalized_text;  // canonical rendering of the query

  bool is_annotations() const { return metric == nullptr; }
};

// At most this many annotation events per query (a notice says when cut).
inline constexpr int kMaxAnnotations = 5000;

}  // namespace dora

#endif  // DORA_QUERY_BOUND_QUERY_H_
