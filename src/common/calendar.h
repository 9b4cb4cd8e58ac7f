// Calendar arithmetic for time buckets and per-day rates in an IANA zone.
//
// Three bucket schemes, chosen by the width:
//  - whole days (1d, 1w, 14d): local calendar days. A bucket holds N civil
//    days of the zone, weeks start on Monday; a bucket may be 23, 25, 167 or
//    169 hours long across a daylight-saving change.
//  - anything else (1h, 6h, 36h): real elapsed time. Buckets are fixed
//    durations counted from the zone's local midnight of 2001-01-01, so
//    hourly buckets are whole local hours in any zone with a whole-hour (or
//    half-hour, for 30m multiples) offset, and a daylight-saving change never
//    makes two buckets share a label or one bucket hold two hours.
//  - whole months (1mo, 3mo): local calendar months. A bucket starts at local
//    midnight on the 1st (counted in N-month steps from January 2001) and
//    holds N civil months of the zone, 28 to 31 days each.
//
// Calendar days of an interval: every local day the interval touches counts
// the part of it inside the interval divided by that day's own length, so a
// whole 23-hour day is 1 day, and so is a whole 25-hour day.
//
// Pure functions of their arguments; thread-safe.
#ifndef DORA_COMMON_CALENDAR_H_
#define DORA_COMMON_CALENDAR_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace dora {

enum class BucketScheme {
  kElapsed,         // fixed durations; SQL bins the instant
  kCalendarDays,    // whole local days; SQL bins the local wall-clock time
  kCalendarMonths,  // whole local months; SQL bins the local wall-clock month
};

// A bucket width: `months` calendar months when positive, else `elapsed`
// (hours, days or weeks; positive).
struct BucketWidth {
  absl::Duration elapsed;
  int64_t months = 0;
  static BucketWidth Months(int64_t n) { return BucketWidth{absl::ZeroDuration(), n}; }
  bool operator==(const BucketWidth& o) const { return elapsed == o.elapsed && months == o.months; }
};

BucketScheme SchemeForWidth(absl::Duration width);
BucketScheme SchemeForWidth(const BucketWidth& width);

// The width as `every` writes it: "3mo", or FormatDurationSpec ("1w", "6h").
std::string FormatBucketWidth(const BucketWidth& width);

// The first instant of local day `day` (the transition instant when local
// midnight is skipped, the earlier one when it repeats).
absl::Time LocalDayStart(absl::CivilDay day, const absl::TimeZone& zone);

// Calendar days of [from, to) in `zone` (see above); 0 when to <= from.
double CalendarDays(absl::Time from, absl::Time to, const absl::TimeZone& zone);

// Where elapsed buckets are counted from: local midnight of 2001-01-01 (a Monday).
absl::Time ElapsedBucketOrigin(const absl::TimeZone& zone);

// The civil origin of calendar buckets, as SQL sees it (month buckets count
// their N-month steps from its month).
inline constexpr char kCalendarBucketOrigin[] = "2001-01-01 00:00:00";
inline constexpr int kCalendarOriginYear = 2001;

struct TimeBucket {
  absl::Time start;  // label: the bucket's first instant
  absl::Time end;    // exclusive
  // How SQL names the bucket an event falls in: for kCalendarDays and
  // kCalendarMonths the local wall-clock start ("2026-03-29 00:00:00", a `timestamp`), for kElapsed the
  // start instant in RFC 3339 (a `timestamptz`).
  std::string key;
  // Calendar days of the part of the bucket inside the requested range.
  double days = 0;
};

// Every bucket of `width` that overlaps [from, to), in order. `width` must be
// positive and from < to.
std::vector<TimeBucket> MakeBuckets(absl::Time from, absl::Time to, absl::Duration width, const absl::TimeZone& zone);
std::vector<TimeBucket> MakeBuckets(absl::Time from, absl::Time to, const BucketWidth& width,
                                    const absl::TimeZone& zone);

// How many buckets MakeBuckets returns for `months`-month buckets of
// [from, to) (from < to, months > 0), without making them: O(1) for any range.
int64_t CountMonthBuckets(absl::Time from, absl::Time to, int64_t months, const absl::TimeZone& zone);

// A whole number of local calendar days or months (a rolling window's
// length): `months` when positive, else `days` (positive).
struct CalendarSpan {
  int64_t days = 0;
  int64_t months = 0;
  bool operator==(const CalendarSpan& o) const { return days == o.days && months == o.months; }
};

// The span as `rolling` writes it: "3mo", else the largest whole unit of
// days ("4w", "10d").
std::string FormatCalendarSpan(const CalendarSpan& span);

// The instant `span` before `end` on the zone's calendar. `end`, a share f
// of its local day D (0 at the day's start), maps to the same share of local
// day D - days, or of the same day of the month `months` earlier; when that
// month lacks the day, to the start of the next month's first day. Between
// two days of equal length that is the same wall-clock time; across a
// daylight-saving change the share is of each day's own length, so
// CalendarDays(start, end) is exactly `days`. Strictly increasing in `end`
// for days, non-decreasing for months.
absl::Time CalendarSpanBefore(absl::Time end, const CalendarSpan& span, const absl::TimeZone& zone);

// Shortest decimal text that reads back as exactly `value` (float8 input).
std::string ExactDecimal(double value);

}  // namespace dora

#endif  // DORA_COMMON_CALENDAR_H_
