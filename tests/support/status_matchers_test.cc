#include "status_matchers.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dora::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(StatusMatchersTest, IsOkMatchesOkStatusesAndStatusOrs) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(3), IsOk());
  EXPECT_THAT(absl::InternalError("x"), Not(IsOk()));
  EXPECT_THAT(absl::StatusOr<int>(absl::NotFoundError("y")), Not(IsOk()));
}

TEST(StatusMatchersTest, StatusIsComparesTheCodeAndOptionallyTheMessage) {
  absl::Status bad = absl::InvalidArgumentError("parse error: unexpected 'x' at 7");
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at 7")));
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument, "parse error: unexpected 'x' at 7"));
  EXPECT_THAT(bad, Not(StatusIs(absl::StatusCode::kInternal)));
  EXPECT_THAT(bad, Not(StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at 8"))));
  EXPECT_THAT(absl::StatusOr<int>(bad), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parse")));
  EXPECT_THAT(absl::OkStatus(), StatusIs(absl::StatusCode::kOk));
}

TEST(StatusMatchersTest, IsOkAndHoldsMatchesTheValue) {
  EXPECT_THAT(absl::StatusOr<int>(7), IsOkAndHolds(7));
  EXPECT_THAT(absl::StatusOr<std::string>("lead_time"), IsOkAndHolds(HasSubstr("lead")));
  EXPECT_THAT(absl::StatusOr<int>(8), Not(IsOkAndHolds(7)));
  EXPECT_THAT(absl::StatusOr<int>(absl::UnavailableError("down")), Not(IsOkAndHolds(7)));
}

TEST(StatusMatchersTest, AFailedMatchExplainsTheStatus) {
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(IsOk(), absl::UnavailableError("database down"), &listener));
  EXPECT_THAT(listener.str(), HasSubstr("UNAVAILABLE: database down"));
}

}  // namespace
}  // namespace dora::testing
