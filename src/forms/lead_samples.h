// Lead times as the engine receives them for exact percentiles
// (SqlFragments::LeadTimeSource): a text cell of lead times in
// microseconds, each a successful deploy's occurred_at - first_commit_ts,
// skewed ones included. Reduced here with the query's clock-skew tolerance
// and percentile, to the numbers the SQL over the events gives: a deploy
// is skewed when its first commit is later than the deploy by more than the
// tolerance (exactly, in microseconds); every other one is a sample of
// greatest(date_part('epoch', occurred_at - first_commit_ts), 0), the float8
// PostgreSQL computes.
//
// The cell's format (written by the database function dora_lead_text, in
// store/lead_time_days_sql.cc, and concatenated): each value is the base64
// digits (A-Z a-z 0-9 + /, most significant first) of its 64 bits
// (two's complement) followed by two zero bits, leading zero digits ('A')
// left out, then ',' for microseconds or '.' for whole seconds (the value
// divided by 1,000,000). So 1 us is "E,", 0 is ".", 1 s is "E.", -1 us is
// "//////////8,": 1 to 12 characters, about 8 for lead times of hours.
#ifndef DORA_FORMS_LEAD_SAMPLES_H_
#define DORA_FORMS_LEAD_SAMPLES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace dora {

// The float8 date_part('epoch', interval) gives for the interval between two
// timestamptz values `us` microseconds apart (the interval is justified to
// days and microseconds, each with the sign of `us`; epoch is the
// microseconds over 1e6 plus the days' seconds, each step rounded).
double PostgresEpochSeconds(int64_t us);

namespace lead_text_internal {

constexpr uint8_t kMicrosecondsEnd = 0x40, kSecondsEnd = 0x41, kNotInFormat = 0xff;
constexpr int kMaxDigits = 11;  // 64 bits and the two zero bits

// Each byte's meaning in a cell: a base64 digit's value, one of the two
// ends, or kNotInFormat.
struct SymbolTable {
  uint8_t value[256];
  constexpr SymbolTable() : value() {
    for (int c = 0; c < 256; ++c) value[c] = kNotInFormat;
    for (int c = 'A'; c <= 'Z'; ++c) value[c] = static_cast<uint8_t>(c - 'A');
    for (int c = 'a'; c <= 'z'; ++c) value[c] = static_cast<uint8_t>(c - 'a' + 26);
    for (int c = '0'; c <= '9'; ++c) value[c] = static_cast<uint8_t>(c - '0' + 52);
    value[static_cast<int>('+')] = 62;
    value[static_cast<int>('/')] = 63;
    value[static_cast<int>(',')] = kMicrosecondsEnd;
    value[static_cast<int>('.')] = kSecondsEnd;
  }
};
inline constexpr SymbolTable kSymbols;

// The error for the value at `position` (from 1): "lead_us (value 3 <what>)".
absl::Status FormatError(int64_t position, const char* what);

}  // namespace lead_text_internal

// Calls visit(us) with each value of `cell` (the format above), in order,
// until the first one out of the format: then the error, naming the column
// and the value's position (a character outside the digits and ends, more
// than 11 digits, a value without its end, nonzero padding bits, seconds
// beyond int8 microseconds).
template <typename Visit>
absl::Status VisitLeadMicroseconds(absl::string_view cell, Visit&& visit) {
  using namespace lead_text_internal;  // NOLINT(build/namespaces): the format's constants
  const auto* p = reinterpret_cast<const unsigned char*>(cell.data());
  const auto* const end = p + cell.size();
  for (int64_t position = 1; p != end; ++position) {
    // The digits before the last make at most 60 bits; the last brings its
    // top four (its two low bits are the padding).
    uint64_t high = 0;
    uint8_t last = 0, symbol = 0;
    int digits = 0;
    for (;;) {
      if (p == end) return FormatError(position, "has no end");
      symbol = kSymbols.value[*p++];
      if (symbol >= kMicrosecondsEnd) break;
      if (++digits > kMaxDigits) return FormatError(position, "is too long");
      high = (high << 6) | last;
      last = symbol;
    }
    if (symbol == kNotInFormat || (last & 3) != 0) return FormatError(position, "is not in the lead time format");
    int64_t us = static_cast<int64_t>((high << 4) | (last >> 2));
    if (symbol == kSecondsEnd) {
      constexpr int64_t kMicrosPerSecond = 1000000;
      if (us > INT64_MAX / kMicrosPerSecond || us < INT64_MIN / kMicrosPerSecond) {
        return FormatError(position, "is beyond int8 microseconds");
      }
      us *= kMicrosPerSecond;
    }
    visit(us);
  }
  return absl::OkStatus();
}

// A lead time's sample (not skewed): greatest(date_part('epoch', ...), 0),
// PostgresEpochSeconds(us) and at least 0. It does not decrease as `us`
// grows, so lead times ordered by microseconds are ordered by sample: the
// engine selects among microseconds and makes samples of the rows it picks.
double LeadSeconds(int64_t us);

// A group's lead times: the samples as microseconds (LeadSeconds gives
// their values) and the skewed count.
struct LeadTimes {
  std::vector<int64_t> samples_us;
  int64_t skewed = 0;
};

// Appends the lead times of a cell (the format above) to `out`; a NULL
// cell appends nothing; a cell in another format is VisitLeadMicroseconds's
// error (`out` then holds the values before it).
absl::Status AppendLeadTimes(const std::optional<std::string>& cell, absl::Duration skew_tolerance, LeadTimes* out);
// The same for text in the format (part of a cell).
absl::Status AppendLeadTimesFromText(absl::string_view text, absl::Duration skew_tolerance, LeadTimes* out);

// A group's percentile (percentile_cont of the samples; nullopt without
// samples), n (the samples) and skewed, from its cell.
struct LeadStat {
  std::optional<double> value;
  int64_t n = 0;
  int64_t skewed = 0;
};
absl::StatusOr<LeadStat> LeadPercentile(const std::optional<std::string>& cell, absl::Duration skew_tolerance,
                                        double fraction);

// LeadPercentile of each of `cells` (none null), at the same index, read on
// up to ThreadsForBytes(their bytes) threads (common/parallel_chunks.h).
std::vector<absl::StatusOr<LeadStat>> LeadPercentiles(const std::vector<const std::optional<std::string>*>& cells,
                                                      absl::Duration skew_tolerance, double fraction);

}  // namespace dora

#endif  // DORA_FORMS_LEAD_SAMPLES_H_
