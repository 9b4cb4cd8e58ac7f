#include "forms/percentile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <utility>

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

}  // namespace
}  // namespace dora

namespace dora {
namespace {

// Sliding windows over sorted parts hold exactly the parts' samples, with
// repeats, forwards, and after a jump back or an empty window.
TEST(SlidingSamplesTest, HoldsTheWindowsPartsSorted) {
  std::vector<std::vector<double>> parts = {{}, {1, 5, 5}, {2, 5}, {}, {0, 9, 9, 9}, {3}, {5, 7}};
  SlidingSamples window(&parts);
  const std::pair<size_t, size_t> windows[] = {{1, 3}, {1, 5}, {2, 6}, {4, 7}, {6, 7}, {1, 2}, {3, 3}, {0, 7}};
  for (const auto& [lo, hi] : windows) {
    window.Slide(lo, hi);
    std::vector<double> expected;
    for (size_t i = lo; i < hi; ++i) expected.insert(expected.end(), parts[i].begin(), parts[i].end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(window.sorted(), expected) << lo << ".." << hi;
    std::vector<double> copy = expected;
    EXPECT_EQ(PercentileContOfSorted(window.sorted(), 0.9), PercentileCont(&copy, 0.9)) << lo << ".." << hi;
  }
}

}  // namespace
}  // namespace dora
