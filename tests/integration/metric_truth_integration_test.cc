// Calendar and precision edge cases on a real PostgreSQL (metric_truth.sql):
// daylight-saving hours and days, a 169-hour week, fractional window edges,
// exact percentile fractions, incident ids shared by two services, and a
// matrix of zones, buckets and windows in which no query may fail.
#include <cmath>
#include <fstream>
#include <sstream>

#include "engine/query_engine.h"
#include "engine/report.h"
#include "gtest/gtest.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

class MetricTruthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("metric_truth");
    db_->ExecFile(DORA_METRIC_TRUTH_SQL);
  }
  static void TearDownTestSuite() { delete db_; }

  static QueryContext Ctx(const char* from, const char* to, const char* zone = "UTC") {
    QueryContext c;
    c.from = T(from);
    c.to = T(to);
    c.time_zone = zone;
    c.policy.min_sample = 1;
    return c;
  }

  static absl::StatusOr<QueryResult> TryRun(const std::string& q, const QueryContext& ctx) {
    QueryEngine engine(&db_->pool());
    return engine.Run(q, ctx);
  }

  static ResultTable Run(const std::string& q, const QueryContext& ctx) {
    auto r = TryRun(q, ctx);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    return r.ok() ? r->table : ResultTable{};
  }

  static const Cell& At(const ResultTable& t, size_t row, const char* column) {
    const int i = t.ColumnIndex(column);
    EXPECT_GE(i, 0) << column;
    return t.rows.at(row).at(i < 0 ? 0 : i);
  }
  static double Value(const ResultTable& t, size_t row) {
    const Cell& c = At(t, row, "value");
    if (std::holds_alternative<int64_t>(c)) return static_cast<double>(std::get<int64_t>(c));
    EXPECT_TRUE(std::holds_alternative<double>(c)) << "row " << row << " has no value";
    return std::holds_alternative<double>(c) ? std::get<double>(c) : NAN;
  }
  static int64_t N(const ResultTable& t, size_t row) { return std::get<int64_t>(At(t, row, "n")); }
  static absl::Time Time(const ResultTable& t, size_t row) { return std::get<absl::Time>(At(t, row, "time")); }
  static std::string Band(const ResultTable& t, size_t row) {
    const Cell& c = At(t, row, "band");
    return IsNull(c) ? "" : std::get<std::string>(c);
  }

  static TestDatabase* db_;
};

TestDatabase* MetricTruthTest::db_ = nullptr;

// Berlin's spring change: 02:00 local does not exist on 2026-03-29. Hourly
// buckets are elapsed hours; each is 1/23 of that 23-hour day.
TEST_F(MetricTruthTest, HourlyBucketsAcrossSpringForward) {
  const QueryContext ctx = Ctx("2026-03-29T00:00:00Z", "2026-03-29T03:00:00Z", "Europe/Berlin");
  ResultTable f = Run("deploy_frequency every 1h where service = 'spring'", ctx);
  ASSERT_EQ(f.rows.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(Time(f, i), T("2026-03-29T00:00:00Z") + absl::Hours(i));
    EXPECT_EQ(N(f, i), 1);
    EXPECT_NEAR(Value(f, i), 23.0, 1e-9);  // 1 deploy in 1/23 of a day
  }
  ResultTable lead = Run("lead_time p50 every 1h where service = 'spring'", ctx);
  ASSERT_EQ(lead.rows.size(), 3u);
  EXPECT_EQ(Value(lead, 0), 3600);
  EXPECT_EQ(Value(lead, 1), 7200);
  EXPECT_EQ(Value(lead, 2), 10800);
  EXPECT_LT(Time(lead, 0), Time(lead, 1));
  EXPECT_LT(Time(lead, 1), Time(lead, 2));
  QueryContext auto_ctx = ctx;
  auto_ctx.interval = absl::Hours(1);
  EXPECT_EQ(Run("deploy_frequency every auto where service = 'spring'", auto_ctx).rows.size(), 3u);
  // New York springs forward on 2026-03-08 at 07:00Z.
  EXPECT_EQ(Run("deploy_frequency every 1h", Ctx("2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z", "America/New_York"))
                .rows.size(),
            4u);
}

// Berlin's autumn change: 02:00-03:00 local happens twice on 2026-10-25.
// Each UTC hour is its own bucket, one deploy each, in a 25-hour day.
TEST_F(MetricTruthTest, HourlyBucketsAcrossFallBack) {
  const QueryContext ctx = Ctx("2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z", "Europe/Berlin");
  ResultTable d = Run("deploys every 1h where service = 'autumn'", ctx);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(Time(d, 0), T("2026-10-25T00:00:00Z"));
  EXPECT_EQ(Time(d, 1), T("2026-10-25T01:00:00Z"));
  EXPECT_EQ(Value(d, 0), 1);
  EXPECT_EQ(Value(d, 1), 1);
  ResultTable f = Run("deploy_frequency every 1h where service = 'autumn'", ctx);
  EXPECT_NEAR(Value(f, 0), 25.0, 1e-9);
}

// Deploys per day divide by calendar days, not by 24-hour periods.
TEST_F(MetricTruthTest, ShortAndLongDaysAreOneDay) {
  const QueryContext spring = Ctx("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", "Europe/Berlin");
  ResultTable s = Run("deploy_frequency every 1d where service = 'short-day'", spring);
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(Time(s, 0), T("2026-03-28T23:00:00Z"));
  EXPECT_EQ(N(s, 0), 23);
  EXPECT_EQ(Value(s, 0), 23.0);
  EXPECT_EQ(Value(Run("deploy_frequency where service = 'short-day'", spring), 0), 23.0);

  const QueryContext autumn = Ctx("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", "Europe/Berlin");
  ResultTable l = Run("deploy_frequency every 1d where service = 'long-day'", autumn);
  ASSERT_EQ(l.rows.size(), 1u);
  EXPECT_EQ(Value(l, 0), 23.0);
  EXPECT_EQ(Value(Run("deploy_frequency where service = 'long-day'", autumn), 0), 23.0);
}

// One deploy in a 169-hour week is 1/7 per day, the same as in a 168-hour week.
TEST_F(MetricTruthTest, LongWeekIsSevenDays) {
  const QueryContext ctx = Ctx("2026-10-11T22:00:00Z", "2026-10-25T23:00:00Z", "Europe/Berlin");
  ResultTable w = Run("deploy_frequency every 1w where service = 'long-week'", ctx);
  ASSERT_EQ(w.rows.size(), 2u);
  EXPECT_EQ(Time(w, 1) - Time(w, 0), absl::Hours(168));
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(Value(w, i), 1.0 / 7) << i;
    EXPECT_EQ(Band(w, i), "High") << i;
  }
}

// The window length reaches PostgreSQL exactly, fractional seconds included.
TEST_F(MetricTruthTest, WindowWithFractionalEdgesIsExact) {
  const QueryContext ctx = Ctx("2026-06-03T13:37:11.5Z", "2026-06-20T05:00:00.25Z");
  ResultTable f = Run("deploy_frequency where service = 'precise'", ctx);
  ASSERT_EQ(f.rows.size(), 1u);
  EXPECT_EQ(N(f, 0), 16);  // noon deploys of 06-04 .. 06-19
  const double days = absl::FDivDuration(ctx.to - ctx.from, absl::Hours(24));
  EXPECT_NEAR(Value(f, 0), 16 / days, 16 / days * 1e-12);
}

// 92 deploys over 92 days and 4 seconds is just under one a day: High, not Elite.
TEST_F(MetricTruthTest, JustUnderOnePerDayIsHigh) {
  ResultTable f =
      Run("deploy_frequency where service = 'precise'", Ctx("2026-06-01T00:00:00Z", "2026-09-01T00:00:04Z"));
  ASSERT_EQ(f.rows.size(), 1u);
  EXPECT_EQ(N(f, 0), 92);
  EXPECT_NEAR(Value(f, 0), 92 / (92 + 4.0 / 86400), 1e-15);
  EXPECT_LT(Value(f, 0), 1.0);
  EXPECT_EQ(Band(f, 0), "High");
}

// A percentile fraction with seven nines is not rounded to the max.
TEST_F(MetricTruthTest, PercentileFractionIsExact) {
  ResultTable p =
      Run("lead_time p99.99999 where service = 'precise'", Ctx("2026-06-01T00:00:00Z", "2026-09-01T00:00:00Z"));
  ASSERT_EQ(p.rows.size(), 1u);
  // Samples 3600 * (1..92); percentile_cont interpolates at 0.9999999 * 91.
  const double pos = 0.9999999 * 91;
  const double lo = std::floor(pos);
  const double expected = 3600 * (lo + 1) + (pos - lo) * 3600;
  EXPECT_NEAR(Value(p, 0), expected, 1e-6);
  EXPECT_LT(Value(p, 0), 92 * 3600);
}

// The same incident id on two services is two incidents (the reference
// design groups by service and incident_id), each with its own resolution.
TEST_F(MetricTruthTest, IncidentIdentityIncludesTheService) {
  const QueryContext ctx = Ctx("2026-05-01T00:00:00Z", "2026-05-08T00:00:00Z");
  ResultTable inc = Run("incidents by service where service in ('collide-a', 'collide-b')", ctx);
  ASSERT_EQ(inc.rows.size(), 2u);
  EXPECT_EQ(Value(inc, 0), 1);
  EXPECT_EQ(Value(inc, 1), 1);
  ResultTable rec = Run("recovery_time p50 by service where service in ('collide-a', 'collide-b')", ctx);
  ASSERT_EQ(rec.rows.size(), 2u);
  EXPECT_EQ(Value(rec, 0), 1800);  // collide-a: 10:00 -> 10:30
  EXPECT_EQ(Value(rec, 1), 7200);  // collide-b: 11:00 -> 13:00, not collide-a's resolution
  ResultTable dq = Run("data_quality where service in ('collide-a', 'collide-b')", ctx);
  for (size_t i = 0; i < dq.rows.size(); ++i) EXPECT_EQ(std::get<int64_t>(At(dq, i, "resolved_without_open")), 0);
}

// A service without deploys has frequency 0 and band Low in the report, the
// same as a service the frequency query returned with 0.
TEST_F(MetricTruthTest, ReportZeroDeploysIsZeroAndLow) {
  QueryEngine engine(&db_->pool());
  auto report = BuildServiceReport(engine, Ctx("2026-05-01T00:00:00Z", "2026-05-08T00:00:00Z"));
  ASSERT_TRUE(report.ok()) << report.status();
  const ResultTable& t = report->table;
  bool seen = false;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (std::get<std::string>(At(t, i, "service")) != "lonely") continue;
    seen = true;
    EXPECT_EQ(std::get<int64_t>(At(t, i, "deploys")), 0);
    EXPECT_EQ(std::get<double>(At(t, i, "deploy_frequency")), 0.0);
    EXPECT_EQ(std::get<std::string>(At(t, i, "deploy_frequency_band")), "Low");
    EXPECT_EQ(std::get<int64_t>(At(t, i, "incidents")), 1);
  }
  EXPECT_TRUE(seen);
}

// No query errors in any zone, bucket and window of the matrix; buckets are
// unique and increasing, and their counts add up to the whole window's.
TEST_F(MetricTruthTest, ZoneBucketWindowMatrix) {
  const char* zones[] = {"UTC",
                         "Europe/Berlin",
                         "America/New_York",
                         "Asia/Kolkata",
                         "Asia/Kathmandu",
                         "Australia/Lord_Howe",
                         "America/Santiago",
                         "Pacific/Chatham"};
  const std::pair<const char*, const char*> windows[] = {
      {"2026-03-25T00:00:00.5Z", "2026-04-08T00:00:00.5Z"},
      {"2026-09-01T12:00:00.123456Z", "2026-11-05T00:00:00Z"},
      {"2026-10-25T00:59:59.999999Z", "2026-10-25T01:00:00.000001Z"},
  };
  const char* everies[] = {"1h", "6h", "36h", "1d", "1w", "auto"};
  const char* metrics[] = {"deploys",           "deploy_frequency", "lead_time p50", "change_failure_rate",
                           "recovery_time p90", "incidents"};
  int queries = 0;
  for (const char* zone : zones) {
    for (const auto& [from, to] : windows) {
      QueryContext ctx = Ctx(from, to, zone);
      ctx.interval = absl::Hours(1);
      for (const char* metric : metrics) {
        auto whole = TryRun(metric, ctx);
        ASSERT_TRUE(whole.ok()) << metric << " " << zone << " " << from << ": " << whole.status();
        ++queries;
        for (const char* every : everies) {
          const std::string q = absl::StrCat(metric, " every ", every);
          auto r = TryRun(q, ctx);
          ASSERT_TRUE(r.ok()) << q << " " << zone << " " << from << ": " << r.status();
          ++queries;
          const ResultTable& t = r->table;
          ASSERT_FALSE(t.rows.empty()) << q << " " << zone;
          int64_t n = 0;
          for (size_t i = 0; i < t.rows.size(); ++i) {
            if (i > 0) {
              ASSERT_LT(Time(t, i - 1), Time(t, i)) << q << " " << zone << " row " << i;
            }
            n += N(t, i);
          }
          EXPECT_LE(Time(t, 0), ctx.from) << q << " " << zone;
          EXPECT_LT(Time(t, t.rows.size() - 1), ctx.to) << q << " " << zone;
          EXPECT_EQ(n, N(whole->table, 0)) << q << " " << zone << " " << from;
        }
      }
    }
  }
  EXPECT_EQ(queries, 8 * 3 * 6 * 7);
}

}  // namespace
}  // namespace dora
