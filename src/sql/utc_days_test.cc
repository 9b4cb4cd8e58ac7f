#include "sql/utc_days.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

absl::Time Utc(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss), absl::UTCTimeZone());
}

// Every instant of [from, to) sampled each 30 minutes (and the range's own
// edges) is in exactly one part of the split.
void ExpectExactCover(absl::Time from, absl::Time to, const UtcDaySplit& s) {
  for (absl::Time t = from; t < to; t += absl::Minutes(30)) {
    int parts = 0;
    for (const auto& r : s.whole_days) {
      if (t >= absl::FromCivil(r.first, absl::UTCTimeZone()) && t < absl::FromCivil(r.end, absl::UTCTimeZone()))
        ++parts;
    }
    for (const auto& p : s.partial) {
      if (t >= p.from && t < p.to) ++parts;
    }
    EXPECT_EQ(parts, 1) << t;
  }
}

TEST(UtcDaysTest, AlignedRangeIsOneRunOfWholeDays) {
  const UtcDaySplit s = SplitIntoUtcDays(Utc(2026, 3, 1), Utc(2026, 4, 1), {});
  ASSERT_EQ(s.whole_days.size(), 1u);
  EXPECT_EQ(s.whole_days[0].first, absl::CivilDay(2026, 3, 1));
  EXPECT_EQ(s.whole_days[0].end, absl::CivilDay(2026, 4, 1));
  EXPECT_TRUE(s.partial.empty());
}

TEST(UtcDaysTest, UnalignedEdgesArePartialWithFractionalSeconds) {
  const absl::Time from = Utc(2026, 3, 1, 10, 15) + absl::Microseconds(250);
  const absl::Time to = Utc(2026, 3, 5, 0, 0, 1);
  const UtcDaySplit s = SplitIntoUtcDays(from, to, {from, to});
  ASSERT_EQ(s.whole_days.size(), 1u);
  EXPECT_EQ(s.whole_days[0].first, absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(s.whole_days[0].end, absl::CivilDay(2026, 3, 5));
  ASSERT_EQ(s.partial.size(), 2u);
  EXPECT_EQ(s.partial[0].from, from);
  EXPECT_EQ(s.partial[0].to, Utc(2026, 3, 2));
  EXPECT_EQ(s.partial[1].from, Utc(2026, 3, 5));
  EXPECT_EQ(s.partial[1].to, to);
  ExpectExactCover(from, to, s);
}

TEST(UtcDaysTest, CutsInsideADayMakeItPartialAndCutsOnMidnightDoNot) {
  // Berlin's local midnights (23:00 or 22:00 UTC) cut every UTC day.
  std::vector<absl::Time> berlin;
  for (int d = 1; d <= 10; ++d) berlin.push_back(Utc(2026, 3, d, 23));
  UtcDaySplit s = SplitIntoUtcDays(Utc(2026, 3, 1, 23), Utc(2026, 3, 10, 23), berlin);
  EXPECT_TRUE(s.whole_days.empty());
  ASSERT_EQ(s.partial.size(), 1u);
  EXPECT_EQ(s.partial[0].from, Utc(2026, 3, 1, 23));
  EXPECT_EQ(s.partial[0].to, Utc(2026, 3, 10, 23));

  std::vector<absl::Time> midnights;
  for (int d = 1; d <= 10; ++d) midnights.push_back(Utc(2026, 3, d));
  s = SplitIntoUtcDays(Utc(2026, 3, 1), Utc(2026, 3, 10), midnights);
  ASSERT_EQ(s.whole_days.size(), 9u);  // whole, and each in its own bucket
  EXPECT_EQ(s.whole_days[3].first, absl::CivilDay(2026, 3, 4));
  EXPECT_EQ(s.whole_days[3].end, absl::CivilDay(2026, 3, 5));
  EXPECT_TRUE(s.partial.empty());
  // Weekly cuts: runs of seven days.
  s = SplitIntoUtcDays(Utc(2026, 3, 2), Utc(2026, 3, 30), {Utc(2026, 3, 9), Utc(2026, 3, 16), Utc(2026, 3, 23)});
  ASSERT_EQ(s.whole_days.size(), 4u);
  EXPECT_EQ(s.whole_days[1].first, absl::CivilDay(2026, 3, 9));
  EXPECT_EQ(s.whole_days[1].end, absl::CivilDay(2026, 3, 16));
}

TEST(UtcDaysTest, OneCutSplitsTheRunsAroundItsDay) {
  const absl::Time from = Utc(2026, 3, 1), to = Utc(2026, 3, 8);
  const UtcDaySplit s = SplitIntoUtcDays(from, to, {Utc(2026, 3, 4, 12), Utc(2027, 1, 1)});
  ASSERT_EQ(s.whole_days.size(), 2u);
  EXPECT_EQ(s.whole_days[0].end, absl::CivilDay(2026, 3, 4));
  EXPECT_EQ(s.whole_days[1].first, absl::CivilDay(2026, 3, 5));
  ASSERT_EQ(s.partial.size(), 1u);
  EXPECT_EQ(s.partial[0].from, Utc(2026, 3, 4));
  EXPECT_EQ(s.partial[0].to, Utc(2026, 3, 5));
  ExpectExactCover(from, to, s);
}

TEST(UtcDaysTest, ShortAndEmptyRanges) {
  UtcDaySplit s = SplitIntoUtcDays(Utc(2026, 3, 1, 1), Utc(2026, 3, 1, 5), {});
  EXPECT_TRUE(s.whole_days.empty());
  ASSERT_EQ(s.partial.size(), 1u);
  s = SplitIntoUtcDays(Utc(2026, 3, 1), Utc(2026, 3, 1), {});
  EXPECT_TRUE(s.whole_days.empty());
  EXPECT_TRUE(s.partial.empty());
  s = SplitIntoUtcDays(Utc(2026, 3, 2), Utc(2026, 3, 1), {});
  EXPECT_TRUE(s.partial.empty());
}

// March 2, 2026 is a Monday: March 1 to 31 holds the four weeks from March 2
// to 29, with Sunday the 1st and the 30th and 31st around them.
TEST(UtcDaysTest, WholeWeeksAreMondayToSunday) {
  const WholeWeeks march = WholeWeeksOf({absl::CivilDay(2026, 3, 1), absl::CivilDay(2026, 4, 1)});
  EXPECT_EQ(march.first, absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(march.end, absl::CivilDay(2026, 3, 30));
  const WholeWeeks one = WholeWeeksOf({absl::CivilDay(2026, 3, 2), absl::CivilDay(2026, 3, 9)});
  EXPECT_EQ(one.first, absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(one.end, absl::CivilDay(2026, 3, 9));
  const WholeWeeks short_of_one = WholeWeeksOf({absl::CivilDay(2026, 3, 3), absl::CivilDay(2026, 3, 10)});
  EXPECT_EQ(short_of_one.first, short_of_one.end);
}

// Against the definition, for runs of 0 to 40 days starting on each weekday
// across a year's end: exactly the Mondays m with run.first <= m and m + 7 <=
// run.end begin a whole week.
TEST(UtcDaysTest, WholeWeeksAreEveryWeekTheRunHolds) {
  for (absl::CivilDay first(2026, 12, 20); first < absl::CivilDay(2027, 1, 3); ++first) {
    for (int length = 0; length <= 40; ++length) {
      const UtcDaySplit::DayRun run{first, first + length};
      const WholeWeeks w = WholeWeeksOf(run);
      int expected = 0;
      for (absl::CivilDay m = run.first; m + 7 <= run.end; ++m) {
        if (absl::GetWeekday(m) != absl::Weekday::monday) continue;
        ++expected;
        EXPECT_TRUE(m >= w.first && m < w.end) << first << " + " << length << ": " << m;
      }
      EXPECT_EQ((w.end - w.first) / 7, expected) << first << " + " << length;
      EXPECT_EQ((w.end - w.first) % 7, 0);
      if (expected > 0) {
        EXPECT_EQ(absl::GetWeekday(w.first), absl::Weekday::monday);
        EXPECT_GE(w.first, run.first);
        EXPECT_LE(w.end, run.end);
      }
    }
  }
}

// Against the definition, for runs of 1 to 40 days starting on each
// weekday across a year's end: the weeks' days and the added days, less the
// removed ones, are the run's days, each once; the cover reads no more rows
// (a week as two days) than the weeks the run holds and the days around them.
TEST(UtcDaysTest, WeekCoversAreTheRunsDaysExactly) {
  for (absl::CivilDay first(2026, 12, 20); first < absl::CivilDay(2027, 1, 3); ++first) {
    for (int length = 1; length <= 40; ++length) {
      const UtcDaySplit::DayRun run{first, first + length};
      const WeekCover c = WeekCoverOf(run);
      const std::string at = absl::StrCat(absl::FormatCivilTime(first), " + ", length);
      std::map<absl::CivilDay, int> counted;
      ASSERT_EQ((c.end - c.first) % 7, 0) << at;
      if (c.first != c.end) ASSERT_EQ(absl::GetWeekday(c.first), absl::Weekday::monday) << at;
      for (absl::CivilDay d = c.first; d < c.end; ++d) ++counted[d];
      for (absl::CivilDay d : c.added) ++counted[d];
      for (absl::CivilDay d : c.removed) {
        EXPECT_TRUE(d < run.first || d >= run.end) << at << ": removed " << d;
        EXPECT_LT(std::max(run.first - d, d - (run.end - 1)), 7) << at << ": removed " << d;
        --counted[d];
      }
      EXPECT_TRUE(std::is_sorted(c.added.begin(), c.added.end())) << at;
      EXPECT_TRUE(std::is_sorted(c.removed.begin(), c.removed.end())) << at;
      for (const auto& [d, n] : counted) {
        EXPECT_EQ(n, d >= run.first && d < run.end ? 1 : 0) << at << ": " << d;
      }
      for (absl::CivilDay d = run.first; d < run.end; ++d) EXPECT_EQ(counted[d], 1) << at << ": " << d;
      const WholeWeeks inside = WholeWeeksOf(run);
      const int64_t inside_weeks = (inside.end - inside.first) / 7;
      const int64_t cost = 2 * ((c.end - c.first) / 7) + static_cast<int64_t>(c.added.size() + c.removed.size());
      EXPECT_LE(cost, 2 * inside_weeks + (length - 7 * inside_weeks)) << at;
    }
  }
}

// A rolling window's piece from Tuesday to Monday: its week, less that
// week's Monday, plus the next Monday. A Monday-to-Sunday run is its week
// alone; a run of two days is its days.
TEST(UtcDaysTest, TuesdayToMondayIsAWeekLessOneMondayPlusTheNext) {
  const WeekCover tuesday = WeekCoverOf({absl::CivilDay(2026, 5, 12), absl::CivilDay(2026, 5, 19)});
  EXPECT_EQ(tuesday.first, absl::CivilDay(2026, 5, 11));
  EXPECT_EQ(tuesday.end, absl::CivilDay(2026, 5, 18));
  EXPECT_EQ(tuesday.added, std::vector<absl::CivilDay>{absl::CivilDay(2026, 5, 18)});
  EXPECT_EQ(tuesday.removed, std::vector<absl::CivilDay>{absl::CivilDay(2026, 5, 11)});
  const WeekCover monday = WeekCoverOf({absl::CivilDay(2026, 5, 11), absl::CivilDay(2026, 5, 18)});
  EXPECT_EQ(monday.first, absl::CivilDay(2026, 5, 11));
  EXPECT_EQ(monday.end, absl::CivilDay(2026, 5, 18));
  EXPECT_TRUE(monday.added.empty());
  EXPECT_TRUE(monday.removed.empty());
  const WeekCover two = WeekCoverOf({absl::CivilDay(2026, 5, 12), absl::CivilDay(2026, 5, 14)});
  EXPECT_EQ(two.first, two.end);
  EXPECT_EQ(two.added.size(), 2u);
  EXPECT_TRUE(two.removed.empty());
}

}  // namespace
}  // namespace dora
