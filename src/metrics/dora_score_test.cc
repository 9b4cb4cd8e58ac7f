#include "metrics/dora_score.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

constexpr double kHour = 3600;
constexpr double kDay = 24 * kHour;

TEST(DoraScoreTest, DurationAnswersAtTheirEdges) {
  EXPECT_EQ(DurationAnswer(0), 6);
  EXPECT_EQ(DurationAnswer(kHour - 0.001), 6);
  EXPECT_EQ(DurationAnswer(kHour), 5);  // "less than one hour" excludes one hour
  EXPECT_EQ(DurationAnswer(kDay - 1), 5);
  EXPECT_EQ(DurationAnswer(kDay), 4);
  EXPECT_EQ(DurationAnswer(7 * kDay - 1), 4);
  EXPECT_EQ(DurationAnswer(7 * kDay), 3);
  EXPECT_EQ(DurationAnswer(30 * kDay - 1), 3);
  EXPECT_EQ(DurationAnswer(30 * kDay), 2);
  EXPECT_EQ(DurationAnswer(180 * kDay - 1), 2);
  EXPECT_EQ(DurationAnswer(180 * kDay), 1);
  EXPECT_EQ(DurationAnswer(1000 * kDay), 1);
}

TEST(DoraScoreTest, DeployFrequencyAnswersAtTheirEdges) {
  EXPECT_EQ(DeployFrequencyAnswer(100), 6);
  EXPECT_EQ(DeployFrequencyAnswer(24), 6);  // once per hour
  EXPECT_EQ(DeployFrequencyAnswer(23.99), 5);
  EXPECT_EQ(DeployFrequencyAnswer(1), 5);  // once per day
  EXPECT_EQ(DeployFrequencyAnswer(0.99), 4);
  EXPECT_EQ(DeployFrequencyAnswer(1.0 / 7), 4);  // once per week
  EXPECT_EQ(DeployFrequencyAnswer(0.14), 3);
  EXPECT_EQ(DeployFrequencyAnswer(1.0 / 30), 3);  // once per month
  EXPECT_EQ(DeployFrequencyAnswer(0.033), 2);
  EXPECT_EQ(DeployFrequencyAnswer(1.0 / 180), 2);  // once per six months
  EXPECT_EQ(DeployFrequencyAnswer(0.005), 1);
  EXPECT_EQ(DeployFrequencyAnswer(0), 1);
}

// data-service.test.ts: answers 1, 3.5 and 6 score 0, 5 and 10; 0 %, 50 %
// and 100 % score 10, 5 and 0.
TEST(DoraScoreTest, ScalesAsTheQuickCheck) {
  EXPECT_DOUBLE_EQ(AnswerScore(1), 0);
  EXPECT_DOUBLE_EQ(AnswerScore(3.5), 5);
  EXPECT_DOUBLE_EQ(AnswerScore(6), 10);
  EXPECT_DOUBLE_EQ(AnswerScore(2), 2);
  EXPECT_DOUBLE_EQ(AnswerScore(9), 10);  // clamped
  EXPECT_DOUBLE_EQ(PercentageScore(0), 10);
  EXPECT_DOUBLE_EQ(PercentageScore(0.5), 5);
  EXPECT_DOUBLE_EQ(PercentageScore(1), 0);
  EXPECT_DOUBLE_EQ(PercentageScore(0.125), 8.75);
  EXPECT_DOUBLE_EQ(PercentageScore(1.5), 0);  // clamped
}

// Worked example: lead time 2 days (answer 4, 6), 0.5 deploys a day (4, 6),
// recovery 30 minutes (6, 10), CFR 20 % (8), rework 10 % (9).
// Throughput (6 + 6 + 10) / 3 = 22/3; stability (8 + 9) / 2 = 8.5;
// overall (6 + 6 + 10 + 8 + 9) / 5 = 7.8.
TEST(DoraScoreTest, WorkedExample) {
  DoraScore s = ScoreDelivery({2 * kDay, 0.5, 0.5 * kHour, 0.2, 0.1});
  EXPECT_EQ(s.scored, 5);
  EXPECT_DOUBLE_EQ(*s.components[0], 6);
  EXPECT_DOUBLE_EQ(*s.components[1], 6);
  EXPECT_DOUBLE_EQ(*s.components[2], 10);
  EXPECT_DOUBLE_EQ(*s.components[3], 8);
  EXPECT_DOUBLE_EQ(*s.components[4], 9);
  EXPECT_DOUBLE_EQ(*s.throughput, 22.0 / 3);
  EXPECT_DOUBLE_EQ(*s.stability, 8.5);
  EXPECT_DOUBLE_EQ(*s.overall, 7.8);
}

// The best answers everywhere score 10 (data-service.test.ts, calculateAll).
TEST(DoraScoreTest, BestEverywhereIsTen) {
  DoraScore s = ScoreDelivery({0, 50, 60, 0, 0});
  EXPECT_DOUBLE_EQ(*s.overall, 10);
  EXPECT_DOUBLE_EQ(*s.throughput, 10);
  EXPECT_DOUBLE_EQ(*s.stability, 10);
}

// A missing component is skipped, as the Quick Check's overall average skips
// an unanswered metric.
TEST(DoraScoreTest, MissingComponentsAreLeftOut) {
  DoraScore s = ScoreDelivery({std::nullopt, 0.5, std::nullopt, 0.2, std::nullopt});
  EXPECT_EQ(s.scored, 2);
  EXPECT_FALSE(s.components[0]);
  EXPECT_DOUBLE_EQ(*s.throughput, 6);
  EXPECT_DOUBLE_EQ(*s.stability, 8);
  EXPECT_DOUBLE_EQ(*s.overall, 7);
  DoraScore none = ScoreDelivery({});
  EXPECT_EQ(none.scored, 0);
  EXPECT_FALSE(none.overall);
  EXPECT_FALSE(none.throughput);
  EXPECT_FALSE(none.stability);
}

// data-service.test.ts: the 2025 edition shows CFR 8.1, rework 7.8,
// stability 7.9 and the overall mean (5.5 + 4.8 + 7.4 + 8.1 + 7.8) / 5 = 6.72.
TEST(DoraScoreTest, Benchmark2025AsTheQuickCheckShowsIt) {
  const ScoreBenchmark* b = FindScoreBenchmark("2025");
  ASSERT_NE(b, nullptr);
  DisplayedBenchmark d = Displayed(*b);
  EXPECT_NEAR(d.components[3].mean, 8.1, 1e-9);
  EXPECT_NEAR(d.components[4].mean, 7.8, 1e-9);
  EXPECT_NEAR(d.stability.mean, 7.9, 1e-9);
  EXPECT_NEAR(d.overall.mean, 6.72, 1e-9);
  EXPECT_DOUBLE_EQ(d.overall.sd, 1.2);
  EXPECT_DOUBLE_EQ(d.throughput.mean, 6.0);
  EXPECT_DOUBLE_EQ(d.components[0].mean, 5.5);
  EXPECT_EQ(FindScoreBenchmark("2024"), nullptr);
  EXPECT_EQ(ScoreBenchmarkIds(), std::vector<std::string>({"2025"}));
}

TEST(DoraScoreTest, ComponentsNameTheirMetrics) {
  for (ScoreComponent c : kScoreComponents) {
    const MetricDef* m = FindMetric(ComponentName(c));
    ASSERT_NE(m, nullptr) << ComponentName(c);
    EXPECT_EQ(m->kind, ComponentMetric(c));
  }
}

}  // namespace
}  // namespace dora
