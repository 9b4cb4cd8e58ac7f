#include "sql/utc_days.h"

#include <algorithm>

namespace dora {
namespace {

absl::Time DayStart(absl::CivilDay d) { return absl::FromCivil(d, absl::UTCTimeZone()); }

// The first civil day starting at or after `t`.
absl::CivilDay FirstDayStartingAtOrAfter(absl::Time t) {
  const absl::CivilDay d = absl::ToCivilDay(t, absl::UTCTimeZone());
  return DayStart(d) == t ? d : d + 1;
}

void AddPartial(absl::Time from, absl::Time to, UtcDaySplit* out) {
  if (to <= from) return;
  if (!out->partial.empty() && out->partial.back().to == from) {
    out->partial.back().to = to;
    return;
  }
  out->partial.push_back({from, to});
}

}  // namespace

UtcDaySplit SplitIntoUtcDays(absl::Time from, absl::Time to, std::vector<absl::Time> cuts) {
  UtcDaySplit out;
  if (to <= from) return out;
  std::sort(cuts.begin(), cuts.end());
  // Whether a cut falls strictly inside [start, end).
  const auto cut_inside = [&cuts](absl::Time start, absl::Time end) {
    auto it = std::upper_bound(cuts.begin(), cuts.end(), start);
    return it != cuts.end() && *it < end;
  };
  absl::Time covered = from;  // everything before this is in `out`
  for (absl::CivilDay d = FirstDayStartingAtOrAfter(from); DayStart(d + 1) <= to; ++d) {
    const absl::Time start = DayStart(d);
    if (cut_inside(start, DayStart(d + 1))) continue;
    AddPartial(covered, start, &out);
    if (!out.whole_days.empty() && out.whole_days.back().end == d &&
        !std::binary_search(cuts.begin(), cuts.end(), start)) {
      out.whole_days.back().end = d + 1;
    } else {
      out.whole_days.push_back({d, d + 1});
    }
    covered = DayStart(d + 1);
  }
  AddPartial(covered, to, &out);
  return out;
}

WholeWeeks WholeWeeksOf(const UtcDaySplit::DayRun& run) {
  // The first Monday on or after run.first; weeks while a whole one fits.
  const absl::CivilDay first = absl::NextWeekday(run.first - 1, absl::Weekday::monday);
  if (first >= run.end) return {run.first, run.first};
  const absl::civil_diff_t weeks = (run.end - first) / 7;
  if (weeks == 0) return {run.first, run.first};
  return {first, first + weeks * 7};
}

WeekCover WeekCoverOf(const UtcDaySplit::DayRun& run) {
  // Each end of the weeks: the Monday on or before the run's edge, or the one after.
  const absl::CivilDay first_before = absl::PrevWeekday(run.first + 1, absl::Weekday::monday);
  const absl::CivilDay end_before = absl::PrevWeekday(run.end + 1, absl::Weekday::monday);
  WeekCover best{run.first, run.first, {}, {}};
  int64_t best_cost = -1;
  for (const absl::CivilDay first : {first_before, first_before + 7}) {
    for (const absl::CivilDay end : {end_before, end_before + 7}) {
      WeekCover c{first, end, {}, {}};
      if (end <= first) c.first = c.end = run.first;  // no week: the run's days
      for (absl::CivilDay d = std::min(run.first, c.first); d < std::max(run.end, c.end); ++d) {
        const bool in_run = d >= run.first && d < run.end, in_weeks = d >= c.first && d < c.end;
        if (in_run && !in_weeks) c.added.push_back(d);
        if (in_weeks && !in_run) c.removed.push_back(d);
      }
      const int64_t cost = 2 * ((c.end - c.first) / 7) + static_cast<int64_t>(c.added.size() + c.removed.size());
      // Ties: fewer days taken away.
      if (best_cost < 0 || cost < best_cost || (cost == best_cost && c.removed.size() < best.removed.size())) {
        best = std::move(c);
        best_cost = cost;
      }
    }
  }
  return best;
}

}  // namespace dora
