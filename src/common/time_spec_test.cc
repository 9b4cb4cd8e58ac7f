#include "common/time_spec.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1780000000);

TEST(TimeSpecTest, ParsesRelativeTimes) {
  EXPECT_EQ(*ParseTimeSpec("now", kNow), kNow);
  EXPECT_EQ(*ParseTimeSpec("now-30d", kNow), kNow - absl::Hours(24 * 30));
  EXPECT_EQ(*ParseTimeSpec("NOW-12h", kNow), kNow - absl::Hours(12));
  EXPECT_EQ(*ParseTimeSpec("now+1w", kNow), kNow + absl::Hours(24 * 7));
}

TEST(TimeSpecTest, ParsesRfc3339WithOffsetsAndDates) {
  EXPECT_EQ(FormatRfc3339Utc(*ParseTimeSpec("2026-06-08T11:00:00+02:00", kNow)), "2026-06-08T09:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(*ParseTimeSpec("2026-06-08T09:00:00.25Z", kNow)), "2026-06-08T09:00:00.250000Z");
  EXPECT_EQ(FormatRfc3339Utc(*ParseTimeSpec("2026-06-08", kNow)), "2026-06-08T00:00:00Z");
}

TEST(TimeSpecTest, RejectsGarbageWithTheTextInTheMessage) {
  auto t = ParseTimeSpec("yesterday", kNow);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("'yesterday'"), std::string::npos);
  EXPECT_FALSE(ParseTimeSpec("now-", kNow).ok());
  EXPECT_FALSE(ParseTimeSpec("now-5y", kNow).ok());
  EXPECT_FALSE(ParseTimeSpec("2026-13-01", kNow).ok());
}

TEST(TimeSpecTest, Durations) {
  EXPECT_EQ(*ParseDurationSpec("90s"), absl::Seconds(90));
  EXPECT_EQ(*ParseDurationSpec("5m"), absl::Minutes(5));
  EXPECT_EQ(*ParseDurationSpec("24h"), absl::Hours(24));
  EXPECT_EQ(*ParseDurationSpec("1w"), absl::Hours(168));
  EXPECT_FALSE(ParseDurationSpec("-5m").ok());
  EXPECT_FALSE(ParseDurationSpec("m").ok());
  EXPECT_FALSE(ParseDurationSpec("5x").ok());
  EXPECT_EQ(FormatDurationSpec(absl::Hours(168)), "1w");
  EXPECT_EQ(FormatDurationSpec(absl::Hours(48)), "2d");
  EXPECT_EQ(FormatDurationSpec(absl::Minutes(5)), "5m");
  EXPECT_EQ(FormatDurationSpec(absl::Seconds(61)), "61s");
}

}  // namespace
}  // namespace dora

namespace dora {
namespace {

TEST(TimeSpecYearsTest, YearsBelowOneThousandKeepFourDigits) {
  absl::Time t = absl::FromCivil(absl::CivilSecond(1, 3, 1, 0, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(FormatRfc3339Utc(t), "0001-03-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(absl::FromCivil(absl::CivilSecond(12, 11, 20, 0, 0, 0), absl::UTCTimeZone()) +
                             absl::Microseconds(5)),
            "0012-11-20T00:00:00.000005Z");
  auto from = ParseTimeSpec("0012-11-20", absl::Now());
  ASSERT_TRUE(from.ok());
  EXPECT_EQ(FormatRfc3339Utc(*from), "0012-11-20T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(absl::FromUnixSeconds(1780920000)), "2026-06-08T12:00:00Z");
}

TEST(TimeSpecYearsTest, HugeDurationsAreErrorsNotOverflows) {
  for (const char* text : {"999999999999999999w", "9223372036854775807s", "1000000000d", "now-999999999999999999w"}) {
    auto d = absl::string_view(text).substr(0, 3) == "now" ? ParseTimeSpec(text, absl::Now()).status()
                                                           : ParseDurationSpec(text).status();
    EXPECT_FALSE(d.ok()) << text;
    EXPECT_NE(d.message().find("longer than 10000 years"), std::string::npos) << text << ": " << d;
  }
  EXPECT_EQ(*ParseDurationSpec("520000w"), absl::Hours(24 * 7) * 520000);  // 9 970 years
}

TEST(SettingDurationTest, GoStyleCompoundDurations) {
  EXPECT_EQ(*ParseSettingDuration("1h30m"), absl::Minutes(90));
  EXPECT_EQ(*ParseSettingDuration("1m30s"), absl::Seconds(90));
  EXPECT_EQ(*ParseSettingDuration("500ms"), absl::Milliseconds(500));
  EXPECT_EQ(*ParseSettingDuration("1.5h"), absl::Minutes(90));
  EXPECT_EQ(*ParseSettingDuration("0.25s"), absl::Milliseconds(250));
  EXPECT_EQ(*ParseSettingDuration("2d12h"), absl::Hours(60));
  EXPECT_EQ(*ParseSettingDuration("1w"), absl::Hours(168));
  EXPECT_EQ(*ParseSettingDuration(" 5M "), absl::Minutes(5));  // as ParseDurationSpec always read it
  EXPECT_EQ(*ParseSettingDuration("0s"), absl::ZeroDuration());
  EXPECT_EQ(*ParseSettingDuration("007s"), absl::Seconds(7));
  EXPECT_EQ(*ParseSettingDuration("1.500s"), absl::Milliseconds(1500));
  EXPECT_EQ(*ParseSettingDuration("30m1h"), absl::Minutes(90));  // Go accepts any order
  // Whatever ParseDurationSpec accepts, this reads the same.
  for (const char* text : {"90s", "5m", "24h", "7d", "1w", "520000w"}) {
    EXPECT_EQ(*ParseSettingDuration(text), *ParseDurationSpec(text)) << text;
  }
}

TEST(SettingDurationTest, RejectsWhatIsNotTheGrammar) {
  for (const char* text : {"", " ", "5", "5 minutes", "1h 30m", "-5m", "+5m", ".5h", "5.h", "1.5", "1µs", "1ns", "1us",
                           "h", "1hm", "1h30", "5m-", "1e3s"}) {
    auto d = ParseSettingDuration(text);
    EXPECT_FALSE(d.ok()) << "'" << text << "' read as " << *d;
    if (!d.ok()) {
      EXPECT_NE(d.status().message().find("invalid duration '"), std::string::npos) << d.status();
    }
  }
}

TEST(SettingDurationTest, WholeMillisecondsAtMostTenThousandYears) {
  EXPECT_FALSE(ParseSettingDuration("0.5ms").ok());
  EXPECT_FALSE(ParseSettingDuration("1.0001s").ok());
  EXPECT_EQ(*ParseSettingDuration("0.0009765625w"), absl::Milliseconds(590625));  // exact, not floating point
  for (const char* text : {"522857w1w", "999999999999999999w", "9999999999999999999999s", "3660000d1ms"}) {
    auto d = ParseSettingDuration(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_NE(d.status().message().find("longer than 10000 years"), std::string::npos) << d.status();
  }
  EXPECT_EQ(*ParseSettingDuration("520000w"), absl::Hours(24 * 7) * 520000);
}

TEST(TimeSpecYearsTest, InfiniteInstantsAreNotTimes) {
  EXPECT_FALSE(ParseTimeSpec("infinite-future", absl::Now()).ok());
  EXPECT_FALSE(ParseTimeSpec("infinite-past", absl::Now()).ok());
}

}  // namespace
}  // namespace dora
