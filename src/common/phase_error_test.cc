#include "common/phase_error.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(PhaseErrorTest, MessageNamesPhasePositionAndSuggestion) {
  absl::Status s = MakePositionedError(
      {Phase::kBind, 1, 8, "unknown metric 'lead_tme'", "", "lead_time"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "bind error: unknown metric 'lead_tme' at 1 \xE2\x80\x94 did you mean 'lead_time'?");
}

TEST(PhaseErrorTest, PayloadRoundTrips) {
  absl::Status s = MakePositionedError(
      {Phase::kParse, 14, 1, "unexpected ')'", "expected a value", ""});
  auto e = GetPositionedError(s);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->phase, Phase::kParse);
  EXPECT_EQ(e->position, 14);
  EXPECT_EQ(e->length, 1);
  EXPECT_EQ(e->what, "unexpected ')'");
  EXPECT_EQ(e->detail, "expected a value");
  EXPECT_FALSE(GetPositionedError(absl::InternalError("x")).has_value());
}

TEST(PhaseErrorTest, EditDistanceCountsTranspositionAsOne) {
  EXPECT_EQ(EditDistance("lead_tme", "lead_time"), 1);
  EXPECT_EQ(EditDistance("lead_tmie", "lead_time"), 1);
  EXPECT_EQ(EditDistance("DEPLOYS", "deploys"), 0);
  EXPECT_EQ(EditDistance("", "abc"), 3);
}

TEST(PhaseErrorTest, SuggestsOnlyPlausibleTypos) {
  std::vector<std::string> names = {"lead_time", "deploys", "incidents"};
  EXPECT_EQ(SuggestNearest("lead_tme", names), "lead_time");
  EXPECT_EQ(SuggestNearest("deploy", names), "deploys");
  EXPECT_EQ(SuggestNearest("xyz", names), "");
}

}  // namespace
}  // namespace dora
