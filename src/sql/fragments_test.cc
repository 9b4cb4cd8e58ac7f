#include "sql/fragments.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

BoundQuery Query() {
  BoundQuery q;
  q.from = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  q.to = q.from + absl::Hours(24 * 7);
  q.default_environment = "prod";
  return q;
}

TEST(SqlFragmentsTest, WindowIsAlwaysTheFirstTwoParameters) {
  BoundQuery q = Query();
  SqlFragments sql(q);
  EXPECT_EQ(sql.from(), "$1::timestamptz");
  EXPECT_EQ(sql.to(), "$2::timestamptz");
  SqlStatement s = sql.Finish("SELECT 1");
  ASSERT_EQ(s.params.size(), 2u);
  EXPECT_EQ(s.params[0], "2026-01-01T00:00:00Z");
}

// One work_mem per statement, the largest asked for, beside other settings.
TEST(SqlFragmentsTest, HoldingRowsInMemorySetsTheLargestWorkMemOnce) {
  BoundQuery q = Query();
  SqlFragments sql(q);
  sql.HoldRowsInMemory();
  sql.AvoidTableScans();
  sql.HoldRowsInMemory(64);
  sql.HoldRowsInMemory(32);
  sql.HoldRowsInMemory();
  EXPECT_EQ(sql.Finish("SELECT 1").local_settings,
            (std::vector<std::string>{"enable_seqscan = off", "work_mem = '64MB'"}));
}

TEST(SqlFragmentsTest, RollingSeriesReadRowsFromTheFirstWindowsStart) {
  BoundQuery q = Query();  // Thursday Jan 1 to Thursday Jan 8, UTC
  q.bucket = BucketWidth{absl::Hours(24 * 7)};
  EXPECT_EQ(RowsFrom(q), q.from);
  q.rolling = CalendarSpan{28};
  // The first week (Dec 29 to Jan 5) looks back 28 days from Jan 5.
  EXPECT_EQ(RowsFrom(q), absl::FromUnixSeconds(1765152000));  // 2025-12-08
  SqlFragments sql(q);
  BucketSql b = sql.Buckets();
  EXPECT_EQ(b.bin, "w.bucket");
  SqlStatement s = sql.Finish("");
  ASSERT_EQ(s.params.size(), 6u);
  EXPECT_EQ(s.params[0], "2025-12-08T00:00:00Z");
  // Window ends: the first bucket's end, then the range's end for the clipped last bucket.
  EXPECT_EQ(s.params[2], "{\"2026-01-05T00:00:00Z\",\"2026-01-08T00:00:00Z\"}");
  EXPECT_EQ(s.params[3], "{\"2025-12-08T00:00:00Z\",\"2025-12-11T00:00:00Z\"}");
  EXPECT_EQ(s.params[5], "{28,28}");
}

TEST(SqlFragmentsTest, PreviousWindowEndsAtFromWithTheSameElapsedLength) {
  BoundQuery q = Query();
  q.from += absl::Milliseconds(250);  // fractional edges stay exact
  SqlFragments sql(q);
  sql.UsePreviousWindow();
  EXPECT_EQ(sql.from(), "$3::timestamptz");
  EXPECT_EQ(sql.to(), "$1::timestamptz");
  EXPECT_EQ(sql.window_to(), q.from);
  EXPECT_EQ(sql.window_to() - sql.window_from(), q.to - q.from);
  EXPECT_EQ(sql.window_from(), PreviousPeriodFrom(q));
  SqlStatement s = sql.Finish("SELECT 1");
  ASSERT_EQ(s.params.size(), 3u);
  EXPECT_EQ(s.params[2], "2025-12-25T00:00:00.500000Z");
}

TEST(SqlFragmentsTest, ProductionDefaultOnlyWithoutAnEnvironmentConstraint) {
  BoundQuery q = Query();
  SqlFragments sql(q);
  EXPECT_EQ(sql.EnvironmentDefault("e.environment"), "\n    AND e.environment = $3::text");
  q.default_environment.clear();
  SqlFragments none(q);
  EXPECT_EQ(none.EnvironmentDefault("e.environment"), "");
}

TEST(SqlFragmentsTest, FiltersAreParametersAndNegationKeepsNulls) {
  BoundQuery q = Query();
  q.filters.push_back({Dimension::kTeam, /*negated=*/true, {"a", "b"}});
  q.filters.push_back({Dimension::kService, /*negated=*/false, {"api"}});
  SqlFragments sql(q);
  EXPECT_EQ(sql.Filters(), "\nWHERE (s.team IN ($3::text, $4::text)) IS NOT TRUE\n  AND s.service = $5::text");
}

TEST(SqlFragmentsTest, DeployRowsChooseTheirColumns) {
  BoundQuery q = Query();
  SqlFragments plain(q);
  std::string s = plain.DeploySource(DeployRows());
  EXPECT_FALSE(absl::StrContains(s, "first_ts"));
  EXPECT_FALSE(absl::StrContains(s, "outcome"));
  SqlFragments full(q);
  s = full.DeploySource(DeployRows().WithLedger().WithFirstCommit().LeadTimeRowsOnly());
  EXPECT_TRUE(absl::StrContains(s, "e.first_commit_ts AS first_ts"));
  EXPECT_TRUE(absl::StrContains(s, "AS outcome"));
  EXPECT_TRUE(absl::StrContains(s, "AND e.success AND e.first_commit_ts IS NOT NULL"));
}

TEST(SqlFragmentsTest, IntervalsAreExact) {
  EXPECT_EQ(SqlInterval(absl::Minutes(5)), "300 seconds");
  EXPECT_EQ(SqlInterval(absl::Milliseconds(1500)), "1500000 microseconds");
}

}  // namespace
}  // namespace dora
