// Lead times as the engine receives them for exact percentiles
// (SqlFragments::LeadTimeSource): a bytea cell of big-endian int8
// microseconds, each a successful deploy's occurred_at - first_commit_ts,
// skewed ones included. Reduced here with the query's clock-skew tolerance
// and percentile, to the numbers the SQL over the events gives: a deploy
// is skewed when its first commit is later than the deploy by more than the
// tolerance (exactly, in microseconds); every other one is a sample of
// greatest(date_part('epoch', occurred_at - first_commit_ts), 0), the float8
// PostgreSQL computes.
#ifndef DORA_FORMS_LEAD_SAMPLES_H_
#define DORA_FORMS_LEAD_SAMPLES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dora {

// The float8 date_part('epoch', interval) gives for the interval between two
// timestamptz values `us` microseconds apart (the interval is justified to
// days and microseconds, each with the sign of `us`; epoch is the
// microseconds over 1e6 plus the days' seconds, each step rounded).
double PostgresEpochSeconds(int64_t us);

// A group's lead times: the samples (seconds, >= 0) and the skewed count.
struct LeadTimes {
  std::vector<double> samples;
  int64_t skewed = 0;
};

// Appends the lead times of a bytea cell in PostgreSQL's hex text form
// ("\x00000000000003e8...") to `out`; a NULL cell appends nothing. A cell
// that is not hex of whole int8 values is an error naming the column.
absl::Status AppendLeadTimes(const std::optional<std::string>& cell, absl::Duration skew_tolerance, LeadTimes* out);

// A group's percentile (percentile_cont of the samples; nullopt without
// samples), n (the samples) and skewed, from its cell.
struct LeadStat {
  std::optional<double> value;
  int64_t n = 0;
  int64_t skewed = 0;
};
absl::StatusOr<LeadStat> LeadPercentile(const std::optional<std::string>& cell, absl::Duration skew_tolerance,
                                        double fraction);

}  // namespace dora

#endif  // DORA_FORMS_LEAD_SAMPLES_H_
