#include "common/time_spec.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace dora {
namespace {

absl::Status BadDuration(absl::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid duration '", text,
      "': expected a whole number and a unit s, m, h, d or w (e.g. 30d)"));
}

// Longer than any range the product can mean (10 000 years of seconds).
constexpr int64_t kMaxDurationSeconds = int64_t{10000} * 366 * 86400;

}  // namespace

absl::StatusOr<absl::Duration> ParseDurationSpec(absl::string_view text) {
  absl::string_view t = absl::StripAsciiWhitespace(text);
  if (t.size() < 2) return BadDuration(text);
  char unit = absl::ascii_tolower(t.back());
  int64_t count = 0;
  if (!absl::SimpleAtoi(t.substr(0, t.size() - 1), &count) || count < 0 ||
      !absl::ascii_isdigit(t.front())) {
    return BadDuration(text);
  }
  int64_t unit_seconds = 0;
  switch (unit) {
    case 's': unit_seconds = 1; break;
    case 'm': unit_seconds = 60; break;
    case 'h': unit_seconds = 3600; break;
    case 'd': unit_seconds = 86400; break;
    case 'w': unit_seconds = 7 * 86400; break;
    default: return BadDuration(text);
  }
  // Checked before multiplying: `999999999999999999w` would overflow.
  if (count > kMaxDurationSeconds / unit_seconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid duration '", text, "': longer than ", kMaxDurationSeconds / (86400 * 366), " years"));
  }
  return absl::Seconds(count * unit_seconds);
}

absl::StatusOr<absl::Time> ParseTimeSpec(absl::string_view text, absl::Time now) {
  absl::string_view t = absl::StripAsciiWhitespace(text);
  std::string lower = absl::AsciiStrToLower(t);
  absl::string_view rest = lower;
  if (absl::ConsumePrefix(&rest, "now")) {
    if (rest.empty()) return now;
    bool minus = rest.front() == '-';
    if (!minus && rest.front() != '+') {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid time '", text, "': expected now, now-<n><unit> or RFC 3339"));
    }
    auto d = ParseDurationSpec(rest.substr(1));
    if (!d.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid time '", text, "': ", d.status().message()));
    }
    return minus ? now - *d : now + *d;
  }
  std::string err;
  absl::Time parsed;
  if (absl::ParseTime(absl::RFC3339_full, std::string(t), &parsed, &err)) {
    // absl also reads "infinite-past" / "infinite-future".
    if (parsed == absl::InfinitePast() || parsed == absl::InfiniteFuture()) {
      return absl::InvalidArgumentError(absl::StrCat("invalid time '", text, "': not a finite instant"));
    }
    return parsed;
  }
  if (absl::ParseTime("%Y-%m-%d", std::string(t), absl::UTCTimeZone(), &parsed, &err)) {
    return parsed;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid time '", text,
      "': expected RFC 3339 (2026-06-08T09:00:00Z), a date (2026-06-08), now or now-30d"));
}

std::string FormatRfc3339Utc(absl::Time t) {
  absl::Duration sub = t - absl::FromUnixSeconds(absl::ToUnixSeconds(t));
  // %E4Y: a year below 1000 keeps its leading zeros ("0012-11-20"); plain %Y
  // would print "12-11-20", which PostgreSQL reads as 2012 or worse.
  const char* fmt = sub == absl::ZeroDuration() ? "%E4Y-%m-%dT%H:%M:%SZ" : "%E4Y-%m-%dT%H:%M:%E6SZ";
  return absl::FormatTime(fmt, t, absl::UTCTimeZone());
}

std::string FormatDurationSpec(absl::Duration d) {
  int64_t s = absl::ToInt64Seconds(d);
  if (s != 0 && s % (7 * 86400) == 0) return absl::StrCat(s / (7 * 86400), "w");
  if (s != 0 && s % 86400 == 0) return absl::StrCat(s / 86400, "d");
  if (s != 0 && s % 3600 == 0) return absl::StrCat(s / 3600, "h");
  if (s != 0 && s % 60 == 0) return absl::StrCat(s / 60, "m");
  return absl::StrCat(s, "s");
}

}  // namespace dora
