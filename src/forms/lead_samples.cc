#include "forms/lead_samples.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "forms/percentile.h"
#include "forms/shaping.h"

namespace dora {
namespace {

constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

// Hex digit values; 0xff for every other byte.
struct HexTable {
  uint8_t value[256];
  constexpr HexTable() : value() {
    for (int c = 0; c < 256; ++c) value[c] = 0xff;
    for (int c = '0'; c <= '9'; ++c) value[c] = static_cast<uint8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) value[c] = static_cast<uint8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c) value[c] = static_cast<uint8_t>(c - 'A' + 10);
  }
};
constexpr HexTable kHex;

}  // namespace

double PostgresEpochSeconds(int64_t us) {
  // timestamptz - timestamptz justifies whole days out of the microseconds
  // (truncating toward zero, so both parts carry the sign); date_part adds
  // the time's seconds and the days' seconds as float8.
  const int64_t days = us / kMicrosPerDay;
  const int64_t time = us % kMicrosPerDay;
  return static_cast<double>(time) / 1000000.0 + static_cast<double>(days * 86400);
}

absl::Status AppendLeadTimes(const std::optional<std::string>& cell, absl::Duration skew_tolerance, LeadTimes* out) {
  if (!cell) return absl::OkStatus();
  const std::string& text = *cell;
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || (text.size() - 2) % 16 != 0) {
    return ShapeError("lead_us (not hex of int8 values)");
  }
  const int64_t tolerance_us = absl::ToInt64Microseconds(skew_tolerance);
  const size_t count = (text.size() - 2) / 16;
  out->samples.reserve(out->samples.size() + count);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + 2;
  for (size_t i = 0; i < count; ++i, p += 16) {
    uint64_t bits = 0;
    uint8_t invalid = 0;
    for (int k = 0; k < 16; ++k) {
      const uint8_t d = kHex.value[p[k]];
      invalid |= d;
      bits = (bits << 4) | (d & 0x0f);
    }
    if ((invalid & 0xf0) != 0) {
      return ShapeError(absl::StrCat("lead_us (not hex in value ", i + 1, ")"));
    }
    const int64_t us = static_cast<int64_t>(bits);
    // Skewed: first_commit_ts > occurred_at + tolerance.
    if (us < -tolerance_us) {
      ++out->skewed;
      continue;
    }
    out->samples.push_back(std::max(PostgresEpochSeconds(us), 0.0));
  }
  return absl::OkStatus();
}

absl::StatusOr<LeadStat> LeadPercentile(const std::optional<std::string>& cell, absl::Duration skew_tolerance,
                                        double fraction) {
  LeadTimes times;
  if (absl::Status s = AppendLeadTimes(cell, skew_tolerance, &times); !s.ok()) return s;
  LeadStat stat;
  stat.n = static_cast<int64_t>(times.samples.size());
  stat.skewed = times.skewed;
  stat.value = PercentileCont(&times.samples, fraction);
  return stat;
}

}  // namespace dora
