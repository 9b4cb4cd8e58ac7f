// Least privilege on a real PostgreSQL: `dora migrate --create-roles` makes
// an ingest role that `dora serve` works with and that can do nothing else,
// and a reader role that can only read.
#include <signal.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "dora_cli.h"
#include "gtest/gtest.h"
#include "http/raw_client.h"
#include "serve_process.h"
#include "store/pg_session.h"
#include "store/roles.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::RunDora;
using testing::ServeProcess;
using testing::TestDatabase;

class RolesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>("roles");
    ingest_ = absl::StrCat("dora_ingest_t", getpid());
    reader_ = absl::StrCat("dora_reader_t", getpid());
    auto r = RunDora(DORA_BINARY, db_->url(),
                     {"migrate", "--create-roles", "--ingest-role", ingest_, "--reader-role", reader_},
                     {{"DORA_INGEST_PASSWORD", "ingest-pw"}, {"DORA_READER_PASSWORD", "reader-pw"}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("have exactly their privileges"), std::string::npos) << r.out;
  }
  void TearDown() override {
    db_.reset();  // drops the database and the grants in it
    std::unique_ptr<PgSession> admin = testing::OpenHelperSession(testing::TestClusterUrl());
    testing::MustExec(*admin, absl::StrCat("DROP ROLE IF EXISTS ", ingest_));
    testing::MustExec(*admin, absl::StrCat("DROP ROLE IF EXISTS ", reader_));
  }
  std::string UrlAs(const std::string& role, const std::string& password) {
    return absl::StrReplaceAll(db_->url(), {{"postgres@", absl::StrCat(role, ":", password, "@")}});
  }
  // How a statement fails as `url`'s role: "42501" for a missing privilege
  // (PermissionDenied, or the server's fixed wording when the SQLSTATE was
  // lost), the error text otherwise, "" when it succeeds. A session that
  // cannot connect aborts the test binary; one that breaks (Unavailable) is
  // a test failure, not a refusal.
  static std::string Refusal(const std::string& url, const std::string& sql) {
    absl::StatusOr<SqlResult> r = testing::OpenHelperSession(url)->Exec("running as the role", sql);
    if (r.ok()) return "";
    const std::string what(r.status().message());
    if (r.status().code() == absl::StatusCode::kPermissionDenied ||
        what.find("permission denied") != std::string::npos || what.find("must be owner") != std::string::npos) {
      return "42501";
    }
    if (r.status().code() == absl::StatusCode::kUnavailable) ADD_FAILURE() << "the session broke: " << r.status();
    return what;
  }

  std::unique_ptr<TestDatabase> db_;
  std::string ingest_, reader_;
};

TEST_F(RolesTest, IngestRoleServesAndCanDoNothingElse) {
  const std::string url = UrlAs(ingest_, "ingest-pw");
  ServeProcess server(DORA_BINARY, {{"DATABASE_URL", url}, {"METRICS_TOKEN", "t"}},
                      {"--listen", "127.0.0.1:0", "--spool-dir", absl::StrCat("/tmp/dora_roles_spool_", getpid())});
  auto post = [&](const std::string& body) {
    return testing::RoundTrip(server.port(),
                              absl::StrCat("POST /events/deploy HTTP/1.1\r\nContent-Type: application/json\r\n"
                                           "Authorization: Bearer t\r\nContent-Length: ",
                                           body.size(), "\r\n\r\n", body),
                              absl::Seconds(5));
  };
  // A deploy whose first commit arrives later exercises the one UPDATE dora serve makes.
  auto r = post(
      R"({"service":"api","environment":"prod","commit_sha":"c1","occurred_at":"2026-11-30T10:00:00Z","success":true})");
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("stored"), std::string::npos) << r.body;
  // One that knows its first commit is a lead time at once.
  r = post(R"({"service":"api","environment":"prod","commit_sha":"c2","occurred_at":"2026-11-30T12:00:00Z",)"
           R"("first_commit_ts":"2026-11-30T11:00:00Z","success":true})");
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(testing::RoundTrip(server.port(), "GET /readyz HTTP/1.1\r\n\r\n", absl::Seconds(5)).status, 200);
  EXPECT_EQ(server.StopWith(SIGTERM), 0);
  std::system(absl::StrCat("rm -rf /tmp/dora_roles_spool_", getpid()).c_str());
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events WHERE service = 'api'"), 2);
  // The deploys' day was counted, and the lead time kept, by the tables'
  // triggers, which run as their owner.
  EXPECT_EQ(db_->Count("SELECT sum(deploys) FROM deploy_day_counts WHERE service = 'api' AND day = '2026-11-30'"), 2);
  EXPECT_EQ(db_->Count("SELECT samples FROM lead_time_days WHERE service = 'api' AND day = '2026-11-30'"), 1);
  EXPECT_EQ(db_->Count("SELECT sum(events) FROM event_day_counts WHERE service = 'api' AND day = '2026-11-30'"), 2);

  EXPECT_EQ(Refusal(url, "SELECT count(*) FROM delivery_events"), "");
  for (const char* forbidden :
       {"DELETE FROM delivery_events", "TRUNCATE delivery_events", "UPDATE delivery_events SET service = 'x'",
        "DROP TABLE delivery_events", "ALTER TABLE delivery_events ADD COLUMN x int", "CREATE TABLE t (x int)",
        "DELETE FROM dora_schema_migrations", "SELECT count(*) FROM deploy_day_counts",
        "UPDATE deploy_day_counts SET deploys = 9", "DELETE FROM deploy_day_counts",
        "SELECT count(*) FROM incident_firsts", "DELETE FROM incident_firsts", "SELECT count(*) FROM lead_time_days",
        "DELETE FROM lead_time_days", "SELECT count(*) FROM event_day_counts", "DELETE FROM event_day_counts"}) {
    EXPECT_EQ(Refusal(url, forbidden), "42501") << forbidden;
  }
  auto writes = RoleCanWriteEvents(*testing::OpenSession(url));
  ASSERT_TRUE(writes.ok());
  EXPECT_TRUE(*writes);
}

TEST_F(RolesTest, ReaderRoleOnlyReads) {
  const std::string url = UrlAs(reader_, "reader-pw");
  EXPECT_EQ(Refusal(url, "SELECT count(*) FROM delivery_events"), "");
  EXPECT_EQ(Refusal(url, "SELECT max(version) FROM dora_schema_migrations"), "");
  EXPECT_EQ(Refusal(url, "SELECT count(*) FROM deploy_day_counts"), "");
  EXPECT_NE(Refusal(url, "DELETE FROM deploy_day_counts"), "");
  EXPECT_EQ(Refusal(url, "SELECT count(*) FROM incident_firsts"), "");
  EXPECT_EQ(Refusal(url, "SELECT count(*) FROM lead_time_days"), "");
  EXPECT_NE(Refusal(url, "DELETE FROM lead_time_days"), "");
  EXPECT_EQ(Refusal(url, "SELECT count(*) FROM event_day_counts"), "");
  EXPECT_NE(Refusal(url, "DELETE FROM event_day_counts"), "");
  EXPECT_NE(Refusal(url,
                    "INSERT INTO delivery_events (event_type, service, occurred_at, source) "
                    "VALUES ('deploy', 'x', now(), 'ci')"),
            "");
  EXPECT_NE(Refusal(url, "DELETE FROM delivery_events"), "");
  auto writes = RoleCanWriteEvents(*testing::OpenSession(url));
  ASSERT_TRUE(writes.ok());
  EXPECT_FALSE(*writes);
  EXPECT_TRUE(*RoleCanWriteEvents(*testing::OpenSession(db_->url())));
}

TEST_F(RolesTest, ApplyingAgainTakesBackExtraPrivileges) {
  db_->Exec(absl::StrCat("GRANT DELETE ON delivery_events TO ", ingest_));
  auto again = RunDora(DORA_BINARY, db_->url(),
                       {"migrate", "--create-roles", "--ingest-role", ingest_, "--reader-role", reader_});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("set DORA_INGEST_PASSWORD"), std::string::npos) << again.out;    // none given this time
  EXPECT_EQ(Refusal(UrlAs(ingest_, "ingest-pw"), "DELETE FROM delivery_events"), "42501");  // password kept
}

TEST(RolesCliTest, PrintedSqlAndBadNames) {
  auto printed = RunDora(DORA_BINARY, "", {"migrate", "--print-roles"});
  EXPECT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_NE(printed.out.find("GRANT UPDATE (first_commit_ts) ON delivery_events TO dora_ingest"), std::string::npos);
  auto bad = RunDora(DORA_BINARY, "", {"migrate", "--print-roles", "--reader-role", "Robert'); DROP"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("must be lowercase letters"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace dora
