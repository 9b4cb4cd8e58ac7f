#include "forms/percentile.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "forms/lead_samples.h"
#include "forms/shaping.h"

namespace dora {

namespace {

// Order-preserving map of a finite double onto unsigned integers (sign
// bit set for non-negative values, all bits flipped for negative ones).
uint64_t OrderKey(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
}

double FromOrderKey(uint64_t key) {
  const uint64_t bits = (key >> 63) != 0 ? key & ~(uint64_t{1} << 63) : ~key;
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

}  // namespace

constexpr uint64_t kSignBit = uint64_t{1} << 63;

void PieceSamples::Reset(size_t pieces, Kind kind) {
  kind_ = kind;
  keys_.clear();
  pieces_.clear();
  counts_before_.assign(pieces + 1, 0);
}

void PieceSamples::Add(size_t piece, const std::vector<double>& samples) {
  const size_t at = keys_.size();
  keys_.resize(at + samples.size());
  pieces_.resize(at + samples.size(), static_cast<uint32_t>(piece));
  std::transform(samples.begin(), samples.end(), keys_.begin() + static_cast<ptrdiff_t>(at), OrderKey);
  Counted(piece, samples.size());
}

void PieceSamples::Add(size_t piece, const std::vector<int64_t>& lead_us) {
  const size_t at = keys_.size();
  keys_.resize(at + lead_us.size());
  pieces_.resize(at + lead_us.size(), static_cast<uint32_t>(piece));
  std::transform(lead_us.begin(), lead_us.end(), keys_.begin() + static_cast<ptrdiff_t>(at),
                 [](int64_t us) { return static_cast<uint64_t>(us) ^ kSignBit; });
  Counted(piece, lead_us.size());
}

void PieceSamples::Counted(size_t piece, size_t added) {
  for (size_t i = piece + 1; i < counts_before_.size(); ++i) counts_before_[i] += static_cast<int64_t>(added);
}

double PieceSamples::ValueOf(uint64_t key) const {
  if (kind_ == Kind::kLeadMicroseconds) return LeadSeconds(static_cast<int64_t>(key ^ kSignBit));
  return FromOrderKey(key);
}

void PieceSamples::Sort() {
  const size_t n = keys_.size();
  // Sorts [begin, end) by whole keys, pieces alongside.
  auto sort_range = [this](size_t begin, size_t end) {
    std::vector<std::pair<uint64_t, uint32_t>> pairs;
    pairs.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) pairs.emplace_back(keys_[i], pieces_[i]);
    std::sort(pairs.begin(), pairs.end());
    for (size_t i = begin; i < end; ++i) std::tie(keys_[i], pieces_[i]) = pairs[i - begin];
  };
  if (n < 512) {
    sort_range(0, n);
    return;
  }
  // By the bits of key - least key, at most the top 22 of them, 11 at a
  // time from the least significant, skipping digits every sample shares;
  // then, if bits were left below, each run of equal sorted bits (rare:
  // repeated values, or values within a part in 2^21 of the range of each
  // other) by whole keys.
  const auto [least, most] = std::minmax_element(keys_.begin(), keys_.end());
  const uint64_t base = *least;
  if (*most == base) return;
  const int width = 64 - __builtin_clzll(*most - base);
  constexpr int kDigitBits = 11, kMaxDigits = 2;
  const int low_bit = std::max(0, width - kDigitBits * kMaxDigits);
  const int digits = (width - low_bit + kDigitBits - 1) / kDigitBits;
  constexpr uint64_t kDigitMask = (uint64_t{1} << kDigitBits) - 1;
  std::array<std::array<uint32_t, kDigitMask + 1>, kMaxDigits> histograms{};
  for (uint64_t key : keys_) {
    for (int d = 0; d < digits; ++d) ++histograms[d][((key - base) >> (low_bit + kDigitBits * d)) & kDigitMask];
  }
  key_scratch_.resize(n);
  piece_scratch_.resize(n);
  for (int d = 0; d < digits; ++d) {
    const int shift = low_bit + kDigitBits * d;
    std::array<uint32_t, kDigitMask + 1>& next = histograms[d];
    if (next[((keys_[0] - base) >> shift) & kDigitMask] == n) continue;
    uint32_t offset = 0;
    for (uint32_t& c : next) offset += std::exchange(c, offset);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t to = next[((keys_[i] - base) >> shift) & kDigitMask]++;
      key_scratch_[to] = keys_[i];
      piece_scratch_[to] = pieces_[i];
    }
    keys_.swap(key_scratch_);
    pieces_.swap(piece_scratch_);
  }
  if (low_bit == 0) return;
  for (size_t begin = 0; begin < n;) {
    size_t end = begin + 1;
    while (end < n && (keys_[end] - base) >> low_bit == (keys_[begin] - base) >> low_bit) ++end;
    if (end - begin > 1) sort_range(begin, end);
    begin = end;
  }
}

int64_t PieceSamples::Count(size_t lo, size_t hi) const {
  hi = std::min(hi, counts_before_.size() - 1);
  if (hi <= lo) return 0;
  return counts_before_[hi] - counts_before_[lo];
}

// Both walk whole blocks first, counting the window's samples in a block
// without a branch per sample, then sample by sample within the block that
// holds the one sought.
size_t PieceSamples::Forward(size_t from, int64_t skip, uint32_t lo, uint32_t hi) const {
  constexpr size_t kBlock = 64;
  const uint32_t width = hi - lo;
  const uint32_t* pieces = pieces_.data();
  size_t i = from;
  for (; i + kBlock <= pieces_.size(); i += kBlock) {
    int64_t in_block = 0;
    for (size_t j = 0; j < kBlock; ++j) in_block += static_cast<uint32_t>(pieces[i + j] - lo) < width;
    if (in_block > skip) break;
    skip -= in_block;
  }
  for (;; ++i) {
    if (static_cast<uint32_t>(pieces[i] - lo) >= width) continue;
    if (skip-- == 0) return i;
  }
}

size_t PieceSamples::Backward(size_t from, int64_t skip, uint32_t lo, uint32_t hi) const {
  constexpr size_t kBlock = 64;
  const uint32_t width = hi - lo;
  const uint32_t* pieces = pieces_.data();
  size_t i = from;  // samples below i remain
  for (; i >= kBlock; i -= kBlock) {
    int64_t in_block = 0;
    for (size_t j = 1; j <= kBlock; ++j) in_block += static_cast<uint32_t>(pieces[i - j] - lo) < width;
    if (in_block > skip) break;
    skip -= in_block;
  }
  for (;;) {
    --i;
    if (static_cast<uint32_t>(pieces[i] - lo) >= width) continue;
    if (skip-- == 0) return i;
  }
}

std::optional<double> PieceSamples::Percentile(size_t lo, size_t hi, double fraction) const {
  const int64_t n = Count(lo, hi);
  if (n == 0) return std::nullopt;
  hi = std::min(hi, counts_before_.size() - 1);
  const double position = fraction * static_cast<double>(n - 1);
  const int64_t first_row = static_cast<int64_t>(std::floor(position));
  const int64_t second_row = static_cast<int64_t>(std::ceil(position));
  const auto window_lo = static_cast<uint32_t>(lo), window_hi = static_cast<uint32_t>(hi);
  // The window's rows first_row and second_row, found from the nearer end.
  size_t first = 0, second = 0;
  if (first_row <= n - 1 - second_row) {
    first = Forward(0, first_row, window_lo, window_hi);
    second = second_row == first_row ? first : Forward(first + 1, 0, window_lo, window_hi);
  } else {
    second = Backward(keys_.size(), n - 1 - second_row, window_lo, window_hi);
    first = second_row == first_row ? second : Backward(second, 0, window_lo, window_hi);
  }
  const double first_value = ValueOf(keys_[first]);
  if (second_row == first_row) return first_value;
  return InterpolateRows(first_value, ValueOf(keys_[second]), position, first_row);
}

namespace {

// Below this many keys, nth_element; above, a radix step first.
constexpr size_t kFewKeys = 4096;
constexpr int kRangeBits = 11;

}  // namespace

KeyRows SelectKeyRows(std::vector<int64_t>* keys, int64_t row, bool with_next) {
  // Each step keeps the keys of the range that holds `row`: the rest are
  // counted out of it (those below) or give the candidate for row + 1 (the
  // least key above the range, `above`, when the range ends at `row`).
  std::vector<int64_t> kept, next;
  std::vector<int64_t>* v = keys;
  std::optional<int64_t> above;
  for (;;) {
    const auto n = static_cast<int64_t>(v->size());
    if (static_cast<size_t>(n) <= kFewKeys) {
      auto first = v->begin() + row;
      std::nth_element(v->begin(), first, v->end());
      KeyRows rows{*first, 0};
      if (with_next) rows.second = row + 1 < n ? *std::min_element(first + 1, v->end()) : *above;
      return rows;
    }
    const auto [least, most] = std::minmax_element(v->begin(), v->end());
    const auto low = static_cast<uint64_t>(*least);
    const uint64_t spread = static_cast<uint64_t>(*most) - low;
    if (spread == 0) return KeyRows{*least, row + 1 < n ? *least : above.value_or(0)};
    const int width = 64 - __builtin_clzll(spread);
    const int shift = width > kRangeBits ? width - kRangeBits : 0;
    int64_t counts[size_t{1} << kRangeBits] = {};
    for (int64_t k : *v) ++counts[(static_cast<uint64_t>(k) - low) >> shift];
    uint64_t range = 0;
    int64_t below = 0;
    while (below + counts[range] <= row) below += counts[range++];
    next.clear();
    next.reserve(static_cast<size_t>(counts[range]));
    // The keys above the range are the ones at or past its end (no branch
    // on them: about half the keys are). Its end wraps to 0 only for the
    // last range of int8's whole spread, which has none above.
    const uint64_t range_end = (range + 1) << shift;
    const int64_t count_above = n - below - counts[range];
    uint64_t least_above = UINT64_MAX;
    for (int64_t k : *v) {
      const uint64_t offset = static_cast<uint64_t>(k) - low;
      if ((offset >> shift) == range) next.push_back(k);
      least_above = std::min(least_above, offset >= range_end ? offset : UINT64_MAX);
    }
    if (count_above > 0) above = static_cast<int64_t>(low + least_above);
    row -= below;
    kept.swap(next);
    v = &kept;
  }
}

std::optional<double> PercentileCont(std::vector<double>* values, double fraction) {
  return PercentileContOfKeys(values, fraction, [](double v) { return v; });
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
