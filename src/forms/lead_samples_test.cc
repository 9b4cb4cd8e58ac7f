#include "forms/lead_samples.h"

#include <cstdint>
#include <random>
#include <string>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

// A bytea cell as PostgreSQL prints it: int8send of each value, concatenated.
std::string Cell(std::initializer_list<int64_t> us) {
  std::string out = "\\x";
  for (int64_t v : us) absl::StrAppendFormat(&out, "%016x", static_cast<uint64_t>(v));
  return out;
}

TEST(PostgresEpochSecondsTest, DaysAndTimeEachRounded) {
  EXPECT_EQ(PostgresEpochSeconds(0), 0.0);
  EXPECT_EQ(PostgresEpochSeconds(1500000), 1.5);
  EXPECT_EQ(PostgresEpochSeconds(-1500000), -1.5);
  EXPECT_EQ(PostgresEpochSeconds(int64_t{86400} * 1000000), 86400.0);
  EXPECT_EQ(PostgresEpochSeconds(int64_t{86400} * 1000000 * 3 + 1), 259200.000001);
  EXPECT_EQ(PostgresEpochSeconds(-(int64_t{86400} * 1000000 * 3 + 1)), -259200.000001);
  // 400 days and 0.1 s: 34560000 + 0.1 rounds in two steps as PostgreSQL
  // rounds it (the integration tests compare every value with date_part).
  EXPECT_EQ(PostgresEpochSeconds(int64_t{400} * 86400 * 1000000 + 100000), 0.1 + 34560000.0);
}

TEST(AppendLeadTimesTest, DecodesAndAppliesTheToleranceExactly) {
  LeadTimes t;
  // Tolerance 5 min: -300 s is not skewed (first commit later by exactly
  // the tolerance), -300.000001 s is.
  ASSERT_TRUE(AppendLeadTimes(Cell({3600000000, -300000000, -300000001, -1}), absl::Minutes(5), &t).ok());
  EXPECT_EQ(t.skewed, 1);
  ASSERT_EQ(t.samples.size(), 3u);
  EXPECT_EQ(t.samples[0], 3600.0);
  EXPECT_EQ(t.samples[1], 0.0);  // greatest(lead, 0)
  EXPECT_EQ(t.samples[2], 0.0);
  ASSERT_TRUE(AppendLeadTimes(std::nullopt, absl::Minutes(5), &t).ok());
  ASSERT_TRUE(AppendLeadTimes(std::string("\\x"), absl::Minutes(5), &t).ok());
  EXPECT_EQ(t.samples.size(), 3u);
}

TEST(AppendLeadTimesTest, RefusesWhatIsNotHexOfInt8) {
  LeadTimes t;
  EXPECT_FALSE(AppendLeadTimes(std::string("{1,2}"), absl::ZeroDuration(), &t).ok());
  EXPECT_FALSE(AppendLeadTimes(std::string("\\x0001"), absl::ZeroDuration(), &t).ok());
  absl::Status s = AppendLeadTimes(std::string("\\x000000000000000g"), absl::ZeroDuration(), &t);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("lead_us"), std::string::npos) << s;
}

// Every value in either case reads back; a byte that is not a hex digit,
// at any of the 16 places, is refused (the boundaries of '0'-'9', 'a'-'f'
// and 'A'-'F' among them).
TEST(AppendLeadTimesTest, ReadsEveryValueAndRefusesEveryOtherByte) {
  std::mt19937_64 random(42);
  for (int round = 0; round < 2000; ++round) {
    const int64_t us = static_cast<int64_t>(random());
    std::string hex = round % 2 ? absl::StrFormat("%016X", static_cast<uint64_t>(us))
                                : absl::StrFormat("%016x", static_cast<uint64_t>(us));
    LeadTimes t;
    ASSERT_TRUE(AppendLeadTimes("\\x" + hex, absl::ZeroDuration(), &t).ok()) << hex;
    if (us < 0) {
      EXPECT_EQ(t.skewed, 1) << hex;
    } else {
      ASSERT_EQ(t.samples.size(), 1u) << hex;
      EXPECT_EQ(t.samples[0], PostgresEpochSeconds(us)) << hex;
    }
    for (char bad : {'/', ':', '@', 'G', '`', 'g', ' ', '\x80', '\xff'}) {
      std::string broken = hex;
      broken[static_cast<size_t>(random() % 16)] = bad;
      LeadTimes u;
      EXPECT_FALSE(AppendLeadTimes("\\x" + broken, absl::ZeroDuration(), &u).ok()) << broken;
    }
  }
}

TEST(LeadPercentileTest, InterpolatesOverTheSamplesAsPercentileCont) {
  absl::StatusOr<LeadStat> s =
      LeadPercentile(Cell({4000000, 1000000, 2000000, 3000000, -3600000000}), absl::Minutes(5), 0.5);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->n, 4);
  EXPECT_EQ(s->skewed, 1);
  ASSERT_TRUE(s->value.has_value());
  EXPECT_EQ(*s->value, 2.5);
  s = LeadPercentile(std::nullopt, absl::Minutes(5), 0.9);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->n, 0);
  EXPECT_FALSE(s->value.has_value());
}

}  // namespace
}  // namespace dora
