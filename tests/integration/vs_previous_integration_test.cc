// `vs previous` on a real PostgreSQL, against expectations computed by hand:
// a count, a rate and a percentile over the range [Mar 10, Mar 20) and its
// previous period [Feb 28, Mar 10) (ten days each, UTC), with groups present
// in one period only, a group of the previous period the filter excludes,
// and events exactly at the edges (at `from`: the range's; at the previous
// period's start: the previous period's; at `to`: neither).
#include <optional>
#include <string>

#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

constexpr double kHour = 3600;

class VsPreviousTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("vs_previous");
    // service, team, environment, deployed at, lead time in hours, success.
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, team, environment, first_commit_ts, occurred_at, "
        "success, source, dedupe_key) SELECT 'deploy', d.service, d.team, d.env, d.ts - d.lead_h * interval "
        "'1 hour', d.ts, d.ok, 'ci', d.service || d.ts FROM (VALUES "
        // api (team a): range 4 successful, the first exactly at `from`; previous 3 successful (the first
        // exactly at its start, the last a second before `from`) and 1 failed; one at `to`, in neither.
        "('api', 'a', 'prod', '2026-03-10T00:00:00Z'::timestamptz, 2, true),"
        "('api', 'a', 'prod', '2026-03-12T00:00:00Z', 4, true),"
        "('api', 'a', 'prod', '2026-03-15T00:00:00Z', 6, true),"
        "('api', 'a', 'prod', '2026-03-18T00:00:00Z', 8, true),"
        "('api', 'a', 'prod', '2026-03-20T00:00:00Z', 100, true),"
        "('api', 'a', 'prod', '2026-02-28T00:00:00Z', 7, true),"
        "('api', 'a', 'prod', '2026-03-01T00:00:00Z', 1, true),"
        "('api', 'a', 'prod', '2026-03-06T00:00:00Z', 1, false),"
        "('api', 'a', 'prod', '2026-03-09T23:59:59Z', 5, true),"
        // old (team a): previous period only, 3 successful and 1 failed; one just before it.
        "('old', 'a', 'prod', '2026-02-27T23:59:59Z', 50, true),"
        "('old', 'a', 'prod', '2026-03-02T00:00:00Z', 10, true),"
        "('old', 'a', 'prod', '2026-03-03T00:00:00Z', 10, true),"
        "('old', 'a', 'prod', '2026-03-04T00:00:00Z', 10, true),"
        "('old', 'a', 'prod', '2026-03-04T12:00:00Z', 10, false),"
        // web (team b): range only, 2 successful and 1 failed.
        "('web', 'b', 'prod', '2026-03-11T00:00:00Z', 1, true),"
        "('web', 'b', 'prod', '2026-03-13T00:00:00Z', 1, true),"
        "('web', 'b', 'prod', '2026-03-14T00:00:00Z', 1, false),"
        // z (team c): previous period only; staging: not production.
        "('z', 'c', 'prod', '2026-03-05T00:00:00Z', 3, true),"
        "('api', 'a', 'staging', '2026-03-05T00:00:00Z', 3, true)"
        ") AS d(service, team, env, ts, lead_h, ok)");
  }
  static void TearDownTestSuite() { delete db_; }

  static QueryContext Ctx() {
    QueryContext c;
    c.from = T("2026-03-10T00:00:00Z");
    c.to = T("2026-03-20T00:00:00Z");
    c.policy.min_sample = 3;
    return c;
  }

  static QueryResult Run(const std::string& q) {
    QueryEngine engine(&db_->pool());
    auto r = engine.Run(q, Ctx());
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    return r.ok() ? *r : QueryResult{};
  }

  // A numeric cell as a double; nullopt for NULL.
  static std::optional<double> Num(const QueryResult& r, size_t row, const std::string& column) {
    const int c = r.table.ColumnIndex(column);
    EXPECT_GE(c, 0) << column;
    if (c < 0 || row >= r.table.rows.size()) return std::nullopt;
    return NumericCell(r.table.rows[row][c]);
  }
  static std::string Str(const QueryResult& r, size_t row, const std::string& column) {
    const Cell& v = r.table.rows[row][r.table.ColumnIndex(column)];
    return IsNull(v) ? "<null>" : std::get<std::string>(v);
  }

  static TestDatabase* db_;
};

TestDatabase* VsPreviousTest::db_ = nullptr;

TEST_F(VsPreviousTest, CountsEveryGroupOfEitherPeriodWithZeroForTheMissingSide) {
  QueryResult r = Run("deploys by service vs previous");
  ASSERT_EQ(r.table.rows.size(), 4u);  // api, old, web, z
  EXPECT_EQ(Str(r, 0, "service"), "api");
  EXPECT_EQ(Num(r, 0, "value"), 4);     // Mar 10 00:00 (at from) .. Mar 18; not Mar 20 (at to)
  EXPECT_EQ(Num(r, 0, "previous"), 3);  // Feb 28 00:00, Mar 1, Mar 9 23:59:59; not the failed one
  EXPECT_EQ(Num(r, 0, "previous_n"), 3);
  EXPECT_NEAR(*Num(r, 0, "change_pct"), 100.0 / 3, 1e-9);
  EXPECT_EQ(Str(r, 1, "service"), "old");
  EXPECT_EQ(Num(r, 1, "value"), 0);
  EXPECT_EQ(Num(r, 1, "n"), 0);
  EXPECT_EQ(Num(r, 1, "previous"), 3);  // not Feb 27 23:59:59
  EXPECT_EQ(Num(r, 1, "change_pct"), -100);
  EXPECT_EQ(Str(r, 2, "service"), "web");
  EXPECT_EQ(Num(r, 2, "value"), 2);
  EXPECT_EQ(Num(r, 2, "previous"), 0);
  EXPECT_EQ(Num(r, 2, "change_pct"), std::nullopt);  // from 0: no relative change
  EXPECT_EQ(Str(r, 3, "service"), "z");
  EXPECT_EQ(Num(r, 3, "previous"), 1);

  QueryResult freq = Run("deploy_frequency vs previous");
  ASSERT_EQ(freq.table.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(*Num(freq, 0, "value"), 6.0 / 10);
  EXPECT_DOUBLE_EQ(*Num(freq, 0, "previous"), 7.0 / 10);  // api 3, old 3, z 1
  EXPECT_NEAR(*Num(freq, 0, "change_pct"), (0.6 - 0.7) / 0.7 * 100, 1e-9);
}

TEST_F(VsPreviousTest, RatesHaveTheirOwnMinimumSampleAndNullForAMissingSide) {
  QueryResult all = Run("change_failure_rate vs previous");
  ASSERT_EQ(all.table.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(*Num(all, 0, "value"), 1.0 / 7);     // web's failure among 7
  EXPECT_DOUBLE_EQ(*Num(all, 0, "previous"), 2.0 / 9);  // api's and old's among 9 (z included)
  EXPECT_NEAR(*Num(all, 0, "change_pct"), (1.0 / 7 - 2.0 / 9) / (2.0 / 9) * 100, 1e-9);

  QueryResult r = Run("change_failure_rate by service vs previous");
  ASSERT_EQ(r.table.rows.size(), 4u);
  EXPECT_EQ(Num(r, 0, "value"), 0);  // api: 0 of 4
  EXPECT_DOUBLE_EQ(*Num(r, 0, "previous"), 0.25);
  EXPECT_EQ(Num(r, 0, "change_pct"), -100);
  EXPECT_EQ(Str(r, 0, "band"), "Elite");        // the band is the range's value
  EXPECT_EQ(Num(r, 1, "value"), std::nullopt);  // old: no deploy in the range
  EXPECT_EQ(Num(r, 1, "n"), 0);
  EXPECT_DOUBLE_EQ(*Num(r, 1, "previous"), 0.25);
  EXPECT_EQ(Num(r, 1, "change_pct"), std::nullopt);
  EXPECT_DOUBLE_EQ(*Num(r, 2, "value"), 1.0 / 3);  // web
  EXPECT_EQ(Num(r, 2, "previous"), std::nullopt);
  EXPECT_EQ(Num(r, 2, "previous_n"), 0);
  EXPECT_EQ(Num(r, 3, "previous"), std::nullopt);  // z: 1 deploy < minimum sample 3
  EXPECT_EQ(Num(r, 3, "previous_n"), 1);
}

TEST_F(VsPreviousTest, PercentilesPerTeamKeepTheFilterForThePreviousPeriod) {
  QueryResult r = Run("lead_time p50 by team where team in ('a','b') vs previous");
  ASSERT_EQ(r.table.rows.size(), 2u);  // team c's previous deploys do not match the filter
  EXPECT_EQ(Str(r, 0, "team"), "a");
  EXPECT_DOUBLE_EQ(*Num(r, 0, "value"), 5 * kHour);  // 2, 4, 6, 8 hours
  EXPECT_EQ(Num(r, 0, "n"), 4);
  EXPECT_DOUBLE_EQ(*Num(r, 0, "previous"), 8.5 * kHour);  // 1, 5, 7, 10, 10, 10 hours
  EXPECT_EQ(Num(r, 0, "previous_n"), 6);
  EXPECT_NEAR(*Num(r, 0, "change_pct"), (5 - 8.5) / 8.5 * 100, 1e-9);
  EXPECT_EQ(Str(r, 1, "team"), "b");
  EXPECT_EQ(Num(r, 1, "value"), std::nullopt);  // 2 < minimum sample 3
  EXPECT_EQ(Num(r, 1, "n"), 2);
  EXPECT_EQ(Num(r, 1, "previous"), std::nullopt);
  EXPECT_EQ(Num(r, 1, "previous_n"), 0);
  EXPECT_EQ(Str(r, 1, "note"), "insufficient sample: n=2 < 3");
  bool previous_notice = false;
  for (const Notice& n : r.notices) previous_notice |= n.text.find("in the previous period") != std::string::npos;
  EXPECT_TRUE(previous_notice);
}

}  // namespace
}  // namespace dora
