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
  return absl::InvalidArgumentError(
      absl::StrCat("invalid duration '", text, "': expected a whole number and a unit s, m, h, d or w (e.g. 30d)"));
}

absl::Status BadSettingDuration(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("invalid duration '", text, "': ", why));
}

}  // namespace

absl::StatusOr<absl::Duration> ParseSettingDuration(absl::string_view text) {
  constexpr absl::string_view kExpected =
      "expected a number and a unit ms, s, m, h, d or w, or several (e.g. 30s, 5m, 1h30m)";
  constexpr __int128 kMaxMs = static_cast<__int128>(kMaxDurationSeconds) * 1000;
  absl::string_view t = absl::StripAsciiWhitespace(text);
  if (t.empty()) return BadSettingDuration(text, kExpected);
  __int128 total_ms = 0;
  size_t i = 0;
  auto digits = [&](size_t* at) {
    size_t start = *at;
    while (*at < t.size() && absl::ascii_isdigit(t[*at])) ++*at;
    return t.substr(start, *at - start);
  };
  while (i < t.size()) {
    absl::string_view whole = digits(&i);
    absl::string_view fraction;
    if (i < t.size() && t[i] == '.') {
      ++i;
      fraction = digits(&i);
      if (fraction.empty()) return BadSettingDuration(text, kExpected);
    }
    if (whole.empty()) return BadSettingDuration(text, kExpected);
    size_t unit_start = i;
    while (i < t.size() && absl::ascii_isalpha(t[i])) ++i;
    const std::string unit = absl::AsciiStrToLower(t.substr(unit_start, i - unit_start));
    int64_t unit_ms = 0;
    for (const SettingDurationUnit& u : kSettingDurationUnits) {
      if (unit == u.unit) unit_ms = u.milliseconds;
    }
    if (unit_ms == 0) return BadSettingDuration(text, kExpected);
    // Leading zeros of the whole part and trailing zeros of the fraction
    // change nothing; past 18 digits the value is too long (or too fine) anyway.
    while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
    while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
    if (whole.size() > 18)
      return BadSettingDuration(text, absl::StrCat("longer than ", kMaxDurationSeconds / (86400 * 366), " years"));
    if (fraction.size() > 18) return BadSettingDuration(text, "finer than a millisecond");
    int64_t w = 0;
    int64_t f = 0;
    if (!absl::SimpleAtoi(whole, &w) || (!fraction.empty() && !absl::SimpleAtoi(fraction, &f))) {
      return BadSettingDuration(text, kExpected);
    }
    __int128 scale = 1;
    for (size_t k = 0; k < fraction.size(); ++k) scale *= 10;
    const __int128 fraction_units = static_cast<__int128>(f) * unit_ms;
    if (fraction_units % scale != 0) return BadSettingDuration(text, "finer than a millisecond");
    total_ms += static_cast<__int128>(w) * unit_ms + fraction_units / scale;
    if (total_ms > kMaxMs) {
      return BadSettingDuration(text, absl::StrCat("longer than ", kMaxDurationSeconds / (86400 * 366), " years"));
    }
  }
  return absl::Milliseconds(static_cast<int64_t>(total_ms));
}

absl::StatusOr<absl::Duration> ParseDurationSpec(absl::string_view text) {
  absl::string_view t = absl::StripAsciiWhitespace(text);
  if (t.size() < 2) return BadDuration(text);
  char unit = absl::ascii_tolower(t.back());
  int64_t count = 0;
  if (!absl::SimpleAtoi(t.substr(0, t.size() - 1), &count) || count < 0 || !absl::ascii_isdigit(t.front())) {
    return BadDuration(text);
  }
  int64_t unit_seconds = 0;
  switch (unit) {
    case 's':
      unit_seconds = 1;
      break;
    case 'm':
      unit_seconds = 60;
      break;
    case 'h':
      unit_seconds = 3600;
      break;
    case 'd':
      unit_seconds = 86400;
      break;
    case 'w':
      unit_seconds = 7 * 86400;
      break;
    default:
      return BadDuration(text);
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
      return absl::InvalidArgumentError(
          absl::StrCat("invalid time '", text, "': expected now, now-<n><unit> or RFC 3339"));
    }
    auto d = ParseDurationSpec(rest.substr(1));
    if (!d.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("invalid time '", text, "': ", d.status().message()));
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
      "invalid time '", text, "': expected RFC 3339 (2026-06-08T09:00:00Z), a date (2026-06-08), now or now-30d"));
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
