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

// A run of whole days as whole ISO weeks with days counted on top of them
// or taken away: the days of the weeks [first, end) (Mondays; first == end
// for none), and the `added` days, less the `removed` days, are exactly the
// run's days. For a rollup of counts, the run's counts are then the weeks'
// rows plus the added days' rows minus the removed days' rows. `removed`
// days are outside the run, less than a week from it; `added` and
// `removed` are ascending. Of the covers by the weeks the run holds, or by
// them and the weeks its first or last days fall in, the one with the
// fewest rows, a week weighing as two days (a weekly row stands for up to
// seven daily ones, about 1.6 in practice): so a run from Tuesday to Monday
// is a week less its Monday plus the next one, not seven days.
struct WeekCover {
  absl::CivilDay first;
  absl::CivilDay end;
  std::vector<absl::CivilDay> added;
  std::vector<absl::CivilDay> removed;
};
WeekCover WeekCoverOf(const UtcDaySplit::DayRun& run);

}  // namespace dora

#endif  // DORA_SQL_UTC_DAYS_H_
