#include "metrics/catalog.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(CatalogTest, FindsMetricsByNameAndAlias) {
  EXPECT_EQ(FindMetric("lead_time")->kind, MetricKind::kLeadTime);
  EXPECT_EQ(FindMetric("MTTR")->kind, MetricKind::kRecoveryTime);
  EXPECT_EQ(FindMetric("cfr")->kind, MetricKind::kChangeFailureRate);
  EXPECT_EQ(FindMetric("lead_tme"), nullptr);
}

TEST(CatalogTest, ParsesStats) {
  EXPECT_DOUBLE_EQ(ParseStat("p90")->fraction, 0.9);
  EXPECT_EQ(ParseStat("median")->name, "p50");
  EXPECT_EQ(ParseStat("P99.9")->name, "p99.9");
  EXPECT_EQ(ParseStat("avg")->kind, StatKind::kMean);
  EXPECT_FALSE(ParseStat("p100").has_value());
  EXPECT_FALSE(ParseStat("p0").has_value());
  EXPECT_FALSE(ParseStat("p").has_value());
  EXPECT_FALSE(ParseStat("p.5").has_value());
  EXPECT_FALSE(ParseStat("sum").has_value());
}

TEST(CatalogTest, Dimensions) {
  EXPECT_EQ(*FindDimension("Team"), Dimension::kTeam);
  EXPECT_FALSE(FindDimension("region").has_value());
}

}  // namespace
}  // namespace dora
