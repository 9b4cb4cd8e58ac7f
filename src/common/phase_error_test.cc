#include "common/phase_error.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(PhaseErrorTest, MessageNamesPhasePositionAndSuggestion) {
  absl::Status s = MakePositionedError({Phase::kBind, 1, 8, "unknown metric 'lead_tme'", "", "lead_time"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "bind error: unknown metric 'lead_tme' at 1 \xE2\x80\x94 did you mean 'lead_time'?");
}

TEST(PhaseErrorTest, PayloadRoundTrips) {
  absl::Status s = MakePositionedError({Phase::kParse, 14, 1, "unexpected ')'", "expected a value", ""});
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

namespace dora {
namespace {

// One prefix per phase, added where the error is made and never again when
// the error is passed on (QueryData used to say "encode error: encode error:").
TEST(PhaseErrorTest, ThePrefixIsAddedExactlyOnce) {
  absl::Status made = PhaseError(Phase::kEncode, absl::StatusCode::kInvalidArgument, "field 'x' holds nulls");
  EXPECT_EQ(made.message(), "encode error: field 'x' holds nulls");
  absl::Status passed_on = PhaseError(Phase::kEncode, absl::StatusCode::kInternal, made.message());
  EXPECT_EQ(passed_on.message(), "encode error: field 'x' holds nulls");
  EXPECT_EQ(passed_on.code(), absl::StatusCode::kInternal);
  absl::Status recoded = WithCode(made, absl::StatusCode::kInternal);
  EXPECT_EQ(recoded.message(), made.message());
  EXPECT_EQ(recoded.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(PhaseError(Phase::kQuery, absl::StatusCode::kCancelled, "gone").message(), "query error: gone");
  EXPECT_EQ(PhaseError(Phase::kPlugin, absl::StatusCode::kInternal, "boom").message(), "plugin error: boom");
  EXPECT_EQ(PhaseError(Phase::kEngine, absl::StatusCode::kInternal, "x").message(), "engine error: x");
  EXPECT_EQ(PhaseError(Phase::kSpool, absl::StatusCode::kDataLoss, "x").message(), "spool error: x");
  EXPECT_EQ(PhaseError(Phase::kMigrate, absl::StatusCode::kFailedPrecondition, "x").message(), "migrate error: x");
}

}  // namespace
}  // namespace dora
