#include "common/grafana_outcome.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(GrafanaOutcomeTest, UserFaultsAreDownstreamAndBugsArePlugin) {
  EXPECT_EQ(OutcomeForStatus(absl::InvalidArgumentError("q")).http_status, 400);
  EXPECT_EQ(OutcomeForStatus(absl::InvalidArgumentError("q")).source, ErrorSource::kDownstream);
  EXPECT_EQ(OutcomeForStatus(absl::UnavailableError("db")).http_status, 503);
  EXPECT_EQ(OutcomeForStatus(absl::DeadlineExceededError("t")).http_status, 503);
  EXPECT_EQ(OutcomeForStatus(absl::InternalError("bug")).http_status, 500);
  EXPECT_EQ(OutcomeForStatus(absl::InternalError("bug")).source, ErrorSource::kPlugin);
  EXPECT_EQ(ErrorSourceName(ErrorSource::kPlugin), "plugin");
}

}  // namespace
}  // namespace dora
