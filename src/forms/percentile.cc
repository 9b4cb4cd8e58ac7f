#include "forms/percentile.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "forms/shaping.h"

namespace dora {

namespace {

// percentile_cont's interpolation between the rows at floor and ceil of
// the position.
double Interpolate(double lo, double hi, double position, int64_t first_row) {
  return lo + (hi - lo) * (position - static_cast<double>(first_row));
}

}  // namespace

std::optional<double> PercentileContOfSorted(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return std::nullopt;
  const int64_t n = static_cast<int64_t>(sorted.size());
  const double position = fraction * static_cast<double>(n - 1);
  const int64_t first_row = static_cast<int64_t>(std::floor(position));
  const int64_t second_row = static_cast<int64_t>(std::ceil(position));
  if (second_row == first_row) return sorted[first_row];
  return Interpolate(sorted[first_row], sorted[second_row], position, first_row);
}

void SlidingSamples::Slide(size_t lo, size_t hi) {
  if (lo < lo_ || hi < hi_ || lo >= hi_) {
    // Backwards, or no overlap: start over.
    window_.clear();
    lo_ = hi_ = lo;
  }
  // Out: parts [lo_, lo), merged, then taken from the window (one
  // occurrence each).
  if (lo > lo_) {
    moved_.clear();
    for (size_t i = lo_; i < lo; ++i) {
      const std::vector<double>& part = (*parts_)[i];
      scratch_.clear();
      std::merge(moved_.begin(), moved_.end(), part.begin(), part.end(), std::back_inserter(scratch_));
      moved_.swap(scratch_);
    }
    scratch_.clear();
    std::set_difference(window_.begin(), window_.end(), moved_.begin(), moved_.end(), std::back_inserter(scratch_));
    window_.swap(scratch_);
    lo_ = lo;
  }
  // In: parts [hi_, hi).
  for (size_t i = std::max(hi_, lo); i < hi; ++i) {
    const std::vector<double>& part = (*parts_)[i];
    scratch_.clear();
    std::merge(window_.begin(), window_.end(), part.begin(), part.end(), std::back_inserter(scratch_));
    window_.swap(scratch_);
  }
  hi_ = std::max(hi_, hi);
}

std::optional<double> PercentileCont(std::vector<double>* values, double fraction) {
  if (values->empty()) return std::nullopt;
  const int64_t n = static_cast<int64_t>(values->size());
  const double position = fraction * static_cast<double>(n - 1);
  const int64_t first_row = static_cast<int64_t>(std::floor(position));
  const int64_t second_row = static_cast<int64_t>(std::ceil(position));
  auto first = values->begin() + first_row;
  std::nth_element(values->begin(), first, values->end());
  const double lo = *first;
  if (second_row == first_row) return lo;
  // Everything after the first row's place is >= it: the next row is their least.
  const double hi = *std::min_element(first + 1, values->end());
  return Interpolate(lo, hi, position, first_row);
}

absl::Status AppendFloat8Array(const std::optional<std::string>& cell, std::vector<double>* out) {
  if (!cell) return absl::OkStatus();
  absl::string_view text = *cell;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return ShapeError("samples array");
  text = text.substr(1, text.size() - 2);
  if (text.empty()) return absl::OkStatus();
  for (absl::string_view element : absl::StrSplit(text, ',')) {
    double v = 0;
    if (!absl::SimpleAtod(element, &v) || !std::isfinite(v)) {
      return ShapeError(absl::StrCat("sample '", element, "'"));
    }
    out->push_back(v);
  }
  return absl::OkStatus();
}

}  // namespace dora
