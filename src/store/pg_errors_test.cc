#include "store/pg_errors.h"

#include <pqxx/pqxx>

#include "gtest/gtest.h"

namespace dora {
namespace {

absl::StatusCode CodeFor(const char* sqlstate) {
  return StatusFromPgException(pqxx::sql_error("boom", "SELECT 1", sqlstate), "running query").code();
}

TEST(PgErrorsTest, MapsSqlStates) {
  EXPECT_EQ(CodeFor("57014"), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(CodeFor("28P01"), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(CodeFor("42501"), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeFor("42P01"), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CodeFor("22021"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeFor("23505"), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(CodeFor("57P01"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeFor("42601"), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeFor("23514"), absl::StatusCode::kInvalidArgument);  // a CHECK the data breaks
}

// A failed PREPARE reaches us without its SQLSTATE; the server's wording
// still classifies it (seen with a role lacking INSERT).
TEST(PgErrorsTest, MissingSqlStateFallsBackToTheServersWording) {
  auto code = [](const char* what) { return StatusFromPgException(pqxx::sql_error(what, "", ""), "q").code(); };
  EXPECT_EQ(code("ERROR:  permission denied for table delivery_events"), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(code("ERROR:  relation \"delivery_events\" does not exist"), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(code("ERROR:  column \"environment_raw\" does not exist"), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(code("ERROR:  something else"), absl::StatusCode::kInternal);
}

TEST(PgErrorsTest, ConnectionFailuresAreUnavailableAndNamed) {
  absl::Status s = StatusFromPgException(pqxx::broken_connection("could not connect to server"), "connecting");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "database error: connecting: could not connect to server");
  EXPECT_EQ(
      StatusFromPgException(pqxx::broken_connection("FATAL:  password authentication failed for user"), "connecting")
          .code(),
      absl::StatusCode::kUnauthenticated);
  EXPECT_NE(StatusFromPgException(pqxx::sql_error("relation does not exist", "", "42P01"), "q")
                .message()
                .find("run `dora migrate`"),
            std::string::npos);
}

}  // namespace
}  // namespace dora
