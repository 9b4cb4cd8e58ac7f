// The production SqlExecutor on a real PostgreSQL: statement timeout,
// recovery from a killed connection, pool exhaustion, read-only queries.
#include <atomic>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "store/pg_pool.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::TestDatabase;

PgPoolOptions Options(const std::string& url) {
  PgPoolOptions o;
  o.url = url;
  o.max_connections = 1;
  o.statement_timeout = absl::Seconds(1);
  o.acquire_timeout = absl::Milliseconds(300);
  return o;
}

TEST(PgPoolTest, StatementTimeoutIsDeadlineExceeded) {
  TestDatabase db("pool_timeout");
  PgPool pool(Options(db.url()));
  auto r = pool.Query(SqlStatement{"SELECT pg_sleep(3)", {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_TRUE(pool.Query(SqlStatement{"SELECT 1", {}}).ok());  // the connection is still usable
}

// A statement's planner settings hold for it alone: the pool's one connection
// is back to the server's setting for the next statement.
TEST(PgPoolTest, LocalSettingsHoldForTheirStatementOnly) {
  TestDatabase db("pool_settings");
  PgPool pool(Options(db.url()));
  SqlStatement with{"SELECT current_setting('enable_seqscan')", {}, {"enable_seqscan = off"}};
  auto r = pool.Query(with);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rows.at(0).at(0), "off");
  auto after = pool.Query(SqlStatement{"SELECT current_setting('enable_seqscan')", {}});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->rows.at(0).at(0), "on");
}

// Every session runs with the settings pg_session.h promises.
TEST(PgPoolTest, SessionsRunWithTheProjectSettings) {
  TestDatabase db("pool_session");
  PgPool pool(Options(db.url()));
  auto r = pool.Query(SqlStatement{
      "SELECT current_setting('TimeZone'), current_setting('jit'), current_setting('parallel_setup_cost')", {}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rows.at(0).at(0), "UTC");
  EXPECT_EQ(r->rows.at(0).at(1), "off");
  EXPECT_EQ(r->rows.at(0).at(2), "10000");
}

// The caller's deadline caps the statement: it stops at the deadline, not at
// the pool's longer statement timeout.
TEST(PgPoolTest, CallerDeadlineStopsTheStatement) {
  TestDatabase db("pool_deadline");
  PgPoolOptions o = Options(db.url());
  o.statement_timeout = absl::Seconds(30);
  PgPool pool(o);
  Interrupt interrupt;
  interrupt.deadline = absl::Now() + absl::Milliseconds(300);
  const absl::Time start = absl::Now();
  auto r = pool.Query(SqlStatement{"SELECT pg_sleep(20)", {}}, interrupt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_NE(r.status().message().find("deadline"), std::string::npos) << r.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));  // a sanity bound, far from the 20 s statement
  EXPECT_TRUE(pool.Query(SqlStatement{"SELECT 1", {}}).ok());
}

// A cancelled caller cancels the statement on the server: the backend is
// idle again right away.
TEST(PgPoolTest, CallerCancellationCancelsTheStatementOnTheServer) {
  TestDatabase db("pool_cancel");
  PgPoolOptions o = Options(db.url());
  o.max_connections = 2;
  o.statement_timeout = absl::Seconds(30);
  PgPool pool(o);
  std::atomic<bool> gone{false};
  Interrupt interrupt;
  interrupt.cancelled = [&gone] { return gone.load(); };
  std::thread caller_leaves([&gone] {
    absl::SleepFor(absl::Milliseconds(300));
    gone = true;
  });
  auto r = pool.Query(SqlStatement{"SELECT pg_sleep(20) AS marker_for_cancel_test", {}}, interrupt);
  caller_leaves.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kCancelled) << r.status();
  auto active = pool.Query(SqlStatement{
      "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%marker_for_cancel_test%' "
      "AND pid <> pg_backend_pid()",
      {}});
  ASSERT_TRUE(active.ok()) << active.status();
  EXPECT_EQ(active->rows[0][0], "0");
  // A caller that already gave up does not reach the database at all.
  EXPECT_EQ(pool.Query(SqlStatement{"SELECT 1", {}}, interrupt).status().code(), absl::StatusCode::kCancelled);
}

TEST(PgPoolTest, RecoversFromAKilledConnection) {
  TestDatabase db("pool_killed");
  PgPool pool(Options(db.url()));
  ASSERT_TRUE(pool.Query(SqlStatement{"SELECT 1", {}}).ok());
  db.Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dora' AND pid <> "
      "pg_backend_pid()");
  auto r = pool.Query(SqlStatement{"SELECT 2", {}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r->rows[0][0], "2");
}

TEST(PgPoolTest, ExhaustedPoolIsResourceExhausted) {
  TestDatabase db("pool_busy");
  PgPool pool(Options(db.url()));
  absl::Notification holding, release;
  std::thread holder([&] {
    (void)pool.WithConnection([&](PgSession&) {
      holding.Notify();
      release.WaitForNotification();
      return absl::OkStatus();
    });
  });
  holding.WaitForNotification();
  auto r = pool.Query(SqlStatement{"SELECT 1", {}});
  release.Notify();
  holder.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();
  EXPECT_EQ(pool.GetUsage().in_use, 0);
}

TEST(PgPoolTest, QueriesAreReadOnly) {
  TestDatabase db("pool_readonly");
  PgPool pool(Options(db.url()));
  auto r =
      pool.Query(SqlStatement{"INSERT INTO delivery_events (event_type, service, occurred_at, source) "
                              "VALUES ('deploy', 'x', now(), 'ci')",
                              {}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("read-only"), std::string::npos) << r.status();
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events"), 0);
}

TEST(PgPoolTest, ParametersAreNeverSql) {
  TestDatabase db("pool_params");
  PgPool pool(Options(db.url()));
  auto r = pool.Query(SqlStatement{"SELECT $1::text", {"'; DROP TABLE delivery_events; --"}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r->rows[0][0], "'; DROP TABLE delivery_events; --");
  EXPECT_EQ(db.Count("SELECT count(*) FROM pg_tables WHERE tablename = 'delivery_events'"), 1);
}

}  // namespace
}  // namespace dora
