// dora_score on a real PostgreSQL: a small event set whose five component
// values, answers and scores are worked out by hand below, the same values
// as the component metrics' own queries, a group scored from one metric with
// its note, and the alerting frame of dimensions and value only.
#include <map>

#include "engine/query_engine.h"
#include "forms/registry.h"
#include "gtest/gtest.h"
#include "metrics/dora_score.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

class DoraScoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("dora_score");
    // Service a (team t1): eight successful deploys on Jan 2..9 at 12:00, each
    // two hours after its first commit, the last a hotfix; two failed deploys
    // on Jan 10 and 11; three incidents opened an hour after the deploys of
    // Jan 2..4, each resolved after 30 minutes.
    // Service b (team t2): two successful deploys, ten days after their
    // first commits.
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, team, environment, first_commit_ts, occurred_at, "
        "success, hotfix, source, dedupe_key) "
        "SELECT 'deploy', 'a', 't1', 'prod', ts - interval '2 hours', ts, d <= 8, d = 8, 'ci', 'a' || d "
        "FROM generate_series(1, 10) AS d, LATERAL (SELECT timestamptz '2026-01-01 12:00Z' + d * interval '1 day') "
        "AS x(ts)");
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, team, environment, incident_id, occurred_at, source, "
        "dedupe_key) "
        "SELECT kind, 'a', NULL, 'prod', 'i' || d, timestamptz '2026-01-01 13:00Z' + d * interval '1 day' + "
        "CASE WHEN kind = 'incident_resolved' THEN interval '30 minutes' ELSE interval '0' END, 'pagerduty', "
        "kind || d FROM generate_series(1, 3) AS d, unnest(ARRAY['incident_open', 'incident_resolved']) AS kind");
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, team, environment, first_commit_ts, occurred_at, "
        "success, source, dedupe_key) VALUES "
        "('deploy', 'b', 't2', 'prod', '2025-12-26 09:00Z', '2026-01-05 09:00Z', true, 'ci', 'b1'), "
        "('deploy', 'b', 't2', 'prod', '2026-01-10 09:00Z', '2026-01-20 09:00Z', true, 'ci', 'b2')");
  }
  static void TearDownTestSuite() { delete db_; }

  // Thirty calendar days: deploy frequency divides by 30.
  static QueryContext Ctx() {
    QueryContext c;
    c.from = T("2026-01-01T00:00:00Z");
    c.to = T("2026-01-31T00:00:00Z");
    c.policy.min_sample = 3;
    return c;
  }

  static QueryResult Run(const std::string& q) {
    QueryEngine engine(&db_->pool());
    auto r = engine.Run(q, Ctx());
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    return r.ok() ? *r : QueryResult();
  }

  // Column `name` of row `row`; nullopt when NULL.
  static std::optional<double> Num(const QueryResult& r, size_t row, const std::string& name) {
    return NumericCell(r.table.rows.at(row).at(r.table.ColumnIndex(name)));
  }

  static TestDatabase* db_;
};

TestDatabase* DoraScoreTest::db_ = nullptr;

// Service a: lead time p50 2 h (answer 5: 8); 8 deploys / 30 days = 0.27 a
// day (answer 4: 6); recovery p50 30 min (answer 6: 10); change failure rate
// 2/10 (8); rework 1/10 (9). Throughput (8 + 6 + 10) / 3 = 8, stability
// (8 + 9) / 2 = 8.5, overall 41 / 5 = 8.2; z = (8.2 - 6.72) / 1.2.
// Service b: 2 deploys / 30 days = 0.067 a day (answer 3: 4); lead time,
// change failure rate and rework have n = 2 < 3 and recovery none, so the
// score is 4 from one metric, throughput 4, no stability.
TEST_F(DoraScoreTest, ByServiceAsWorkedOutByHand) {
  QueryResult r = Run("dora_score by service");
  ASSERT_EQ(r.table.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(r.table.rows[0][0]), "a");
  EXPECT_DOUBLE_EQ(*Num(r, 0, "lead_time_score"), 8);
  EXPECT_DOUBLE_EQ(*Num(r, 0, "deploy_frequency_score"), 6);
  EXPECT_DOUBLE_EQ(*Num(r, 0, "recovery_time_score"), 10);
  EXPECT_DOUBLE_EQ(*Num(r, 0, "change_failure_rate_score"), 8);
  EXPECT_DOUBLE_EQ(*Num(r, 0, "rework_rate_score"), 9);
  EXPECT_DOUBLE_EQ(*Num(r, 0, "throughput"), 8);
  EXPECT_DOUBLE_EQ(*Num(r, 0, "stability"), 8.5);
  EXPECT_NEAR(*Num(r, 0, "value"), 8.2, 1e-12);
  EXPECT_EQ(*Num(r, 0, "n"), 5);
  EXPECT_NEAR(*Num(r, 0, "industry_mean"), 6.72, 1e-12);
  EXPECT_DOUBLE_EQ(*Num(r, 0, "industry_sd"), 1.2);
  EXPECT_NEAR(*Num(r, 0, "z"), (8.2 - 6.72) / 1.2, 1e-12);
  EXPECT_TRUE(IsNull(r.table.rows[0][r.table.ColumnIndex("note")]));

  EXPECT_EQ(std::get<std::string>(r.table.rows[1][0]), "b");
  EXPECT_DOUBLE_EQ(*Num(r, 1, "value"), 4);
  EXPECT_DOUBLE_EQ(*Num(r, 1, "throughput"), 4);
  EXPECT_FALSE(Num(r, 1, "stability"));
  EXPECT_FALSE(Num(r, 1, "lead_time_score"));
  EXPECT_EQ(*Num(r, 1, "n"), 1);
  EXPECT_EQ(std::get<std::string>(r.table.rows[1][r.table.ColumnIndex("note")]),
            "1 of 5 metrics scored; left out: lead_time (insufficient sample: n=2 < 3), recovery_time "
            "(insufficient sample: n=0 < 3), change_failure_rate (insufficient sample: n=2 < 3), rework_rate "
            "(insufficient sample: n=2 < 3)");
  ASSERT_EQ(r.notices.size(), 1u);
}

// Each component is the value the metric's own query gives for the group.
TEST_F(DoraScoreTest, ComponentsAreTheMetricsOwnValues) {
  QueryResult score = Run("dora_score by service where service = 'a'");
  ASSERT_EQ(score.table.rows.size(), 1u);
  for (ScoreComponent c : kScoreComponents) {
    const std::string name(ComponentName(c));
    QueryResult m = Run(name + " by service where service = 'a'");
    ASSERT_EQ(m.table.rows.size(), 1u) << name;
    EXPECT_DOUBLE_EQ(*Num(score, 0, name + "_score"), ComponentScore(c, *Num(m, 0, "value"))) << name;
  }
}

// Without grouping: lead time p50 of 8 x 2 h and 2 x 10 d is 2 h (8);
// 10 deploys / 30 days (6); recovery 30 min (10); CFR 2/12 (10 - 10/6);
// rework 1/12 (10 - 10/12). Overall (8 + 6 + 10 + 50/6 + 110/12) / 5 = 8.3.
TEST_F(DoraScoreTest, WholeRangeAndTeamFilter) {
  QueryResult all = Run("dora_score");
  ASSERT_EQ(all.table.rows.size(), 1u);
  EXPECT_NEAR(*Num(all, 0, "change_failure_rate_score"), 10 - 10.0 / 6, 1e-12);
  EXPECT_NEAR(*Num(all, 0, "stability"), 8.75, 1e-12);
  EXPECT_NEAR(*Num(all, 0, "value"), 8.3, 1e-12);

  QueryResult team = Run("dora_score by team where team = 't2'");
  ASSERT_EQ(team.table.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(team.table.rows[0][0]), "t2");
  EXPECT_DOUBLE_EQ(*Num(team, 0, "value"), 4);
}

// Alert rules get the dimensions and the overall score, nothing else.
TEST_F(DoraScoreTest, AlertingFrameIsDimensionsAndValue) {
  QueryResult r = Run("dora_score by service");
  std::vector<Frame> frames = FormFor(r.query.form).Frames(r, "A", /*for_alerting=*/true);
  ASSERT_EQ(frames.size(), 1u);
  ASSERT_EQ(frames[0].fields.size(), 2u);
  EXPECT_EQ(frames[0].fields[0].name, "service");
  EXPECT_EQ(frames[0].fields[1].name, "value");
  std::vector<Frame> panel = FormFor(r.query.form).Frames(r, "A", /*for_alerting=*/false);
  ASSERT_EQ(panel.size(), 1u);
  EXPECT_EQ(panel[0].fields.size(), r.table.columns.size());
}

}  // namespace
}  // namespace dora
