// `every ... rolling ...` on a real PostgreSQL: each point is the metric over
// the trailing calendar window ending at min(bucket end, to), in Europe/Berlin
// across the 2026-03-29 daylight-saving change, with rows read from before
// `from`. The expectations are counted by hand from the rows below.
#include <functional>

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/time_spec.h"
#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

// The weekly buckets (Berlin Mondays) of the range and their window edges.
// W1 is the week of Mar 23: its 14-day window is Mar 16 00:00 CET to Mar 30
// 00:00 CEST (13 days of 24 hours and the 23-hour Mar 29). W2 is the week
// of Mar 30: Mar 23 00:00 CET to Apr 6 00:00 CEST.
const char kW1[] = "2026-03-22T23:00:00Z";  // Mon Mar 23 00:00 CET, W1's label
const char kW2[] = "2026-03-29T22:00:00Z";  // Mon Mar 30 00:00 CEST, W2's label

class RollingWindowsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("rolling");
    // Deploys of service r (lead time in hours; k failed), and one of
    // service z. Berlin times:
    //  a Mar 15 23:59:59 CET   100h  in no window (a 14*24h window from W1's end would hold it)
    //  b Mar 16 00:00 CET        1h  W1 (before `from`)
    //  c Mar 22 23:59:59 CET     2h  W1
    //  k Mar 20 13:00 CET, failed    W1
    //  d Mar 23 00:00 CET        3h  W1, W2
    //  e Mar 29 03:30 CEST       4h  W1, W2 (after the clocks went forward)
    //  f Mar 29 23:59:59 CEST    5h  W1, W2
    //  g Mar 30 00:00 CEST       6h  W2
    //  j Apr 1 12:00 CEST        8h  W2
    //  h Apr 5 23:59:59 CEST     7h  W2
    //  i Apr 6 00:00 CEST      100h  at `to`: in no window
    //  z: Mar 18 12:00 CET       1h  W1
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, environment, first_commit_ts, occurred_at, success, "
        "source, dedupe_key) SELECT 'deploy', v.service, 'prod', v.ts - make_interval(hours => v.lead), v.ts, "
        "v.ok, 'ci', v.service || v.ts FROM (VALUES "
        "('r', '2026-03-15T22:59:59Z'::timestamptz, 100, true), ('r', '2026-03-15T23:00:00Z', 1, true), "
        "('r', '2026-03-22T22:59:59Z', 2, true), ('r', '2026-03-20T12:00:00Z', 1, false), "
        "('r', '2026-03-22T23:00:00Z', 3, true), ('r', '2026-03-29T01:30:00Z', 4, true), "
        "('r', '2026-03-29T21:59:59Z', 5, true), ('r', '2026-03-29T22:00:00Z', 6, true), "
        "('r', '2026-04-01T10:00:00Z', 8, true), ('r', '2026-04-05T21:59:59Z', 7, true), "
        "('r', '2026-04-05T22:00:00Z', 100, true), ('z', '2026-03-18T11:00:00Z', 1, true)) "
        "AS v(service, ts, lead, ok)");
    // Staging, apart from the production rows above: deploys of r, each an
    // hour before an incident (i1 resolved after 2 hours, i2 after 4, i3
    // open). i1 (Mar 16, before `from`) and i3 (Mar 25) are in W1; i3 and
    // i2 (Mar 30) in W2.
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, environment, first_commit_ts, occurred_at, success, "
        "source, dedupe_key) SELECT 'deploy', 'r', 'staging', ts - interval '1 hour', ts, true, 'ci', 's' || ts "
        "FROM unnest(ARRAY['2026-03-16T09:00:00Z', '2026-03-25T09:00:00Z', '2026-03-30T09:00:00Z']::timestamptz[]) "
        "AS ts");
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, environment, occurred_at, incident_id, source, "
        "dedupe_key) SELECT v.kind, 'r', 'staging', v.ts, v.id, 'pagerduty', v.id || v.kind FROM (VALUES "
        "('incident_open', '2026-03-16T10:00:00Z'::timestamptz, 'i1'), ('incident_resolved', "
        "'2026-03-16T12:00:00Z', 'i1'), ('incident_open', '2026-03-25T10:00:00Z', 'i3'), ('incident_open', "
        "'2026-03-30T10:00:00Z', 'i2'), ('incident_resolved', '2026-03-30T14:00:00Z', 'i2')) AS v(kind, ts, id)");
  }
  static void TearDownTestSuite() { delete db_; }

  // Berlin's Mar 23 00:00 to Apr 6 00:00, or to `to`.
  static QueryContext Ctx(const char* to = "2026-04-05T22:00:00Z") {
    QueryContext c;
    c.from = T("2026-03-22T23:00:00Z");
    c.to = T(to);
    c.time_zone = "Europe/Berlin";
    c.policy.min_sample = 1;
    return c;
  }

  struct Point {
    double value = -1;  // -1: null
    int64_t n = 0;
    int64_t unresolved = -1;  // -1: no such column
    std::string note;
  };
  // Points by "<service>@<bucket start>" ("@<start>" without grouping).
  static std::map<std::string, Point> Series(const std::string& q, const QueryContext& ctx = Ctx()) {
    QueryEngine engine(&db_->pool());
    auto r = engine.Run(q, ctx);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    std::map<std::string, Point> out;
    if (!r.ok()) return out;
    const ResultTable& t = r->table;
    const int service = t.ColumnIndex("service");
    for (const auto& row : t.rows) {
      Point p;
      p.value = NumericCell(row[t.ColumnIndex("value")]).value_or(-1);
      p.n = std::get<int64_t>(row[t.ColumnIndex("n")]);
      if (t.ColumnIndex("unresolved") >= 0) p.unresolved = std::get<int64_t>(row[t.ColumnIndex("unresolved")]);
      const Cell& note = row[t.ColumnIndex("note")];
      if (!IsNull(note)) p.note = std::get<std::string>(note);
      const std::string key = absl::StrCat(service >= 0 ? std::get<std::string>(row[service]) : "", "@",
                                           FormatRfc3339Utc(std::get<absl::Time>(row[t.ColumnIndex("time")])));
      out[key] = p;
    }
    return out;
  }
  static std::string At(const char* bucket, const char* service = "") { return absl::StrCat(service, "@", bucket); }

  static TestDatabase* db_;
};

TestDatabase* RollingWindowsTest::db_ = nullptr;

TEST_F(RollingWindowsTest, CountsEachDeployInEveryCalendarWindowHoldingIt) {
  auto s = Series("deploys by service every 1w rolling 14d");
  ASSERT_EQ(s.size(), 4u);              // two services, two buckets, zero-filled
  EXPECT_EQ(s[At(kW1, "r")].value, 5);  // b c d e f
  EXPECT_EQ(s[At(kW2, "r")].value, 6);  // d e f g j h
  EXPECT_EQ(s[At(kW1, "z")].value, 1);  // from before `from`
  EXPECT_EQ(s[At(kW2, "z")].value, 0);
  EXPECT_EQ(s[At(kW2, "z")].n, 0);
}

TEST_F(RollingWindowsTest, DeployFrequencyIsPerCalendarDayOfTheWindow) {
  auto s = Series("deploy_frequency every 1w rolling 2w");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_DOUBLE_EQ(s[At(kW1)].value, 6.0 / 14);  // r's five and z's one; the 23-hour day counts 1
  EXPECT_DOUBLE_EQ(s[At(kW2)].value, 6.0 / 14);
}

TEST_F(RollingWindowsTest, ExactPercentilesOverTheWindowsSamples) {
  auto s = Series("lead_time p50 by service every 1w rolling 14d");
  EXPECT_EQ(s[At(kW1, "r")].n, 5);
  EXPECT_DOUBLE_EQ(s[At(kW1, "r")].value, 3 * 3600.0);  // median of 1 2 3 4 5 hours
  EXPECT_EQ(s[At(kW2, "r")].n, 6);
  EXPECT_DOUBLE_EQ(s[At(kW2, "r")].value, 5.5 * 3600);  // median of 3 4 5 6 7 8 hours
  EXPECT_EQ(s[At(kW2, "z")].n, 0);
  EXPECT_EQ(s[At(kW2, "z")].value, -1);
}

TEST_F(RollingWindowsTest, SmallWindowsKeepTheMinimumSampleNote) {
  QueryContext ctx = Ctx();
  ctx.policy.min_sample = 6;
  auto s = Series("lead_time p50 by service every 1w rolling 14d", ctx);
  EXPECT_EQ(s[At(kW1, "r")].value, -1);
  EXPECT_EQ(s[At(kW1, "r")].note, "insufficient sample: n=5 < 6");
  EXPECT_DOUBLE_EQ(s[At(kW2, "r")].value, 5.5 * 3600);
}

TEST_F(RollingWindowsTest, ChangeFailureRateOverTheWindow) {
  auto s = Series("change_failure_rate by service every 1w rolling 14d");
  EXPECT_EQ(s[At(kW1, "r")].n, 6);  // b c k d e f
  EXPECT_DOUBLE_EQ(s[At(kW1, "r")].value, 1.0 / 6);
  EXPECT_EQ(s[At(kW2, "r")].n, 6);
  EXPECT_DOUBLE_EQ(s[At(kW2, "r")].value, 0);
}

TEST_F(RollingWindowsTest, IncidentsAndRecoveryOverTheWindow) {
  auto incidents = Series("incidents where environment = 'staging' every 1w rolling 14d");
  EXPECT_EQ(incidents[At(kW1)].value, 2);  // i1 (before `from`), i3
  EXPECT_EQ(incidents[At(kW2)].value, 2);  // i3, i2
  auto s = Series("recovery_time p50 where environment = 'staging' every 1w rolling 14d");
  EXPECT_EQ(s[At(kW1)].n, 1);
  EXPECT_DOUBLE_EQ(s[At(kW1)].value, 2 * 3600.0);
  EXPECT_EQ(s[At(kW1)].unresolved, 1);
  EXPECT_EQ(s[At(kW2)].n, 1);
  EXPECT_DOUBLE_EQ(s[At(kW2)].value, 4 * 3600.0);
  EXPECT_EQ(s[At(kW2)].unresolved, 1);
}

TEST_F(RollingWindowsTest, TheLastPartialBucketsWindowEndsAtTheRangesEnd) {
  // to = Apr 5 12:00 CEST: W2's window is Mar 22 12:00 CET to Apr 5 12:00 CEST.
  auto s = Series("deploys by service every 1w rolling 14d", Ctx("2026-04-05T10:00:00Z"));
  EXPECT_EQ(s[At(kW2, "r")].value, 6);  // c d e f g j; not h (after `to`)
  auto f = Series("deploy_frequency where service = 'r' every 1w rolling 14d", Ctx("2026-04-05T10:00:00Z"));
  EXPECT_DOUBLE_EQ(f[At(kW2)].value, 6.0 / 14);  // half of Mar 22, 13 days, half of Apr 5
  auto lt = Series("lead_time p50 by service every 1w rolling 14d", Ctx("2026-04-05T10:00:00Z"));
  EXPECT_DOUBLE_EQ(lt[At(kW2, "r")].value, 4.5 * 3600);  // median of 2 3 4 5 6 8 hours
}

TEST_F(RollingWindowsTest, DailyPointsAcrossTheDaylightSavingChange) {
  // Day buckets of Mar 29 (23 hours) and Mar 30; 7-day windows.
  QueryContext ctx = Ctx("2026-03-30T22:00:00Z");
  ctx.from = T("2026-03-28T23:00:00Z");
  auto s = Series("deploys where service = 'r' every 1d rolling 7d", ctx);
  ASSERT_EQ(s.size(), 2u);
  // Mar 23 00:00 CET to Mar 30 00:00 CEST: d e f (a 7*24h window would hold c too).
  EXPECT_EQ(s[At("2026-03-28T23:00:00Z")].value, 3);
  EXPECT_EQ(s[At("2026-03-29T22:00:00Z")].value, 3);  // Mar 24 00:00 CET to Mar 31 00:00 CEST: e f g
}

// Rolling percentiles are combined by the engine from each piece's samples:
// every point equals, bit for bit, PostgreSQL's own percentile_cont over the
// window's rows, the window computed here independently (the bucket's next
// Berlin midnight, capped at `to`, back 7 calendar days; the last window
// starts on the 23-hour day of the clock change), for hundreds of
// irregular fractional-second lead times, skewed rows included.
// The rolling 7-day window of the daily bucket `label` (RFC 3339) as the
// CTE `b` (e, start): e = min(next Berlin midnight, Apr 5 10:00Z); its start
// is the same share of the local day 7 days before as e is of its own day
// (common/calendar.h CalendarSpanBefore).
std::string BerlinWeekWindowUpTo(const std::string& label) {
  return absl::StrCat(
      "WITH w AS (SELECT least(((timestamptz '", label,
      "' AT TIME ZONE 'Europe/Berlin') + interval '1 day') "
      "AT TIME ZONE 'Europe/Berlin', timestamptz '2026-04-05T10:00:00Z') AS e), "
      "d AS (SELECT e, date_trunc('day', e AT TIME ZONE 'Europe/Berlin') AS day FROM w), "
      "s AS (SELECT e, date_part('epoch', e - (day AT TIME ZONE 'Europe/Berlin')) / date_part('epoch', "
      "((day + interval '1 day') AT TIME ZONE 'Europe/Berlin') - (day AT TIME ZONE 'Europe/Berlin')) AS share, "
      "day - interval '7 days' AS start_day FROM d), "
      "b AS (SELECT e, (start_day AT TIME ZONE 'Europe/Berlin') + make_interval(secs => share * "
      "date_part('epoch', ((start_day + interval '1 day') AT TIME ZONE 'Europe/Berlin') - (start_day AT TIME "
      "ZONE 'Europe/Berlin'))) AS start FROM s) ");
}

// 700 production deploys of q1 and q2 about an hour apart from Mar 10, 2026,
// with fractional seconds, some failed and some skewed.
void InsertDeploysEveryHourOrSo(TestDatabase& db) {
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, environment, first_commit_ts, occurred_at, success, "
      "source, dedupe_key) SELECT 'deploy', CASE WHEN g % 3 = 0 THEN 'q2' ELSE 'q1' END, 'prod', "
      "ts - CASE WHEN g % 50 = 0 THEN interval '-10 minutes' ELSE make_interval(secs => ((g * 7919) % 1000) * "
      "37.3 + (g % 7) * 0.001) END, ts, g % 11 <> 0, 'ci', 'q' || g FROM generate_series(1, 700) AS g, "
      "LATERAL (SELECT timestamptz '2026-03-10T00:00:00Z' + g * interval '1 hour 3 minutes 7.123 seconds' AS ts) t");
}

// Runs each query (by service, where service in q1 and q2, every 1d rolling
// 7d in Berlin from Mar 21 to Apr 5 10:00Z) over InsertDeploysEveryHourOrSo's
// rows (`ctx`: the fixture's zone and policy), and compares every row's n and value with PostgreSQL's over that
// row's window: `expected(query, service)` is a SELECT of (value, n) over
// `delivery_events x` joined with the window `b` (e, start).
void ExpectEveryWindowEqualsPostgres(
    TestDatabase& db, QueryContext ctx, const std::vector<std::string>& queries,
    const std::function<std::string(const std::string&, const std::string&)>& expected) {
  InsertDeploysEveryHourOrSo(db);
  ctx.from = T("2026-03-20T23:00:00Z");  // Berlin's Mar 21 00:00
  ctx.to = T("2026-04-05T10:00:00Z");
  size_t compared = 0;
  for (const std::string& q : queries) {
    QueryEngine engine(&db.pool());
    auto r = engine.Run(q, ctx);
    ASSERT_TRUE(r.ok()) << r.status();
    const ResultTable& t = r->table;
    ASSERT_EQ(t.rows.size(), 2u * 16) << q;  // q1 and q2, Mar 21 .. Apr 5
    for (const auto& row : t.rows) {
      const std::string service = std::get<std::string>(row[t.ColumnIndex("service")]);
      const std::string label = FormatRfc3339Utc(std::get<absl::Time>(row[t.ColumnIndex("time")]));
      SqlResult want = db.Exec(absl::StrCat(BerlinWeekWindowUpTo(label), expected(q, service),
                                            " AND x.occurred_at < b.e AND x.occurred_at >= b.start"));
      ASSERT_EQ(want.rows.size(), 1u);
      EXPECT_EQ(std::get<int64_t>(row[t.ColumnIndex("n")]), std::stoll(*want.rows[0][1])) << q << " " << label;
      ASSERT_TRUE(want.rows[0][0].has_value()) << q << " " << service << " " << label;
      double value = 0;
      ASSERT_TRUE(absl::SimpleAtod(*want.rows[0][0], &value));
      EXPECT_EQ(NumericCell(row[t.ColumnIndex("value")]), value) << q << " " << service << " " << label;
      ++compared;
    }
  }
  db.Exec("DELETE FROM delivery_events WHERE service IN ('q1', 'q2')");
  EXPECT_EQ(compared, queries.size() * 2 * 16);
}

const char* const kRollingWeek = " by service where service in ('q1', 'q2') every 1d rolling 7d";
const char* const kServiceDeploys =
    "FROM delivery_events x, b WHERE x.event_type = 'deploy' AND x.environment = 'prod' AND x.service = '";

// Rolling counts and rates (each row counted in its piece, windows summing
// pieces) equal PostgreSQL's counts over each window's rows.
TEST_F(RollingWindowsTest, CountsAndRatesEqualPostgresOverEachWindowsRows) {
  ExpectEveryWindowEqualsPostgres(
      *db_, Ctx(), {absl::StrCat("deploys", kRollingWeek), absl::StrCat("change_failure_rate", kRollingWeek)},
      [](const std::string& q, const std::string& service) {
        const bool rate = absl::StartsWith(q, "change_failure_rate");
        return absl::StrCat(rate ? "SELECT count(*) FILTER (WHERE x.success IS FALSE OR x.is_rollback IS TRUE)"
                                   "::float8 / count(*), count(*) "
                                 : "SELECT count(*) FILTER (WHERE x.success), count(*) FILTER (WHERE x.success) ",
                            kServiceDeploys, service, "'");
      });
}

// Rolling percentiles (each piece's samples once, the window's percentile in
// C++) equal percentile_cont over each window's rows, bit for bit.
TEST_F(RollingWindowsTest, PercentilesEqualPostgresOverEachWindowsRows) {
  std::vector<std::string> queries;
  for (const char* stat : {"p50", "p90", "p99.9"}) queries.push_back(absl::StrCat("lead_time ", stat, kRollingWeek));
  ExpectEveryWindowEqualsPostgres(*db_, Ctx(), queries, [](const std::string& q, const std::string& service) {
    const std::string stat = q.substr(std::string("lead_time p").size(), q.find(' ', 11) - 11);
    return absl::StrCat("SELECT percentile_cont(", stat,
                        "::float8 / 100) WITHIN GROUP (ORDER BY greatest(date_part('epoch', "
                        "x.occurred_at - x.first_commit_ts), 0)), count(*) ",
                        kServiceDeploys, service,
                        "' AND x.success AND x.first_commit_ts IS NOT NULL "
                        "AND x.first_commit_ts <= x.occurred_at + interval '5 minutes'");
  });
}

}  // namespace
}  // namespace dora
