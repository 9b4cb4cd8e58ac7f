#include "common/calendar.h"

#include <cstdlib>

#include "gtest/gtest.h"

namespace dora {
namespace {

absl::TimeZone Zone(const char* name) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone(name, &tz)) << name;
  return tz;
}

absl::Time T(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return t;
}

TEST(CalendarTest, WholeDaysAreCalendarBuckets) {
  EXPECT_EQ(SchemeForWidth(absl::Hours(24)), BucketScheme::kCalendarDays);
  EXPECT_EQ(SchemeForWidth(absl::Hours(24 * 7)), BucketScheme::kCalendarDays);
  EXPECT_EQ(SchemeForWidth(absl::Hours(1)), BucketScheme::kElapsed);
  EXPECT_EQ(SchemeForWidth(absl::Hours(36)), BucketScheme::kElapsed);
}

TEST(CalendarTest, ShortAndLongDaysAreOneDayEach) {
  const absl::TimeZone berlin = Zone("Europe/Berlin");
  // 2026-03-29 is 23 hours long in Berlin, 2026-10-25 is 25 hours long.
  EXPECT_EQ(CalendarDays(T("2026-03-28T23:00:00Z"), T("2026-03-29T22:00:00Z"), berlin), 1.0);
  EXPECT_EQ(CalendarDays(T("2026-10-24T22:00:00Z"), T("2026-10-25T23:00:00Z"), berlin), 1.0);
  // One hour of the short day is 1/23 of it.
  EXPECT_DOUBLE_EQ(CalendarDays(T("2026-03-29T00:00:00Z"), T("2026-03-29T01:00:00Z"), berlin), 1.0 / 23);
  // The week holding the autumn change is 169 hours and 7 days.
  EXPECT_EQ(CalendarDays(T("2026-10-18T22:00:00Z"), T("2026-10-25T23:00:00Z"), berlin), 7.0);
  EXPECT_EQ(CalendarDays(T("2026-01-01T00:00:00Z"), T("2026-01-01T00:00:00Z"), berlin), 0.0);
}

TEST(CalendarTest, FractionalEdgesCountTheirShareOfTheDay) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const double days = CalendarDays(T("2026-06-01T00:00:00Z"), T("2026-09-01T00:00:04Z"), utc);
  EXPECT_EQ(days, 92 + 4.0 / 86400);
  EXPECT_LT(92 / days, 1.0);  // High, not Elite
}

TEST(CalendarTest, HourlyBucketsAcrossSpringForwardAreElapsedHours) {
  const absl::TimeZone berlin = Zone("Europe/Berlin");
  auto b = MakeBuckets(T("2026-03-29T00:00:00Z"), T("2026-03-29T03:00:00Z"), absl::Hours(1), berlin);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].start, T("2026-03-29T00:00:00Z"));
  EXPECT_EQ(b[1].start, T("2026-03-29T01:00:00Z"));
  EXPECT_EQ(b[2].start, T("2026-03-29T02:00:00Z"));
  EXPECT_EQ(b[1].key, "2026-03-29T01:00:00Z");
  for (const TimeBucket& x : b) EXPECT_DOUBLE_EQ(x.days, 1.0 / 23);
}

TEST(CalendarTest, HourlyBucketsAcrossFallBackHaveNoGapOrDoubleHour) {
  const absl::TimeZone ny = Zone("America/New_York");
  auto b = MakeBuckets(T("2026-11-01T04:00:00Z"), T("2026-11-01T08:00:00Z"), absl::Hours(1), ny);
  ASSERT_EQ(b.size(), 4u);
  for (size_t i = 1; i < b.size(); ++i) EXPECT_EQ(b[i].start - b[i - 1].start, absl::Hours(1));
  for (const TimeBucket& x : b) EXPECT_DOUBLE_EQ(x.days, 1.0 / 25);
}

TEST(CalendarTest, HalfHourZonesGetLocalWholeHours) {
  const absl::TimeZone kolkata = Zone("Asia/Kolkata");
  auto b = MakeBuckets(T("2026-01-01T00:00:00Z"), T("2026-01-01T02:00:00Z"), absl::Hours(1), kolkata);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].start, T("2025-12-31T23:30:00Z"));
}

TEST(CalendarTest, DayBucketsAreLocalDaysWithTheirOwnLength) {
  const absl::TimeZone berlin = Zone("Europe/Berlin");
  auto b = MakeBuckets(T("2026-03-28T23:00:00Z"), T("2026-03-30T22:00:00Z"), absl::Hours(24), berlin);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].key, "2026-03-29 00:00:00");
  EXPECT_EQ(b[0].end - b[0].start, absl::Hours(23));
  EXPECT_EQ(b[0].days, 1.0);
  EXPECT_EQ(b[1].key, "2026-03-30 00:00:00");
  EXPECT_EQ(b[1].start, T("2026-03-29T22:00:00Z"));
}

TEST(CalendarTest, WeekBucketsStartOnMondayAndClipToTheRange) {
  const absl::TimeZone berlin = Zone("Europe/Berlin");
  // Wednesday noon to the next Wednesday noon, local.
  auto b = MakeBuckets(T("2026-10-21T10:00:00Z"), T("2026-10-28T11:00:00Z"), absl::Hours(24 * 7), berlin);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].key, "2026-10-19 00:00:00");  // Monday
  EXPECT_EQ(b[0].end - b[0].start, absl::Hours(169));
  EXPECT_NEAR(b[0].days, 4.5, 1e-12);  // Wed 12:00 .. Mon 00:00 (the 25-hour Sunday counts 1)
  EXPECT_NEAR(b[1].days, 2.5, 1e-12);  // Mon 00:00 .. Wed 12:00
}

TEST(CalendarTest, MonthBucketsStartOnTheFirstAtLocalMidnightAcrossSpringForward) {
  const absl::TimeZone berlin = Zone("Europe/Berlin");
  // Mid-March (local midnight of the 15th) to June 1st; clocks go forward on 29 March.
  const absl::Time from = T("2026-03-14T23:00:00Z"), to = T("2026-05-31T22:00:00Z");
  auto b = MakeBuckets(from, to, BucketWidth::Months(1), berlin);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(CountMonthBuckets(from, to, 1, berlin), 3);
  EXPECT_EQ(b[0].key, "2026-03-01 00:00:00");
  EXPECT_EQ(b[0].start, T("2026-02-28T23:00:00Z"));  // CET midnight
  EXPECT_EQ(b[0].end, T("2026-03-31T22:00:00Z"));    // CEST midnight
  EXPECT_EQ(b[0].end - b[0].start, absl::Hours(31 * 24 - 1));
  EXPECT_EQ(b[0].days, 17);  // 15..31 March, the 23-hour day counting 1
  EXPECT_EQ(b[1].key, "2026-04-01 00:00:00");
  EXPECT_EQ(b[1].days, 30);
  EXPECT_EQ(b[2].key, "2026-05-01 00:00:00");
  EXPECT_EQ(b[2].end, to);
  EXPECT_EQ(b[2].days, 31);
}

TEST(CalendarTest, MonthBucketsAcrossFallBackAndClippedEdges) {
  const absl::TimeZone ny = Zone("America/New_York");
  // Oct 15 12:00 EDT to Dec 1 06:00 EST; clocks go back on 1 November.
  const absl::Time from = T("2026-10-15T16:00:00Z"), to = T("2026-12-01T11:00:00Z");
  auto b = MakeBuckets(from, to, BucketWidth::Months(1), ny);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(CountMonthBuckets(from, to, 1, ny), 3);
  EXPECT_EQ(b[0].key, "2026-10-01 00:00:00");
  EXPECT_NEAR(b[0].days, 16.5, 1e-12);  // Oct 15 12:00 .. Nov 1 00:00
  EXPECT_EQ(b[1].start, T("2026-11-01T04:00:00Z"));
  EXPECT_EQ(b[1].end - b[1].start, absl::Hours(30 * 24 + 1));
  EXPECT_EQ(b[1].days, 30);  // the 25-hour day counts 1
  EXPECT_EQ(b[2].key, "2026-12-01 00:00:00");
  EXPECT_NEAR(b[2].days, 0.25, 1e-12);  // Dec 1 00:00 .. 06:00
}

TEST(CalendarTest, MultiMonthBucketsCountFromJanuary2001) {
  const absl::TimeZone berlin = Zone("Europe/Berlin");
  const absl::Time from = T("2026-05-09T22:00:00Z"), to = T("2026-08-09T22:00:00Z");  // May 10 .. Aug 10
  auto b = MakeBuckets(from, to, BucketWidth::Months(3), berlin);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(CountMonthBuckets(from, to, 3, berlin), 2);
  EXPECT_EQ(b[0].key, "2026-04-01 00:00:00");  // quarters: Jan, Apr, Jul, Oct
  EXPECT_EQ(b[0].days, 22 + 30);               // May 10..31, June
  EXPECT_EQ(b[1].key, "2026-07-01 00:00:00");
  EXPECT_EQ(b[1].days, 31 + 9);
  // A range ending exactly on a month start has no bucket for that month.
  EXPECT_EQ(CountMonthBuckets(T("2026-01-01T00:00:00Z"), T("2026-03-01T00:00:00Z"), 1, absl::UTCTimeZone()), 2);
  EXPECT_EQ(
      MakeBuckets(T("2026-01-01T00:00:00Z"), T("2026-03-01T00:00:00Z"), BucketWidth::Months(1), absl::UTCTimeZone())
          .size(),
      2u);
}

TEST(CalendarTest, MonthBucketsInAHalfHourDaylightSavingZone) {
  // Lord Howe moves its clocks by 30 minutes on the first Sunday of October.
  const absl::TimeZone lord_howe = Zone("Australia/Lord_Howe");
  auto b = MakeBuckets(T("2026-09-30T13:30:00Z"), T("2026-11-30T13:00:00Z"), BucketWidth::Months(1), lord_howe);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].key, "2026-10-01 00:00:00");
  EXPECT_EQ(b[0].start, T("2026-09-30T13:30:00Z"));
  EXPECT_EQ(b[0].end - b[0].start, absl::Minutes((31 * 24 - 1) * 60 + 30));
  EXPECT_EQ(b[0].days, 31);
  EXPECT_EQ(b[1].days, 30);
  EXPECT_EQ(FormatBucketWidth(BucketWidth::Months(3)), "3mo");
  EXPECT_EQ(FormatBucketWidth(BucketWidth{absl::Hours(168)}), "1w");
}

TEST(CalendarTest, SkippedMidnightStartsTheDayAtTheTransition) {
  // Santiago springs forward at local midnight: 2026-09-06 00:00 does not exist.
  const absl::TimeZone santiago = Zone("America/Santiago");
  absl::Time start = LocalDayStart(absl::CivilDay(2026, 9, 6), santiago);
  EXPECT_EQ(absl::FormatTime("%H:%M", start, santiago), "01:00");
  EXPECT_EQ(LocalDayStart(absl::CivilDay(2026, 9, 7), santiago) - start, absl::Hours(23));
}

// The closed form agrees with summing every local day's share one by one.
TEST(CalendarTest, CalendarDaysMatchesADayByDaySum) {
  for (const char* name : {"Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"}) {
    const absl::TimeZone zone = Zone(name);
    uint64_t seed = 12345;
    auto next = [&seed] { return (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
    for (int i = 0; i < 300; ++i) {
      const absl::Time from =
          T("2026-01-01T00:00:00Z") + absl::Seconds(next() % (366 * 86400)) + absl::Microseconds(next() % 1000000);
      const absl::Time to = from + absl::Seconds(next() % (40 * 86400)) + absl::Microseconds(next() % 1000000);
      double brute = 0;
      for (absl::CivilDay d = absl::ToCivilDay(from, zone); LocalDayStart(d, zone) < to; ++d) {
        const absl::Time start = LocalDayStart(d, zone), end = LocalDayStart(d + 1, zone);
        const absl::Time lo = std::max(from, start), hi = std::min(to, end);
        if (hi > lo) brute += absl::FDivDuration(hi - lo, end - start);
      }
      EXPECT_NEAR(CalendarDays(from, to, zone), brute, 1e-9) << name << " " << from << " " << to;
    }
  }
}

TEST(CalendarTest, CalendarSpanBeforeCountsLocalDaysAcrossDaylightSaving) {
  const absl::TimeZone berlin = Zone("Europe/Berlin");
  // Mar 30 00:00 CEST back 14 days is Mar 16 00:00 CET: 335 hours, not 336.
  const absl::Time end = T("2026-03-29T22:00:00Z");
  EXPECT_EQ(CalendarSpanBefore(end, CalendarSpan{14}, berlin), T("2026-03-15T23:00:00Z"));
  // Any other instant keeps its wall-clock time and fraction of a second.
  EXPECT_EQ(CalendarSpanBefore(T("2026-04-05T10:00:00.25Z"), CalendarSpan{14}, berlin), T("2026-03-22T11:00:00.25Z"));
  // Into the 23-hour day: the same share of it (2.5 of 24 hours is 2h23m45s of 23).
  EXPECT_EQ(CalendarSpanBefore(T("2026-03-30T00:30:00Z"), CalendarSpan{1}, berlin), T("2026-03-29T01:23:45Z"));
  EXPECT_DOUBLE_EQ(CalendarDays(T("2026-03-29T01:23:45Z"), T("2026-03-30T00:30:00Z"), berlin), 1);
  EXPECT_EQ(FormatCalendarSpan(CalendarSpan{28}), "4w");
  EXPECT_EQ(FormatCalendarSpan(CalendarSpan{10}), "10d");
  EXPECT_EQ(FormatCalendarSpan(CalendarSpan{0, 3}), "3mo");
}

TEST(CalendarTest, CalendarSpanBeforeEndsMonthsThatLackTheDay) {
  const absl::TimeZone ny = Zone("America/New_York");
  // Local day starts: Apr 1 00:00 EDT back 3 months is Jan 1 00:00 EST.
  EXPECT_EQ(CalendarSpanBefore(T("2026-04-01T04:00:00Z"), CalendarSpan{0, 3}, ny), T("2026-01-01T05:00:00Z"));
  // Mar 31 12:00 EDT back one month: February lacks the 31st, so its end, Mar 1 00:00 EST.
  EXPECT_EQ(CalendarSpanBefore(T("2026-03-31T16:00:00Z"), CalendarSpan{0, 1}, ny), T("2026-03-01T05:00:00Z"));
  EXPECT_EQ(CalendarSpanBefore(T("2026-03-28T16:00:00Z"), CalendarSpan{0, 1}, ny), T("2026-02-28T17:00:00Z"));
  // Skipped local midnight (Santiago, Sep 6): the day start maps to a day start.
  const absl::TimeZone santiago = Zone("America/Santiago");
  const absl::Time sep6 = LocalDayStart(absl::CivilDay(2026, 9, 6), santiago);
  EXPECT_EQ(CalendarSpanBefore(LocalDayStart(absl::CivilDay(2026, 9, 13), santiago), CalendarSpan{7}, santiago), sep6);
}

// Rolling windows rely on it: later ends never give earlier starts.
TEST(CalendarTest, CalendarSpanBeforeIsNonDecreasing) {
  for (const char* name : {"Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "UTC"}) {
    const absl::TimeZone zone = Zone(name);
    for (const CalendarSpan span : {CalendarSpan{1}, CalendarSpan{28}, CalendarSpan{0, 1}}) {
      absl::Time previous = absl::InfinitePast();
      for (absl::Time t = T("2026-01-01T00:00:00Z"); t < T("2027-01-01T00:00:00Z"); t += absl::Minutes(15)) {
        const absl::Time start = CalendarSpanBefore(t, span, zone);
        if (span.months == 0) {
          ASSERT_GT(start, previous) << name << " " << t;
          ASSERT_NEAR(CalendarDays(start, t, zone), span.days, 1e-9) << name << " " << t;
        }
        ASSERT_GE(start, previous) << name << " " << t;
        ASSERT_LT(start, t) << name << " " << t;
        previous = start;
      }
    }
  }
}

TEST(CalendarTest, ExactDecimalRoundTrips) {
  for (double v : {0.5, 0.9999999, 1.0 / 3, 92 + 4.0 / 86400, 1e-300, 123456789.123456789}) {
    EXPECT_EQ(std::strtod(ExactDecimal(v).c_str(), nullptr), v) << ExactDecimal(v);
  }
  EXPECT_EQ(ExactDecimal(0.5), "0.5");
  EXPECT_EQ(ExactDecimal(0.9999999), "0.9999999");
}

}  // namespace
}  // namespace dora
