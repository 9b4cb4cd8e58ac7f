#include "forms/percentile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "forms/lead_samples.h"

namespace dora {
namespace {

TEST(PercentileContTest, InterpolatesBetweenTheRowsAroundThePosition) {
  std::vector<double> v = {4, 1, 3, 2};
  EXPECT_EQ(PercentileCont(&v, 0.5), 2.5);
  v = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  // position 0.9 * 9 = 8.1 (8.0999999999999996): 9 + (10 - 9) * 0.0999999999999996
  EXPECT_EQ(PercentileCont(&v, 0.9), 9 + (10.0 - 9) * (0.9 * 9 - 8));
  EXPECT_EQ(PercentileCont(&v, 0.0), 1);
  EXPECT_EQ(PercentileCont(&v, 1.0), 10);
}

TEST(PercentileContTest, OneValueAndNone) {
  std::vector<double> one = {42.5};
  EXPECT_EQ(PercentileCont(&one, 0.95), 42.5);
  std::vector<double> none;
  EXPECT_EQ(PercentileCont(&none, 0.5), std::nullopt);
}

TEST(PercentileContTest, RepeatedValues) {
  std::vector<double> v = {5, 5, 5, 1, 9};
  EXPECT_EQ(PercentileCont(&v, 0.5), 5);
  EXPECT_EQ(PercentileCont(&v, 0.75), 5);
}

// Rows found by radix selection equal the sorted keys' rows, for spreads
// from none to int8's whole range, many repeats, a lone far key (the
// rows then sit in one range: another step narrows it) and sizes around
// the switch to nth_element.
TEST(SelectKeyRowsTest, EqualsTheSortedKeysRows) {
  std::mt19937_64 random(5);
  const auto shapes = [&](int shape, size_t i) -> int64_t {
    switch (shape) {
      case 0:
        return static_cast<int64_t>(random() % 259200000000);  // up to 3 days of microseconds
      case 1:
        return static_cast<int64_t>(random() % 7) * 1000000;  // a few values, repeated
      case 2:
        return i == 0 ? INT64_MAX : static_cast<int64_t>(random() % 1000);
      case 3:
        return static_cast<int64_t>(random());  // int8's whole range, negatives too
      case 4:
        return i % 2 ? INT64_MIN : static_cast<int64_t>(random() % 3) - 1;
      default:
        return 42;
    }
  };
  for (size_t n : {1, 2, 3, 4095, 4096, 4097, 20000, 100000}) {
    for (int shape = 0; shape <= 6; ++shape) {
      std::vector<int64_t> keys;
      for (size_t i = 0; i < n; ++i) keys.push_back(shapes(shape, i));
      std::vector<int64_t> sorted = keys;
      std::sort(sorted.begin(), sorted.end());
      const int64_t last = static_cast<int64_t>(n) - 1;
      for (int64_t row : {int64_t{0}, last / 2, last / 4, last * 9 / 10, std::max<int64_t>(last - 1, 0), last,
                          static_cast<int64_t>(random() % n)}) {
        std::vector<int64_t> v = keys;
        const bool with_next = row < last;
        const KeyRows rows = SelectKeyRows(&v, row, with_next);
        ASSERT_EQ(rows.first, sorted[static_cast<size_t>(row)]) << n << " keys, shape " << shape << ", row " << row;
        if (with_next) {
          ASSERT_EQ(rows.second, sorted[static_cast<size_t>(row) + 1])
              << n << " keys, shape " << shape << ", row " << row;
        }
      }
    }
  }
}

TEST(AppendFloat8ArrayTest, ReadsPostgresTextForm) {
  std::vector<double> out;
  ASSERT_TRUE(AppendFloat8Array(std::string("{1.5,2,300,0.1,1e+21}"), &out).ok());
  ASSERT_TRUE(AppendFloat8Array(std::nullopt, &out).ok());
  ASSERT_TRUE(AppendFloat8Array(std::string("{}"), &out).ok());
  ASSERT_TRUE(AppendFloat8Array(std::string("{7}"), &out).ok());
  EXPECT_EQ(out, (std::vector<double>{1.5, 2, 300, 0.1, 1e21, 7}));
}

TEST(AppendFloat8ArrayTest, RefusesWhatIsNotAFiniteNumber) {
  std::vector<double> out;
  EXPECT_FALSE(AppendFloat8Array(std::string("{1,NULL}"), &out).ok());
  EXPECT_FALSE(AppendFloat8Array(std::string("{NaN}"), &out).ok());
  EXPECT_FALSE(AppendFloat8Array(std::string("{Infinity}"), &out).ok());
  EXPECT_FALSE(AppendFloat8Array(std::string("1,2"), &out).ok());
}

// Every run of pieces answers as PercentileCont over its samples, bit for
// bit: few samples and many (the two ways of sorting), repeats, negative
// values, zeros, magnitudes far apart, values too close for the radix
// digits to tell apart, empty pieces and runs past the end.
TEST(PieceSamplesTest, PercentilesOfEveryRunOfPiecesEqualPercentileCont) {
  std::mt19937_64 random(14);
  for (const auto& [per_piece, narrow] : {std::pair{size_t{3}, false}, {40, false}, {400, false}, {400, true}}) {
    const size_t pieces = 9;
    std::vector<std::vector<double>> parts(pieces);
    for (size_t i = 0; i < pieces; ++i) {
      if (i == 2 || i == 6) continue;  // empty pieces
      for (size_t j = 0; j < per_piece; ++j) {
        const double scale = std::array<double, 4>{1e-6, 1, 3600, 1e9}[random() % 4];
        double v = std::uniform_real_distribution<double>(-0.1, 1.0)(random) * scale;
        if (narrow) v = 1 + std::ldexp(static_cast<double>(random() % 1000), -52);  // equal top bits
        if (random() % 10 == 0) v = 0;
        if (random() % 10 == 0 && !parts[i].empty()) v = parts[i].front();  // repeats
        parts[i].push_back(v);
      }
    }
    PieceSamples samples;
    samples.Reset(pieces);
    for (size_t i = 0; i < pieces; ++i) samples.Add(i, parts[i]);
    samples.Sort();
    for (size_t lo = 0; lo <= pieces; ++lo) {
      for (size_t hi = lo; hi <= pieces + 1; ++hi) {
        std::vector<double> run;
        for (size_t i = lo; i < std::min(hi, pieces); ++i) run.insert(run.end(), parts[i].begin(), parts[i].end());
        EXPECT_EQ(samples.Count(lo, hi), static_cast<int64_t>(run.size()));
        for (double fraction : {0.0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0}) {
          std::vector<double> copy = run;
          const std::optional<double> expected = PercentileCont(&copy, fraction);
          const std::optional<double> got = samples.Percentile(lo, hi, fraction);
          ASSERT_EQ(got.has_value(), expected.has_value()) << per_piece << " " << lo << ".." << hi;
          if (expected) {
            EXPECT_EQ(std::memcmp(&*got, &*expected, sizeof(double)), 0)
                << per_piece << " " << lo << ".." << hi << " p" << fraction << ": " << *got << " vs " << *expected;
          }
        }
      }
    }
  }
}

// Lead times as microseconds answer as PercentileCont over their samples
// (LeadSeconds), bit for bit: within one UTC day and spread over centuries
// (keys wider than the radix digits), repeats, negative ones (samples 0).
TEST(PieceSamplesTest, LeadMicrosecondsAnswerAsTheirSamples) {
  std::mt19937_64 random(15);
  for (int64_t spread : {int64_t{86400000000}, int64_t{1} << 62}) {
    const size_t pieces = 6;
    std::vector<std::vector<int64_t>> parts(pieces);
    for (size_t i = 0; i < pieces; ++i) {
      for (int j = 0; j < 300; ++j) {
        int64_t us = static_cast<int64_t>(random() % static_cast<uint64_t>(spread)) - spread / 16;
        if (j % 7 == 0) us = us / 1000000 * 1000000;  // whole seconds
        if (j % 11 == 0 && !parts[i].empty()) us = parts[i].front();
        parts[i].push_back(us);
      }
    }
    PieceSamples samples;
    samples.Reset(pieces, PieceSamples::Kind::kLeadMicroseconds);
    for (size_t i = 0; i < pieces; ++i) samples.Add(i, parts[i]);
    samples.Sort();
    for (size_t lo = 0; lo < pieces; ++lo) {
      for (size_t hi = lo + 1; hi <= pieces; ++hi) {
        std::vector<double> run;
        for (size_t i = lo; i < hi; ++i) {
          for (int64_t us : parts[i]) run.push_back(LeadSeconds(us));
        }
        for (double fraction : {0.0, 0.5, 0.75, 0.9, 0.95, 1.0}) {
          std::vector<double> copy = run;
          const std::optional<double> expected = PercentileCont(&copy, fraction);
          const std::optional<double> got = samples.Percentile(lo, hi, fraction);
          ASSERT_TRUE(got.has_value() && expected.has_value());
          EXPECT_EQ(std::memcmp(&*got, &*expected, sizeof(double)), 0)
              << spread << " " << lo << ".." << hi << " p" << fraction << ": " << *got << " vs " << *expected;
        }
      }
    }
  }
}

// Reset empties the samples for the next group.
TEST(PieceSamplesTest, ResetStartsOver) {
  PieceSamples samples;
  samples.Reset(2);
  samples.Add(0, std::vector<double>{5, 1});
  samples.Add(1, std::vector<double>{3});
  samples.Sort();
  EXPECT_EQ(samples.Percentile(0, 2, 0.5), 3);
  samples.Reset(1);
  samples.Add(0, std::vector<double>{7});
  samples.Sort();
  EXPECT_EQ(samples.Count(0, 1), 1);
  EXPECT_EQ(samples.Percentile(0, 1, 0.9), 7);
  EXPECT_EQ(samples.Percentile(1, 1, 0.9), std::nullopt);
}

}  // namespace
}  // namespace dora
