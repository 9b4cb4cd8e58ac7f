// Splitting a statement's time range into whole UTC days, which a daily
// rollup (deploy_day_counts, store/migrations.cc) answers, and the partial
// days left over, which only the events can answer; and a run of whole days
// into the whole weeks a weekly rollup answers and the days around them.
//
// A UTC day [D 00:00, D+1 00:00) is whole for a range [from, to) and a set of
// cuts (the edges of the statement's buckets or rolling pieces) when it lies
// inside the range and no cut falls strictly inside it: then every event of
// the day lands in the same bucket or piece as the day's first instant, so
// counting the day's rollup row at that instant gives the same answer as
// counting its events. Pure functions; no time zone but UTC is involved.
#ifndef DORA_SQL_UTC_DAYS_H_
#define DORA_SQL_UTC_DAYS_H_

#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace dora {

struct UtcDaySplit {
  // Runs of whole days [first, end) (civil UTC days), ascending, disjoint:
  // maximal runs of consecutive whole days that no cut separates, so all the
  // days of a run fall in the same bucket or piece.
  struct DayRun {
    absl::CivilDay first;
    absl::CivilDay end;
  };
  std::vector<DayRun> whole_days;
  // The rest of [from, to) as half-open instants, ascending, disjoint, not
  // adjacent. Together with whole_days exactly [from, to).
  struct Span {
    absl::Time from;
    absl::Time to;
  };
  std::vector<Span> partial;
};

// `cuts` need not be sorted or unique; cuts outside (from, to) change nothing.
// An empty range (to <= from) gives an empty split.
UtcDaySplit SplitIntoUtcDays(absl::Time from, absl::Time to, std::vector<absl::Time> cuts);

// The whole ISO weeks (Monday to Sunday, UTC days) inside a run of whole
// days: [first, end) with both Mondays, empty (first == end) when the run
// holds no whole week. A weekly rollup (deploy_week_counts) answers them; the
// run's days before `first` and from `end` on are the daily rollup's.
struct WholeWeeks {
  absl::CivilDay first;
  absl::CivilDay end;
};
WholeWeeks WholeWeeksOf(const UtcDaySplit::DayRun& run);

}  // namespace dora

#endif  // DORA_SQL_UTC_DAYS_H_
