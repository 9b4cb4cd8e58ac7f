// GoogleMock matchers for absl::Status and absl::StatusOr<T>, for tests only.
//
//   EXPECT_THAT(ParseThing("x"), IsOk());
//   EXPECT_THAT(ParseThing("?"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at 1")));
//   EXPECT_THAT(ParseNumber("7"), IsOkAndHolds(7));
//
// A failing match prints the status (code and message), so no `<< status`
// is needed at the call site.
#ifndef DORA_TESTS_SUPPORT_STATUS_MATCHERS_H_
#define DORA_TESTS_SUPPORT_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace dora::testing {

inline const absl::Status& StatusOf(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// Matches an OK absl::Status or StatusOr.
MATCHER(IsOk, "is OK") {
  const absl::Status& status = ::dora::testing::StatusOf(arg);
  if (!status.ok()) *result_listener << "which is " << status;
  return status.ok();
}

// Matches a Status or StatusOr whose code is `code` and, in the two-argument
// form, whose message matches `message_matcher` (a string or a matcher).
MATCHER_P(StatusIs, code,
          std::string(negation ? "has a code other than " : "has code ") + absl::StatusCodeToString(code)) {
  const absl::Status& status = ::dora::testing::StatusOf(arg);
  *result_listener << "which is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           std::string(negation ? "does not have code " : "has code ") + absl::StatusCodeToString(code) +
               " and a message that " + ::testing::DescribeMatcher<std::string>(message_matcher, negation)) {
  const absl::Status& status = ::dora::testing::StatusOf(arg);
  *result_listener << "which is " << status;
  return status.code() == code && ::testing::Matches(::testing::SafeMatcherCast<const std::string&>(message_matcher))(
                                      std::string(status.message()));
}

// Matches an OK StatusOr whose value matches `value_matcher`.
MATCHER_P(IsOkAndHolds, value_matcher,
          negation ? "is not OK or holds a value that does not match" : "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "which is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_STATUS_MATCHERS_H_
