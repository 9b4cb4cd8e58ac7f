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

}  // namespace dora
