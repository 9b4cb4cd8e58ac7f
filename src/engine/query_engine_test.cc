#include "engine/query_engine.h"

#include "forms/lead_samples_testing.h"
#include "gtest/gtest.h"
#include "store/fake_sql_executor.h"

namespace dora {
namespace {

QueryContext Ctx() {
  QueryContext c;
  c.to = absl::FromUnixSeconds(1780000000);
  c.from = c.to - absl::Hours(24 * 30);
  return c;
}

SqlResult Rows(std::vector<std::string> cols, std::vector<std::vector<std::optional<std::string>>> rows) {
  return SqlResult{std::move(cols), std::move(rows)};
}

// A lead_us cell (forms/lead_samples.h): `count` lead times of `seconds`.
std::string LeadTimes(int count, int64_t seconds) { return testing::RepeatedLeadText(count, seconds); }

TEST(QueryEngineTest, AppliesMinSampleBandsAndNotices) {
  FakeSqlExecutor fake;
  // The engine takes lead time percentiles, n and skewed from the lead
  // times: one of checkout's is an hour before its first commit (skewed).
  fake.QueueResult(Rows({"service", "value", "n", "skewed", "unresolved", "lead_us"},
                        {{"checkout", std::nullopt, "0", "0", "0", LeadTimes(12, 7200) + LeadTimes(1, -3600)},
                         {"ledger", std::nullopt, "0", "0", "0", LeadTimes(6, 900000)},
                         {"tiny", std::nullopt, "0", "0", "0", LeadTimes(2, 60)}}));
  QueryEngine engine(&fake);
  auto r = engine.Run("lead_time p90 by service", Ctx());
  ASSERT_TRUE(r.ok()) << r.status();
  const ResultTable& t = r->table;
  ASSERT_EQ(t.rows.size(), 3u);
  const int value = t.ColumnIndex("value"), band = t.ColumnIndex("band"), note = t.ColumnIndex("note");
  EXPECT_EQ(std::get<double>(t.rows[0][value]), 7200);
  EXPECT_EQ(std::get<std::string>(t.rows[0][band]), "Elite");
  EXPECT_EQ(std::get<std::string>(t.rows[1][band]), "Medium");
  EXPECT_TRUE(IsNull(t.rows[2][value]));
  EXPECT_TRUE(IsNull(t.rows[2][band]));
  EXPECT_EQ(std::get<std::string>(t.rows[2][note]), "insufficient sample: n=2 < 5");
  EXPECT_EQ(r->skewed_total, 1);
  EXPECT_EQ(r->insufficient_groups, 1);
  ASSERT_EQ(r->notices.size(), 2u);
  EXPECT_EQ(r->notices[0].severity, NoticeSeverity::kWarning);
  EXPECT_EQ(r->notices[1].severity, NoticeSeverity::kInfo);
  EXPECT_EQ(r->notices[0].text,
            "1 deploys excluded from lead time: first commit later than the deploy by more than 5m (clock skew)");
  ASSERT_EQ(fake.statements().size(), 1u);
  EXPECT_NE(fake.statements()[0].text.find("lead_time_days"), std::string::npos);
}

TEST(QueryEngineTest, BandDistributionCountsUnits) {
  FakeSqlExecutor fake;
  fake.QueueResult(Rows({"service", "value", "n", "skewed", "unresolved"}, {{"a", "3600", "10", "0", "0"},
                                                                            {"b", "7200", "10", "0", "0"},
                                                                            {"c", "3000000", "10", "0", "0"},
                                                                            {"d", "60", "1", "0", "0"}}));
  QueryEngine engine(&fake);
  auto r = engine.Run("lead_time p90 band distribution", Ctx());
  ASSERT_TRUE(r.ok()) << r.status();
  const ResultTable& t = r->table;
  ASSERT_EQ(t.rows.size(), 5u);
  EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "Elite");
  EXPECT_EQ(std::get<int64_t>(t.rows[0][1]), 2);
  EXPECT_EQ(std::get<int64_t>(t.rows[0][2]), 3);
  EXPECT_EQ(std::get<std::string>(t.rows[0][3]), "a, b");
  EXPECT_EQ(std::get<int64_t>(t.rows[3][1]), 1);  // Low: c
  EXPECT_EQ(std::get<std::string>(t.rows[4][0]), "Insufficient sample");
}

TEST(QueryEngineTest, DatabaseErrorsPassThroughAndCompileErrorsNeverReachIt) {
  FakeSqlExecutor fake;
  fake.QueueResult(absl::UnavailableError("database error: connecting: refused"));
  QueryEngine engine(&fake);
  EXPECT_EQ(engine.Run("deploys", Ctx()).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(engine.Run("deploy", Ctx()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fake.statements().size(), 1u);
}

TEST(QueryEngineTest, MalformedRowsAreInternalErrors) {
  FakeSqlExecutor fake;
  fake.QueueResult(Rows({"value", "n"}, {{"1", "1"}}));
  QueryEngine engine(&fake);
  EXPECT_EQ(engine.Run("deploys", Ctx()).status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace dora
