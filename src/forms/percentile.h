// Exact percentiles computed by the engine itself, with PostgreSQL's
// arithmetic, for statements that return samples in parts (rolling windows
// as runs of pieces) instead of one statistic per row.
#ifndef DORA_FORMS_PERCENTILE_H_
#define DORA_FORMS_PERCENTILE_H_

#include <cstdint>
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

// The samples of one group's pieces (the parts of rolling windows), sorted
// once together, each remembering its piece: percentile_cont over any run of
// consecutive pieces is then one pass over the sorted samples, with no
// per-window sort or merge. Not thread-safe; reusable through Reset.
class PieceSamples {
 public:
  // Starts over with pieces [0, pieces) and no samples.
  void Reset(size_t pieces);
  // Adds finite `samples` to `piece` (< the Reset count). Not after Sort.
  void Add(size_t piece, const std::vector<double>& samples);
  // Orders the samples; call once, after the last Add.
  void Sort();
  // How many samples pieces [lo, hi) hold.
  int64_t Count(size_t lo, size_t hi) const;
  // PercentileCont(fraction) over the samples of pieces [lo, hi), bit for
  // bit; nullopt when they hold none.
  std::optional<double> Percentile(size_t lo, size_t hi, double fraction) const;

 private:
  // Index of the `skip`-th (from 0) sample of pieces [lo, hi) at or after
  // `from` (forward) or before `from` going down (backward); it exists.
  size_t Forward(size_t from, int64_t skip, uint32_t lo, uint32_t hi) const;
  size_t Backward(size_t from, int64_t skip, uint32_t lo, uint32_t hi) const;

  // Each sample's double bits mapped so that unsigned order is numeric
  // order, and its piece, at the same index.
  std::vector<uint64_t> keys_, key_scratch_;
  std::vector<uint32_t> pieces_, piece_scratch_;
  std::vector<int64_t> counts_before_;  // counts_before_[i]: samples in pieces [0, i)
};

// Appends the elements of a float8[] cell in PostgreSQL's text form
// ("{1.5,2,300}") to `out`; a NULL cell (no samples) appends nothing. An
// element that is not a finite number (NULL, NaN, Infinity) is an error.
absl::Status AppendFloat8Array(const std::optional<std::string>& cell, std::vector<double>* out);

}  // namespace dora

#endif  // DORA_FORMS_PERCENTILE_H_
