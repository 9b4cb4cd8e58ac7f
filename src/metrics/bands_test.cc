#include "metrics/bands.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

Band MustClassify(const char* profile, MetricKind m, double v) {
  auto b = Classify(*FindBandProfile(profile), m, v);
  EXPECT_TRUE(b.has_value());
  return b.value_or(Band::kLow);
}

TEST(BandsTest, LeadTimeMatchesReferenceFunction) {
  // lead_time_band(hours): < 24 Elite, < 24*7 High, < 24*30 Medium, else Low.
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kLeadTime, 23.99 * 3600), Band::kElite);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kLeadTime, 24 * 3600), Band::kHigh);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kLeadTime, 24 * 7 * 3600), Band::kMedium);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kLeadTime, 24 * 30 * 3600), Band::kLow);
}

TEST(BandsTest, DeployFrequencyIsHigherIsBetter) {
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kDeployFrequency, 3), Band::kElite);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kDeployFrequency, 1), Band::kElite);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kDeployFrequency, 0.5), Band::kHigh);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kDeployFrequency, 0.05), Band::kMedium);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kDeployFrequency, 0.01), Band::kLow);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kDeployFrequency, 0), Band::kLow);
}

TEST(BandsTest, ProfilesDifferOnChangeFailureRate) {
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kChangeFailureRate, 0.05), Band::kElite);
  EXPECT_EQ(MustClassify("dora-2024", MetricKind::kChangeFailureRate, 0.18), Band::kMedium);
  EXPECT_EQ(MustClassify("dora-2023", MetricKind::kChangeFailureRate, 0.18), Band::kLow);
  EXPECT_EQ(MustClassify("dora-2023", MetricKind::kChangeFailureRate, 0.10), Band::kHigh);
}

TEST(BandsTest, CountsAndReworkAreUnclassified) {
  const BandProfile& p = *FindBandProfile("DORA-2024");
  EXPECT_FALSE(Classify(p, MetricKind::kDeploys, 10).has_value());
  EXPECT_FALSE(Classify(p, MetricKind::kReworkRate, 0.1).has_value());
  EXPECT_EQ(FindBandProfile("dora-1999"), nullptr);
  EXPECT_EQ(BandName(*FindBand("elite")), "Elite");
}

}  // namespace
}  // namespace dora
