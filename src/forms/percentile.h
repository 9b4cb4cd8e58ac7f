// Exact percentiles computed by the engine itself, with PostgreSQL's
// arithmetic, for statements that return samples in parts (rolling windows
// as runs of pieces) instead of one statistic per row.
#ifndef DORA_FORMS_PERCENTILE_H_
#define DORA_FORMS_PERCENTILE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace dora {

// percentile_cont(fraction) WITHIN GROUP (ORDER BY v) over `values`, bit for
// bit as PostgreSQL computes it for float8 (the rows at floor and ceil of
// fraction * (n - 1), then lo + (hi - lo) * (position - floor)); nullopt for
// no values. Reorders `values`. `fraction` is in [0, 1].
std::optional<double> PercentileCont(std::vector<double>* values, double fraction);

// The same over values already sorted ascending (not reordered).
std::optional<double> PercentileContOfSorted(const std::vector<double>& sorted, double fraction);

// The samples of consecutive runs of parts (pieces of rolling windows),
// sorted: Slide moves the run forward, merging in the parts that enter and
// taking out those that leave, so that each window costs a pass over its
// samples rather than a selection among them. Parts are given by index,
// their samples sorted ascending (the caller sorts once).
class SlidingSamples {
 public:
  explicit SlidingSamples(const std::vector<std::vector<double>>* parts) : parts_(parts) {}
  // Makes the window parts [lo, hi) (indexes into `parts`); cheapest when
  // lo and hi do not decrease from one call to the next.
  void Slide(size_t lo, size_t hi);
  const std::vector<double>& sorted() const { return window_; }

 private:
  const std::vector<std::vector<double>>* parts_;
  std::vector<double> window_, scratch_, moved_;
  size_t lo_ = 0, hi_ = 0;
};

// Appends the elements of a float8[] cell in PostgreSQL's text form
// ("{1.5,2,300}") to `out`; a NULL cell (no samples) appends nothing. An
// element that is not a finite number (NULL, NaN, Infinity) is an error.
absl::Status AppendFloat8Array(const std::optional<std::string>& cell, std::vector<double>* out);

}  // namespace dora

#endif  // DORA_FORMS_PERCENTILE_H_
