// Exact percentiles computed by the engine itself, with PostgreSQL's
// arithmetic, for statements that return samples in parts (rolling windows
// as runs of pieces) instead of one statistic per row.
#ifndef DORA_FORMS_PERCENTILE_H_
#define DORA_FORMS_PERCENTILE_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"

namespace dora {

// percentile_cont(fraction) WITHIN GROUP (ORDER BY v) over `values`, bit for
// bit as PostgreSQL computes it for float8 (the rows at floor and ceil of
// fraction * (n - 1), then lo + (hi - lo) * (position - floor)); nullopt for
// no values. Reorders `values`. `fraction` is in [0, 1].
std::optional<double> PercentileCont(std::vector<double>* values, double fraction);

// The same over values given by keys: each value is value_of(key), which
// does not decrease as the key grows (so the rows are found among the keys
// and only two keys become values). Reorders `keys`.
template <typename Key, typename ValueOf>
std::optional<double> PercentileContOfKeys(std::vector<Key>* keys, double fraction, ValueOf value_of);

// percentile_cont's interpolation between the values of rows first_row and
// first_row + 1 at `position` (between them).
inline double InterpolateRows(double first, double second, double position, int64_t first_row) {
  return first + (second - first) * (position - static_cast<double>(first_row));
}

// The keys at rows `row` and row + 1 (from 0, in ascending order) of
// `keys`: .second only when `with_next` (row + 1 < size). Reorders `keys`.
// Radix selection (rows found by counting in ranges of the keys' spread,
// then among the few keys of one range) instead of nth_element's swaps
// for many keys: about half the time for a 90-day window's lead times.
struct KeyRows {
  int64_t first = 0;
  int64_t second = 0;
};
KeyRows SelectKeyRows(std::vector<int64_t>* keys, int64_t row, bool with_next);

template <typename Key, typename ValueOf>
std::optional<double> PercentileContOfKeys(std::vector<Key>* keys, double fraction, ValueOf value_of) {
  if (keys->empty()) return std::nullopt;
  const int64_t n = static_cast<int64_t>(keys->size());
  const double position = fraction * static_cast<double>(n - 1);
  const auto first_row = static_cast<int64_t>(std::floor(position));
  const auto second_row = static_cast<int64_t>(std::ceil(position));
  Key first_key{}, second_key{};
  if constexpr (std::is_same_v<Key, int64_t>) {
    const KeyRows rows = SelectKeyRows(keys, first_row, second_row != first_row);
    first_key = rows.first;
    second_key = rows.second;
  } else {
    auto first = keys->begin() + first_row;
    std::nth_element(keys->begin(), first, keys->end());
    first_key = *first;
    // Everything after the first row's place is >= it: the next row is their least.
    if (second_row != first_row) second_key = *std::min_element(first + 1, keys->end());
  }
  const double lo = value_of(first_key);
  if (second_row == first_row) return lo;
  return InterpolateRows(lo, value_of(second_key), position, first_row);
}

// The samples of one group's pieces (the parts of rolling windows), sorted
// once together, each remembering its piece: percentile_cont over any run of
// consecutive pieces is then one pass over the sorted samples, with no
// per-window sort or merge. Not thread-safe; reusable through Reset.
class PieceSamples {
 public:
  // What the samples are: float8 values, or lead times as int8
  // microseconds whose values are LeadSeconds (forms/lead_samples.h).
  enum class Kind { kFloat8, kLeadMicroseconds };
  // Starts over with pieces [0, pieces) and no samples of `kind`.
  void Reset(size_t pieces, Kind kind = Kind::kFloat8);
  // Adds finite `samples` (kFloat8) to `piece` (< the Reset count). Not
  // after Sort.
  void Add(size_t piece, const std::vector<double>& samples);
  // Adds lead times (kLeadMicroseconds) to `piece`. Not after Sort.
  void Add(size_t piece, const std::vector<int64_t>& lead_us);
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

  // Records `added` more samples in `piece` (counts_before_).
  void Counted(size_t piece, size_t added);
  double ValueOf(uint64_t key) const;

  Kind kind_ = Kind::kFloat8;
  // Each sample's key (its double's bits or its microseconds, mapped so
  // that unsigned order is numeric order), and its piece, at one index.
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
