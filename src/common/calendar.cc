#include "common/calendar.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "common/time_spec.h"

namespace dora {
namespace {

constexpr absl::Duration kDay = absl::Hours(24);
const absl::CivilDay kOrigin(2001, 1, 1);

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::vector<TimeBucket> CalendarBuckets(absl::Time from, absl::Time to, int64_t days_per_bucket,
                                        const absl::TimeZone& zone) {
  std::vector<TimeBucket> out;
  absl::CivilDay first = absl::ToCivilDay(from, zone);
  absl::CivilDay day = kOrigin + FloorDiv(first - kOrigin, days_per_bucket) * days_per_bucket;
  while (true) {
    TimeBucket b;
    b.start = LocalDayStart(day, zone);
    if (b.start >= to) break;
    b.end = LocalDayStart(day + days_per_bucket, zone);
    b.key = absl::FormatCivilTime(absl::CivilSecond(day));
    b.key[10] = ' ';
    b.days = CalendarDays(std::max(from, b.start), std::min(to, b.end), zone);
    out.push_back(std::move(b));
    day += days_per_bucket;
  }
  return out;
}

// The first month of the N-month bucket holding `month`.
absl::CivilMonth MonthBucketStart(absl::CivilMonth month, int64_t months) {
  const absl::CivilMonth origin(kCalendarOriginYear, 1);
  return origin + FloorDiv(month - origin, months) * months;
}

std::vector<TimeBucket> MonthBuckets(absl::Time from, absl::Time to, int64_t months, const absl::TimeZone& zone) {
  std::vector<TimeBucket> out;
  for (absl::CivilMonth m = MonthBucketStart(absl::ToCivilMonth(from, zone), months);; m += months) {
    TimeBucket b;
    b.start = LocalDayStart(absl::CivilDay(m), zone);
    if (b.start >= to) break;
    b.end = LocalDayStart(absl::CivilDay(m + months), zone);
    b.key = absl::FormatCivilTime(absl::CivilSecond(m));
    b.key[10] = ' ';
    b.days = CalendarDays(std::max(from, b.start), std::min(to, b.end), zone);
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<TimeBucket> ElapsedBuckets(absl::Time from, absl::Time to, absl::Duration width,
                                       const absl::TimeZone& zone) {
  std::vector<TimeBucket> out;
  const absl::Time origin = ElapsedBucketOrigin(zone);
  // Floor((from - origin) / width) without overflow for any plausible range.
  absl::Duration rem;
  int64_t steps = absl::IDivDuration(from - origin, width, &rem);
  if (rem < absl::ZeroDuration()) --steps;
  for (absl::Time start = origin + steps * width; start < to; start += width) {
    TimeBucket b;
    b.start = start;
    b.end = start + width;
    b.key = FormatRfc3339Utc(start);
    b.days = CalendarDays(std::max(from, b.start), std::min(to, b.end), zone);
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace

BucketScheme SchemeForWidth(absl::Duration width) {
  return absl::IDivDuration(width, kDay, &width) > 0 && width == absl::ZeroDuration() ? BucketScheme::kCalendarDays
                                                                                      : BucketScheme::kElapsed;
}

BucketScheme SchemeForWidth(const BucketWidth& width) {
  return width.months > 0 ? BucketScheme::kCalendarMonths : SchemeForWidth(width.elapsed);
}

std::string FormatBucketWidth(const BucketWidth& width) {
  return width.months > 0 ? absl::StrCat(width.months, "mo") : FormatDurationSpec(width.elapsed);
}

absl::Time LocalDayStart(absl::CivilDay day, const absl::TimeZone& zone) {
  absl::TimeZone::TimeInfo info = zone.At(absl::CivilSecond(day));
  return info.kind == absl::TimeZone::TimeInfo::SKIPPED ? info.trans : info.pre;
}

double CalendarDays(absl::Time from, absl::Time to, const absl::TimeZone& zone) {
  if (!(from < to)) return 0;
  // The share of local day `day` that [lo, hi) covers.
  auto share = [&zone](absl::CivilDay day, absl::Time lo, absl::Time hi) {
    const absl::Time start = LocalDayStart(day, zone);
    const absl::Time end = LocalDayStart(day + 1, zone);
    lo = std::max(lo, start);
    hi = std::min(hi, end);
    if (hi <= lo) return 0.0;
    return (lo == start && hi == end) ? 1.0 : absl::FDivDuration(hi - lo, end - start);
  };
  const absl::CivilDay first = absl::ToCivilDay(from, zone);
  const absl::CivilDay last = absl::ToCivilDay(to, zone);
  if (last <= first) return share(first, from, to);
  // Every whole local day in between counts 1, whatever its length: O(1) for
  // any range.
  return share(first, from, to) + static_cast<double>(last - first - 1) + share(last, from, to);
}

absl::Time ElapsedBucketOrigin(const absl::TimeZone& zone) { return LocalDayStart(kOrigin, zone); }

std::vector<TimeBucket> MakeBuckets(absl::Time from, absl::Time to, absl::Duration width, const absl::TimeZone& zone) {
  if (SchemeForWidth(width) == BucketScheme::kCalendarDays) {
    return CalendarBuckets(from, to, absl::IDivDuration(width, kDay, &width), zone);
  }
  return ElapsedBuckets(from, to, width, zone);
}

std::vector<TimeBucket> MakeBuckets(absl::Time from, absl::Time to, const BucketWidth& width,
                                    const absl::TimeZone& zone) {
  if (width.months > 0) return MonthBuckets(from, to, width.months, zone);
  return MakeBuckets(from, to, width.elapsed, zone);
}

int64_t CountMonthBuckets(absl::Time from, absl::Time to, int64_t months, const absl::TimeZone& zone) {
  // The last bucket holds the month of the range's last instant.
  const absl::CivilMonth first = MonthBucketStart(absl::ToCivilMonth(from, zone), months);
  const absl::CivilMonth last = MonthBucketStart(absl::ToCivilMonth(to - absl::Nanoseconds(1), zone), months);
  return (last - first) / months + 1;
}

std::string FormatCalendarSpan(const CalendarSpan& span) {
  if (span.months > 0) return absl::StrCat(span.months, "mo");
  return span.days % 7 == 0 ? absl::StrCat(span.days / 7, "w") : absl::StrCat(span.days, "d");
}

absl::Time CalendarSpanBefore(absl::Time end, const CalendarSpan& span, const absl::TimeZone& zone) {
  const absl::CivilDay day = absl::ToCivilDay(end, zone);
  absl::CivilDay back = day - span.days;
  if (span.months > 0) {
    const absl::CivilMonth month = absl::CivilMonth(day) - span.months;
    back = absl::CivilDay(month.year(), month.month(), day.day());  // normalizes past the month's end
    if (absl::CivilMonth(back) != month) return LocalDayStart(absl::CivilDay(month + 1), zone);
  }
  const absl::Time day_start = LocalDayStart(day, zone), back_start = LocalDayStart(back, zone);
  const absl::Duration offset = end - day_start;
  const absl::Duration day_length = LocalDayStart(day + 1, zone) - day_start;
  const absl::Duration back_length = LocalDayStart(back + 1, zone) - back_start;
  if (back_length == day_length) return back_start + offset;
  return back_start + absl::FDivDuration(offset, day_length) * back_length;
}

std::string ExactDecimal(double value) {
  char buf[40];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

}  // namespace dora
