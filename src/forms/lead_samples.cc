#include "forms/lead_samples.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "common/parallel_chunks.h"
#include "forms/percentile.h"
#include "forms/shaping.h"

namespace dora {
namespace {

constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

}  // namespace

namespace lead_text_internal {

absl::Status FormatError(int64_t position, const char* what) {
  return ShapeError(absl::StrCat("lead_us (value ", position, " ", what, ")"));
}

}  // namespace lead_text_internal

double PostgresEpochSeconds(int64_t us) {
  // timestamptz - timestamptz justifies whole days out of the microseconds
  // (truncating toward zero, so both parts carry the sign); date_part adds
  // the time's seconds and the days' seconds as float8.
  const int64_t days = us / kMicrosPerDay;
  const int64_t time = us % kMicrosPerDay;
  return static_cast<double>(time) / 1000000.0 + static_cast<double>(days * 86400);
}

double LeadSeconds(int64_t us) { return std::max(PostgresEpochSeconds(us), 0.0); }

absl::Status AppendLeadTimes(const std::optional<std::string>& cell, absl::Duration skew_tolerance, LeadTimes* out) {
  if (!cell) return absl::OkStatus();
  return AppendLeadTimesFromText(*cell, skew_tolerance, out);
}

absl::Status AppendLeadTimesFromText(absl::string_view text, absl::Duration skew_tolerance, LeadTimes* out) {
  const int64_t tolerance_us = absl::ToInt64Microseconds(skew_tolerance);
  out->samples_us.reserve(out->samples_us.size() + text.size() / 8);
  return VisitLeadMicroseconds(text, [&](int64_t us) {
    // Skewed: first_commit_ts > occurred_at + tolerance.
    if (us < -tolerance_us) {
      ++out->skewed;
    } else {
      out->samples_us.push_back(us);
    }
  });
}

absl::StatusOr<LeadStat> LeadPercentile(const std::optional<std::string>& cell, absl::Duration skew_tolerance,
                                        double fraction) {
  LeadTimes times;
  if (absl::Status s = AppendLeadTimes(cell, skew_tolerance, &times); !s.ok()) return s;
  LeadStat stat;
  stat.n = static_cast<int64_t>(times.samples_us.size());
  stat.skewed = times.skewed;
  stat.value = PercentileContOfKeys(&times.samples_us, fraction, LeadSeconds);
  return stat;
}

std::vector<absl::StatusOr<LeadStat>> LeadPercentiles(const std::vector<const std::optional<std::string>*>& cells,
                                                      absl::Duration skew_tolerance, double fraction) {
  std::vector<uint64_t> bytes;
  uint64_t total = 0;
  for (const std::optional<std::string>* cell : cells) {
    bytes.push_back(1 + (*cell ? (*cell)->size() : 0));
    total += bytes.back();
  }
  std::vector<absl::StatusOr<LeadStat>> stats(cells.size(), LeadStat{});
  ForEachChunk(bytes, ThreadsForBytes(total), [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) stats[i] = LeadPercentile(*cells[i], skew_tolerance, fraction);
  });
  return stats;
}

}  // namespace dora
