#include "forms/lead_samples.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "forms/lead_samples_testing.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

std::string Cell(std::initializer_list<int64_t> us) { return testing::LeadText(std::vector<int64_t>(us)); }

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

// Values as PostgreSQL's dora_lead_text writes them (psql output of the
// function in store/lead_time_days_sql.cc), read back.
TEST(AppendLeadTimesTest, ReadsWhatTheDatabaseWrites) {
  const std::pair<const char*, int64_t> written[] = {
      {".", 0},
      {"E,", 1},
      {"//////////8,", -1},
      {"D8,", 63},
      {"E.", 1000000},
      {"/////////tQ.", -300000000},
      {"/////+4eXP8,", -300000001},
      {"CGHGSkA,", 36000123456},
      {"BUYA.", 86400000000},
      {"iXBfQQ.", 9223372036000000},
      {"f/////////8,", INT64_MAX},
      {"gAAAAAAAAAA,", INT64_MIN},
  };
  std::string all;
  for (const auto& [text, us] : written) {
    EXPECT_EQ(Cell({us}), text) << us;
    all += text;
  }
  LeadTimes t;
  ASSERT_TRUE(AppendLeadTimes(all, absl::ZeroDuration(), &t).ok());
  // The negative ones are skewed (tolerance 0); the rest in order.
  EXPECT_EQ(t.skewed, 4);
  const std::vector<int64_t> expected = {0, 1, 63, 1000000, 36000123456, 86400000000, 9223372036000000, INT64_MAX};
  EXPECT_EQ(t.samples_us, expected);
}

TEST(AppendLeadTimesTest, DecodesAndAppliesTheToleranceExactly) {
  LeadTimes t;
  // Tolerance 5 min: -300 s is not skewed (first commit later by exactly
  // the tolerance), -300.000001 s is.
  ASSERT_TRUE(AppendLeadTimes(Cell({3600000000, -300000000, -300000001, -1}), absl::Minutes(5), &t).ok());
  EXPECT_EQ(t.skewed, 1);
  EXPECT_EQ(t.samples_us, (std::vector<int64_t>{3600000000, -300000000, -1}));
  EXPECT_EQ(LeadSeconds(3600000000), 3600.0);
  EXPECT_EQ(LeadSeconds(-300000000), 0.0);  // greatest(lead, 0)
  EXPECT_EQ(LeadSeconds(-1), 0.0);
  ASSERT_TRUE(AppendLeadTimes(std::nullopt, absl::Minutes(5), &t).ok());
  ASSERT_TRUE(AppendLeadTimes(std::string(""), absl::Minutes(5), &t).ok());
  EXPECT_EQ(t.samples_us.size(), 3u);
}

// Each way a cell can leave the format is refused, naming the column and
// the value.
TEST(AppendLeadTimesTest, RefusesWhatIsNotInTheFormat) {
  const std::pair<const char*, const char*> refused[] = {
      {"{1,2}", "value 1 is not in the lead time format"},
      {"\\x0001", "value 1 is not in the lead time format"},
      {"E,E", "value 2 has no end"},
      {"E,F,", "value 2 is not in the lead time format"},  // nonzero padding bits
      {"E,AAAAAAAAAAAE,", "value 2 is too long"},
      {"E, E,", "value 2 is not in the lead time format"},
      {"gAAAAAAAAAA.", "value 1 is beyond int8 microseconds"},
      {"f/////////8.", "value 1 is beyond int8 microseconds"},
  };
  for (const auto& [cell, message] : refused) {
    LeadTimes t;
    absl::Status s = AppendLeadTimes(std::string(cell), absl::ZeroDuration(), &t);
    EXPECT_FALSE(s.ok()) << cell;
    EXPECT_NE(s.message().find("lead_us"), std::string::npos) << s;
    EXPECT_NE(s.message().find(message), std::string::npos) << cell << ": " << s;
  }
}

// Every value reads back, in microseconds and in whole seconds; any byte
// outside the format, at any place of a value, is refused.
TEST(AppendLeadTimesTest, ReadsEveryValueAndRefusesEveryOtherByte) {
  std::mt19937_64 random(42);
  for (int round = 0; round < 4000; ++round) {
    const int64_t us = round % 2 ? static_cast<int64_t>(random()) >> (random() % 40)
                                 : static_cast<int64_t>(random() % 4000000000) * 1000000 - 2000000000000000;
    const std::string cell = Cell({us});
    LeadTimes t;
    ASSERT_TRUE(AppendLeadTimes(cell, absl::ZeroDuration(), &t).ok()) << cell;
    if (us < 0) {
      EXPECT_EQ(t.skewed, 1) << cell;
    } else {
      EXPECT_EQ(t.samples_us, std::vector<int64_t>{us}) << cell;
    }
    for (char bad : {'-', '*', ':', '@', '[', '`', '{', ' ', '=', '\x80', '\xff', '\0'}) {
      std::string broken = cell;
      broken[static_cast<size_t>(random() % broken.size())] = bad;
      LeadTimes u;
      EXPECT_FALSE(AppendLeadTimes(broken, absl::ZeroDuration(), &u).ok()) << broken;
    }
  }
}

// Cells of many values, of every length, read as each value alone does
// (values of up to 8 digits followed by 8 readable bytes take a shorter
// path); a byte outside the format anywhere is refused at the value that
// holds it.
TEST(AppendLeadTimesTest, LongCellsReadAsTheirValuesAndNameTheBrokenOne) {
  std::mt19937_64 random(11);
  for (int round = 0; round < 300; ++round) {
    std::vector<int64_t> us;
    std::vector<size_t> starts;
    std::string cell;
    for (int i = 0; i < 40; ++i) {
      const int64_t v = i % 3 == 0   ? static_cast<int64_t>(random() % 1000000000) * 1000000
                        : i % 7 == 0 ? static_cast<int64_t>(random())
                                     : static_cast<int64_t>(random() >> (random() % 64));
      us.push_back(v);
      starts.push_back(cell.size());
      cell += testing::LeadText(v);
    }
    LeadTimes t;
    ASSERT_TRUE(AppendLeadTimes(cell, absl::InfiniteDuration(), &t).ok()) << cell;
    EXPECT_EQ(t.samples_us, us) << cell;
    const size_t broken_at = static_cast<size_t>(random() % cell.size());
    std::string broken = cell;
    broken[broken_at] = "-*:@[`{ =\x80"[random() % 10];
    const size_t value =
        static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), broken_at) - starts.begin());
    LeadTimes u;
    const absl::Status s = AppendLeadTimes(broken, absl::InfiniteDuration(), &u);
    EXPECT_NE(s.message().find(absl::StrCat("value ", value, " ")), std::string::npos) << broken << ": " << s;
    EXPECT_EQ(u.samples_us, std::vector<int64_t>(us.begin(), us.begin() + static_cast<int64_t>(value) - 1));
  }
  // Each refusal of a value followed by more values.
  const std::pair<const char*, const char*> refused[] = {
      {"E,F,E,E,E,E,", "value 2 is not in the lead time format"},
      {"E,AAAAAAAAAAAE,E,E,E,", "value 2 is too long"},
      {"E,f/////////8.E,E,E,E,", "value 2 is beyond int8 microseconds"},
      {"E,gAAAAAAA.E,E,E,E,", "value 2 is beyond int8 microseconds"},
      {"E,//////9,E,E,E,E,", "value 2 is not in the lead time format"},
      {"E,ABCDEFGHIJ", "value 2 has no end"},
  };
  for (const auto& [cell, message] : refused) {
    LeadTimes t;
    const absl::Status s = AppendLeadTimes(std::string(cell), absl::ZeroDuration(), &t);
    EXPECT_NE(s.message().find(message), std::string::npos) << cell << ": " << s;
  }
}

// Ordering lead times by microseconds orders their samples: LeadSeconds
// never decreases, across day edges (where the days' seconds and the
// time's are rounded separately), at zero and for values up to centuries.
TEST(LeadSecondsTest, NeverDecreasesAsMicrosecondsGrow) {
  constexpr int64_t kDay = int64_t{86400} * 1000000;
  std::vector<int64_t> us = {INT64_MIN, -kDay - 1, -kDay, -1, 0, 1, kDay - 1, kDay, kDay + 1, INT64_MAX};
  std::mt19937_64 random(7);
  for (int i = 0; i < 20000; ++i) {
    const int64_t base = static_cast<int64_t>(random() % 40000) * kDay * (i % 2 ? 1 : 1000);
    for (int64_t d = -3; d <= 3; ++d) us.push_back(base + d);
    us.push_back(static_cast<int64_t>(random()) >> (random() % 63));
  }
  std::sort(us.begin(), us.end());
  for (size_t i = 1; i < us.size(); ++i) {
    ASSERT_LE(LeadSeconds(us[i - 1]), LeadSeconds(us[i])) << us[i - 1] << " then " << us[i];
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

// Large cells (read on several threads where there are cores) give each
// cell's own answer at its index, a broken one its own error.
TEST(LeadPercentileTest, ManyCellsEachGiveTheirOwnAnswer) {
  std::mt19937_64 random(11);
  std::vector<std::optional<std::string>> cells;
  for (int c = 0; c < 9; ++c) {
    std::vector<int64_t> us;
    for (int i = 0; i < 30000 + c; ++i) us.push_back(static_cast<int64_t>(random() % 900000) * 1000000 - 600000000);
    cells.push_back(testing::LeadText(us));
  }
  cells.push_back(std::nullopt);
  cells[4]->append("E");  // a value without its end
  std::vector<const std::optional<std::string>*> pointers;
  for (const auto& c : cells) pointers.push_back(&c);
  const std::vector<absl::StatusOr<LeadStat>> stats = LeadPercentiles(pointers, absl::Minutes(5), 0.9);
  ASSERT_EQ(stats.size(), cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    const absl::StatusOr<LeadStat> alone = LeadPercentile(cells[i], absl::Minutes(5), 0.9);
    ASSERT_EQ(stats[i].ok(), alone.ok()) << i;
    if (!alone.ok()) {
      EXPECT_EQ(i, 4u);
      EXPECT_EQ(stats[i].status(), alone.status());
      continue;
    }
    EXPECT_EQ(stats[i]->value, alone->value) << i;
    EXPECT_EQ(stats[i]->n, alone->n) << i;
    EXPECT_EQ(stats[i]->skewed, alone->skewed) << i;
  }
}

}  // namespace
}  // namespace dora
