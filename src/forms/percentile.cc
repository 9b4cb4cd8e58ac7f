#include "forms/percentile.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "forms/shaping.h"

namespace dora {

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
  return lo + (hi - lo) * (position - static_cast<double>(first_row));
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
