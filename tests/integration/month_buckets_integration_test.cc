// `every 1mo` on a real PostgreSQL: the SQL bins each deploy into the same
// local calendar month MakeBuckets labels, at the month edges and across a
// daylight-saving change in a non-UTC zone, and per-day rates divide by the
// clipped bucket's calendar days.
#include <map>

#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

class MonthBucketsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("months");
    // Deploys of service m, each one hour after its first commit. In Berlin:
    // Feb 28 23:59:59 CET | Mar 1 00:00 CET | Mar 29 03:30 CEST (clocks went
    // forward at 02:00) | Mar 31 23:59:59 CEST | Apr 1 00:00 CEST.
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, environment, first_commit_ts, occurred_at, success, "
        "source, dedupe_key) SELECT 'deploy', 'm', 'prod', ts - interval '1 hour', ts, true, 'ci', 'm' || ts "
        "FROM unnest(ARRAY['2026-02-28T22:59:59Z', '2026-02-28T23:00:00Z', '2026-03-29T01:30:00Z', "
        "'2026-03-31T21:59:59Z', '2026-03-31T22:00:00Z']::timestamptz[]) AS ts");
  }
  static void TearDownTestSuite() { delete db_; }

  // Berlin's Feb 15 00:00 to May 1 00:00.
  static QueryContext Ctx(const std::string& zone) {
    QueryContext c;
    c.from = T("2026-02-14T23:00:00Z");
    c.to = T("2026-04-30T22:00:00Z");
    c.time_zone = zone;
    c.policy.min_sample = 1;
    return c;
  }

  // value and n by bucket start (epoch seconds).
  static std::map<int64_t, std::pair<double, int64_t>> Series(const std::string& q, const std::string& zone) {
    QueryEngine engine(&db_->pool());
    auto r = engine.Run(q, Ctx(zone));
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    std::map<int64_t, std::pair<double, int64_t>> out;
    if (!r.ok()) return out;
    const ResultTable& t = r->table;
    for (const auto& row : t.rows) {
      const Cell& v = row[t.ColumnIndex("value")];
      const double value = NumericCell(v).value_or(-1);
      out[absl::ToUnixSeconds(std::get<absl::Time>(row[t.ColumnIndex("time")]))] = {
          value, std::get<int64_t>(row[t.ColumnIndex("n")])};
    }
    return out;
  }

  static TestDatabase* db_;
};

TestDatabase* MonthBucketsTest::db_ = nullptr;

TEST_F(MonthBucketsTest, BerlinMonthsCountTheirOwnEdges) {
  auto s = Series("deploys every 1mo", "Europe/Berlin");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[absl::ToUnixSeconds(T("2026-01-31T23:00:00Z"))].first, 1);  // February: its last second
  EXPECT_EQ(s[absl::ToUnixSeconds(T("2026-02-28T23:00:00Z"))].first,
            3);  // March: first instant, the DST day, last second
  EXPECT_EQ(s[absl::ToUnixSeconds(T("2026-03-31T22:00:00Z"))].first, 1);  // April: its first instant
  auto freq = Series("deploy_frequency every 1mo", "Europe/Berlin");
  EXPECT_DOUBLE_EQ(freq[absl::ToUnixSeconds(T("2026-01-31T23:00:00Z"))].first,
                   1.0 / 14);  // Feb 15..28 inside the range
  EXPECT_DOUBLE_EQ(freq[absl::ToUnixSeconds(T("2026-02-28T23:00:00Z"))].first, 3.0 / 31);  // the 23-hour day counts 1
  EXPECT_DOUBLE_EQ(freq[absl::ToUnixSeconds(T("2026-03-31T22:00:00Z"))].first, 1.0 / 30);
  auto lt = Series("lead_time p50 every 1mo", "Europe/Berlin");
  EXPECT_EQ(lt[absl::ToUnixSeconds(T("2026-02-28T23:00:00Z"))].second, 3);
  EXPECT_DOUBLE_EQ(lt[absl::ToUnixSeconds(T("2026-02-28T23:00:00Z"))].first, 3600);
}

TEST_F(MonthBucketsTest, TheSameDeploysInUtcMonths) {
  auto s = Series("deploys every 1mo", "UTC");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[absl::ToUnixSeconds(T("2026-02-01T00:00:00Z"))].first, 2);
  EXPECT_EQ(s[absl::ToUnixSeconds(T("2026-03-01T00:00:00Z"))].first, 3);
  EXPECT_EQ(s[absl::ToUnixSeconds(T("2026-04-01T00:00:00Z"))].first, 0);
}

TEST_F(MonthBucketsTest, QuartersHoldThreeMonths) {
  auto s = Series("deploys every 3mo", "Europe/Berlin");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[absl::ToUnixSeconds(T("2025-12-31T23:00:00Z"))].first, 4);  // Jan..Mar
  EXPECT_EQ(s[absl::ToUnixSeconds(T("2026-03-31T22:00:00Z"))].first, 1);  // Apr..Jun
}

}  // namespace
}  // namespace dora
