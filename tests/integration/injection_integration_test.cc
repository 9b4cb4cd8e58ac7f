// Hostile strings in every literal position: nothing stored changes, and the
// answer is an error or an empty result, never another statement's output.
#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::TestDatabase;

const char* const kHostile[] = {
    "x'; DROP TABLE delivery_events; --",
    "' OR '1'='1",
    "x' OR 1=1 --",
    "\\'; DELETE FROM delivery_events; --",
    "$1",
    "%s%s%n",
    "'); SELECT pg_sleep(5); --",
    "x\"; DROP TABLE delivery_events; --",
    "\xE2\x80\x94 unicode \xF0\x9F\x98\x80",
    "a\nb\tc",
    "payments' AND team IS NOT NULL AND 'a'='a",
};

std::string Quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    out.push_back(c);
    if (c == '\'') out.push_back('\'');
  }
  return out + "'";
}

class InjectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("injection");
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, team, environment, first_commit_ts, occurred_at, "
        "success, source, incident_id) VALUES "
        "('deploy','api','payments','prod', now() - interval '2 hours', now() - interval '1 hour', true, 'ci', NULL),"
        "('incident_open','api',NULL,'prod', NULL, now() - interval '30 minutes', NULL, 'pagerduty', 'i1')");
  }
  static void TearDownTestSuite() { delete db_; }

  QueryContext Ctx() {
    QueryContext c;
    c.to = absl::Now() + absl::Hours(1);
    c.from = c.to - absl::Hours(24 * 7);
    c.policy.min_sample = 1;
    return c;
  }

  void ExpectHarmless(const std::string& query, const QueryContext& ctx) {
    SCOPED_TRACE(query);
    QueryEngine engine(&db_->pool());
    auto r = engine.Run(query, ctx);
    if (r.ok()) {
      // Only a "no rows matched" answer is acceptable: zero counts, or no groups.
      for (const auto& row : r->table.rows) {
        int n = r->table.ColumnIndex("n");
        EXPECT_EQ(std::get<int64_t>(row[n]), 0);
      }
    } else {
      EXPECT_TRUE(r.status().code() == absl::StatusCode::kInvalidArgument) << r.status();
    }
    EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events"), 2);
  }

  static TestDatabase* db_;
};

TestDatabase* InjectionTest::db_ = nullptr;

TEST_F(InjectionTest, EveryValuePosition) {
  for (const char* h : kHostile) {
    const std::string v = Quote(h);
    for (const char* metric : {"deploys", "lead_time p90", "recovery_time", "incidents", "change_failure_rate"}) {
      ExpectHarmless(std::string(metric) + " by service where service = " + v, Ctx());
      ExpectHarmless(std::string(metric) + " where team in (" + v + ", 'nope')", Ctx());
      ExpectHarmless(std::string(metric) + " where environment = " + v, Ctx());
      ExpectHarmless(std::string(metric) + " where service = " + v + " every 1d", Ctx());
    }
    // Negated filters legitimately match the real row; they must still be parameters.
    QueryEngine engine(&db_->pool());
    auto r = engine.Run("deploys where service != " + v, Ctx());
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(std::get<int64_t>(r->table.rows[0][0]), 1);
    auto statement = r->statement;
    if (std::string(h).size() > 4) {
      EXPECT_EQ(statement.text.find(h), std::string::npos) << "value leaked into SQL text";
    }
  }
}

TEST_F(InjectionTest, IdentifierPositionsAreRejectedAtBind) {
  for (const char* h : kHostile) {
    std::string q = std::string(h);
    ExpectHarmless(q, Ctx());
    ExpectHarmless("deploys by " + q, Ctx());
    ExpectHarmless("lead_time " + q, Ctx());
    ExpectHarmless("deploys where " + q + " = 'x'", Ctx());
    ExpectHarmless("deploys every " + q, Ctx());
  }
}

TEST_F(InjectionTest, ContextValues) {
  for (const char* h : kHostile) {
    QueryContext c = Ctx();
    c.time_zone = h;
    ExpectHarmless("deploys every 1d", c);
    c = Ctx();
    c.policy.band_profile = h;
    ExpectHarmless("lead_time", c);
  }
}

TEST_F(InjectionTest, NulByteIsAnErrorNotATruncation) {
  QueryEngine engine(&db_->pool());
  std::string q = "deploys where service = 'api";
  q.push_back('\0');
  q += "x'";
  auto r = engine.Run(q, Ctx());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events"), 2);
}

}  // namespace
}  // namespace dora
