#include "handler_guard.h"

#include <stdexcept>

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(HandlerGuardTest, PassesStatusesThrough) {
  EXPECT_TRUE(GuardedHandler("QueryData", [] { return grpc::Status::OK; }).ok());
  grpc::Status s = GuardedHandler("QueryData", [] { return grpc::Status(grpc::StatusCode::UNAVAILABLE, "x"); });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST(HandlerGuardTest, ExceptionsBecomeInternal) {
  grpc::Status s = GuardedHandler("QueryData", []() -> grpc::Status { throw std::runtime_error("type_error.302"); });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(s.error_message(), "QueryData: unexpected failure in the plugin: type_error.302");
  grpc::Status t = GuardedHandler("CallResource", []() -> grpc::Status { throw 42; });
  EXPECT_EQ(t.error_code(), grpc::StatusCode::INTERNAL);
}

}  // namespace
}  // namespace dora
