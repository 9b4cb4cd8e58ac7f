#include "forms/registry.h"

#include "common/phase_error.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

QueryContext Ctx() {
  QueryContext c;
  c.from = absl::FromUnixSeconds(1780000000) - absl::Hours(24 * 90);
  c.to = absl::FromUnixSeconds(1780000000);
  return c;
}

TEST(BinderTest, DefaultsStatAndEnvironment) {
  auto q = CompileQuery("lead_time by service", Ctx());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->stat->name, "p50");
  EXPECT_EQ(q->default_environment, "prod");
  EXPECT_EQ(q->normalized_text, "lead_time p50 by service");
}

TEST(BinderTest, EnvironmentFilterOrGroupingDropsTheDefault) {
  EXPECT_EQ(CompileQuery("deploys where environment = staging", Ctx())->default_environment, "");
  EXPECT_EQ(CompileQuery("deploys by environment", Ctx())->default_environment, "");
}

TEST(BinderTest, UnknownMetricSuggests) {
  auto q = CompileQuery("lead_tme p90 by service", Ctx());
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().message(), "bind error: unknown metric 'lead_tme' at 1 \xE2\x80\x94 did you mean 'lead_time'?");
}

TEST(BinderTest, StatOnlyForDurations) {
  EXPECT_EQ(CompileQuery("deploys p90", Ctx()).status().message(),
            "bind error: stat 'p90' does not apply to deploys at 9, stats apply to lead_time and recovery_time only");
  EXPECT_EQ(CompileQuery("mttr p9O", Ctx()).status().message(),
            "bind error: unknown stat 'p9O' at 6, expected p50, p75, p90, p95, p99, median, mean, min or max "
            "\xE2\x80\x94 did you mean 'p90'?");
}

TEST(BinderTest, UnknownDimensionSuggests) {
  EXPECT_EQ(CompileQuery("deploys by servce", Ctx()).status().message(),
            "bind error: unknown dimension 'servce' at 12, expected service, team or environment "
            "\xE2\x80\x94 did you mean 'service'?");
  EXPECT_FALSE(CompileQuery("deploys by team, team", Ctx()).ok());
}

TEST(BinderTest, EveryAndAuto) {
  EXPECT_EQ(CompileQuery("deploys every 1w", Ctx())->bucket->elapsed, absl::Hours(168));
  EXPECT_EQ(CompileQuery("deploys every 3MO", Ctx())->bucket, BucketWidth::Months(3));
  EXPECT_EQ(CompileQuery("deploys every 03mo", Ctx())->normalized_text, "deploys every 3mo");
  EXPECT_FALSE(CompileQuery("deploys every 0mo", Ctx()).ok());
  EXPECT_FALSE(CompileQuery("deploys every mo", Ctx()).ok());
  QueryContext c = Ctx();
  c.interval = absl::Hours(3);
  EXPECT_EQ(CompileQuery("deploys every auto", c)->bucket->elapsed, absl::Hours(24));
  c.interval = absl::Hours(24 * 20);
  EXPECT_EQ(AutoBucket(c), absl::Hours(24 * 7 * 3));
  c.interval = absl::ZeroDuration();
  EXPECT_EQ(AutoBucket(c), absl::Hours(24));  // 90 days / 200 points = 10.8h
  // A year with a 1h panel interval: daily buckets, not an error over the cap.
  QueryContext year = Ctx();
  year.from = year.to - absl::Hours(24 * 365);
  year.interval = absl::Hours(1);
  auto coarse = CompileQuery("deploys every auto", year);
  ASSERT_TRUE(coarse.ok()) << coarse.status();
  EXPECT_EQ(coarse->bucket->elapsed, absl::Hours(24));
  // Ten thousand years still fits: weeks, in multiples.
  year.from = year.to - absl::Hours(24 * 366) * 10000;
  auto huge = CompileQuery("deploys every auto", year);
  ASSERT_TRUE(huge.ok()) << huge.status();
  EXPECT_LE(absl::FDivDuration(year.to - year.from, huge->bucket->elapsed), kMaxBuckets);
  auto overflow = CompileQuery("deploys every 999999999999999999w", Ctx());
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.status().message().find("invalid interval"), std::string::npos) << overflow.status();
  EXPECT_FALSE(CompileQuery("deploys every 5m", Ctx()).ok());
  EXPECT_FALSE(CompileQuery("deploys every 0d", Ctx()).ok());
  auto too_many = CompileQuery("deploys every 1h", [] {
    QueryContext c = Ctx();
    c.from = c.to - absl::Hours(24 * 365);
    return c;
  }());
  EXPECT_EQ(too_many.status().code(), absl::StatusCode::kOutOfRange);
}

TEST(BinderTest, ContextErrors) {
  QueryContext c = Ctx();
  c.time_zone = "Mars/Olympus";
  EXPECT_NE(CompileQuery("deploys", c).status().message().find("unknown time zone 'Mars/Olympus'"), std::string::npos);
  c = Ctx();
  c.from = c.to;
  EXPECT_NE(CompileQuery("deploys", c).status().message().find("empty time range"), std::string::npos);
  c = Ctx();
  c.policy.band_profile = "dora-2025";
  EXPECT_NE(CompileQuery("deploys", c).status().message().find("unknown band profile"), std::string::npos);
}

TEST(BinderTest, BandDistribution) {
  auto q = CompileQuery("lead_time p90 band distribution", Ctx());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_TRUE(q->form == QueryForm::kBandDistribution);
  ASSERT_EQ(q->group_by.size(), 1u);
  EXPECT_EQ(q->group_by[0], Dimension::kService);
  EXPECT_FALSE(CompileQuery("deploys band distribution", Ctx()).ok());
  EXPECT_FALSE(CompileQuery("lead_time band distribution every 1d", Ctx()).ok());
}

TEST(BinderTest, EachFormHasItsModule) {
  for (QueryForm f : {QueryForm::kMetric, QueryForm::kSeries, QueryForm::kBandDistribution, QueryForm::kAnnotations,
                      QueryForm::kSamples, QueryForm::kDataQuality}) {
    EXPECT_EQ(FormFor(f).form(), f) << QueryFormName(f);
  }
  EXPECT_EQ(CompileQuery("deploys every 1w", Ctx())->form, QueryForm::kSeries);
  EXPECT_EQ(CompileQuery("annotations rollbacks", Ctx())->annotation_kinds,
            std::vector<AnnotationKind>{AnnotationKind::kRollback});
  EXPECT_EQ(CompileQuery("annotations", Ctx())->annotation_kinds,
            (std::vector<AnnotationKind>{AnnotationKind::kDeploy, AnnotationKind::kFailure, AnnotationKind::kRollback,
                                         AnnotationKind::kIncident}));
}

TEST(BinderTest, UnboundQueriesAreSqlPhaseErrors) {
  BoundQuery unbound;
  EXPECT_EQ(GenerateSql(unbound).status().message(), "sql error: query is not bound");
  EXPECT_EQ(GenerateSql(unbound).status().code(), absl::StatusCode::kInternal);
}

TEST(BinderTest, NormalizedTextQuotesValues) {
  auto q = CompileQuery("CFR BY team WHERE service IN (a, 'b''c') AND team != x EVERY 1d", Ctx());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->normalized_text, "change_failure_rate by team where service in ('a', 'b''c') and team != 'x' every 1d");
}

}  // namespace
}  // namespace dora
