// deploy_day_counts and deploy_week_counts (migrations 8 and 14) on a real
// PostgreSQL: the migrations fill them from the stored deploys, their
// triggers keep them equal to delivery_events through the writer's inserts
// (duplicates included), updates, deletes and truncation, and every counting
// query (whole UTC weeks and days from the rollups, the rest from the events) equals PostgreSQL's own count over the
// events, in UTC, in a daylight-saving zone and in a half-hour zone, over aligned ranges and ranges with
// fractional-second edges.
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/time_spec.h"
#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "row_spans.h"
#include "store/event_writer.h"
#include "store/migrations.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

// Rows of the daily and the weekly rollup that differ from a GROUP BY of the
// events, both ways.
int64_t Mismatches(TestDatabase& db) {
  int64_t differ = 0;
  for (const auto& [period, table] :
       {std::pair<std::string, std::string>{"(occurred_at AT TIME ZONE 'UTC')::date", "deploy_day_counts"},
        {"date_trunc('week', occurred_at AT TIME ZONE 'UTC')::date", "deploy_week_counts"}}) {
    const std::string events = absl::StrCat("SELECT ", period,
                                            ", environment, service, team, success, is_rollback, hotfix, "
                                            "count(*)::int FROM delivery_events WHERE event_type = 'deploy' "
                                            "GROUP BY 1, 2, 3, 4, 5, 6, 7");
    differ += db.RowsThatDiffer(events, "SELECT * FROM " + table);
  }
  return differ;
}

// Deploys of q1, q2 and q3 about every 1 h 3 min from Mar 10, 2026 (fractional
// seconds), teams t1, t2 and none, some failed, rolled back, hotfixes or of
// unknown outcome; staging deploys and incidents between them.
void InsertMixedDeploys(TestDatabase& db) {
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, team, environment, occurred_at, success, is_rollback, "
      "hotfix, incident_id, source, dedupe_key) "
      "SELECT CASE WHEN g % 17 = 0 THEN 'incident_open' ELSE 'deploy' END, 'q' || (g % 3 + 1), "
      "CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN 't2' ELSE 't1' END, "
      "CASE WHEN g % 13 = 0 THEN 'staging' ELSE 'prod' END, ts, "
      "CASE WHEN g % 29 = 0 THEN NULL ELSE g % 11 <> 0 END, g % 19 = 0, g % 23 = 0, "
      "CASE WHEN g % 17 = 0 THEN 'i' || g END, 'ci', 'm' || g "
      "FROM generate_series(1, 900) AS g, "
      "LATERAL (SELECT timestamptz '2026-03-10T00:00:00Z' + g * interval '1 hour 3 minutes 7.123 seconds' AS ts) t");
}

TEST(DeployDayCountsTest, MigrationFillsItAndTriggersFollowEveryChange) {
  TestDatabase db("day_counts_kept");
  db.DropKeptTablesFrom(8);
  InsertMixedDeploys(db);
  auto session = testing::OpenSession(db.url());
  auto r = Migrate(*session);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version_before, 7);
  ASSERT_EQ(r->applied.size(), 9u);  // and versions 9 to 16
  EXPECT_EQ(r->applied[0].substr(0, 2), "8:");
  EXPECT_GT(db.Count("SELECT count(*) FROM deploy_day_counts"), 50);
  EXPECT_GT(db.Count("SELECT count(*) FROM deploy_week_counts"), 20);
  EXPECT_EQ(db.Count("SELECT sum(deploys) FROM deploy_week_counts"),
            db.Count("SELECT count(*) FROM delivery_events WHERE event_type = 'deploy'"));
  EXPECT_EQ(db.Count("SELECT sum(deploys) FROM deploy_day_counts"),
            db.Count("SELECT count(*) FROM delivery_events WHERE event_type = 'deploy'"));
  EXPECT_EQ(Mismatches(db), 0);

  // The writer's batches, stored twice: the second time changes nothing.
  std::vector<DeliveryEvent> batch;
  for (int i = 0; i < 40; ++i) {
    DeliveryEvent e;
    e.event_type = i % 10 == 9 ? EventType::kChange : EventType::kDeploy;
    e.service = i % 2 ? "q1" : "w9";
    e.environment = "prod";
    e.commit_sha = absl::StrCat("c", i);
    e.occurred_at = T("2026-03-31T23:59:59.999999Z") + absl::Seconds(i * 3600 % 7200) - absl::Seconds(3600);
    e.success = i % 7 != 0;
    e.source = "ci";
    e.dedupe_key = absl::StrCat("w", i);
    batch.push_back(e);
  }
  for (int round = 0; round < 2; ++round) {
    auto stored = InsertEvents(*session, batch);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->inserted, round == 0 ? 40 : 0);
    EXPECT_EQ(Mismatches(db), 0) << "round " << round;
  }
  EXPECT_EQ(db.Count("SELECT sum(deploys) FROM deploy_day_counts WHERE service = 'w9'"), 20);

  db.Exec("UPDATE delivery_events SET success = NOT success, team = 't9' WHERE id % 7 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET occurred_at = occurred_at + interval '11 hours 0.5 seconds' WHERE id % 3 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET event_type = 'change' WHERE id % 31 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET first_commit_ts = occurred_at WHERE id % 2 = 0");  // counts unchanged
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE id % 5 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE service = 'w9'");
  EXPECT_EQ(Mismatches(db), 0);
  EXPECT_EQ(db.Count("SELECT count(*) FROM deploy_day_counts WHERE service = 'w9'"), 0);  // no rows of 0
  EXPECT_EQ(db.Count("SELECT count(*) FROM deploy_week_counts WHERE service = 'w9'"), 0);
  db.Exec("TRUNCATE delivery_events");
  EXPECT_EQ(db.Count("SELECT count(*) FROM deploy_day_counts"), 0);
  EXPECT_EQ(db.Count("SELECT count(*) FROM deploy_week_counts"), 0);
}

class CountingQueriesTest : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("day_counts_queries");
    InsertMixedDeploys(*db_);
    // qx deploys only on days that week covers take away (sql/utc_days.h):
    // Tuesday March 10 before ranges from Wednesday March 11, and Saturday
    // April 11 from a range ending then; ranges from the 11th hold no qx.
    db_->Exec(
        "INSERT INTO delivery_events (event_type, service, team, environment, occurred_at, success, source, "
        "dedupe_key) VALUES ('deploy', 'qx', 'tx', 'prod', '2026-03-10T12:00:00Z', true, 'ci', 'qx1'), "
        "('deploy', 'qx', 'tx', 'prod', '2026-04-11T12:00:00Z', false, 'ci', 'qx2')");
  }
  static void TearDownTestSuite() { delete db_; }
  static TestDatabase* db_;
};
TestDatabase* CountingQueriesTest::db_ = nullptr;

// What a query counts, as a SELECT of (value, n) over `delivery_events x`
// restricted by the caller to one group and span.
struct Counted {
  std::string query;
  std::string group;     // "service", "team" or "" (no grouping)
  std::string expected;  // SELECT value, n FROM delivery_events x WHERE x.event_type = 'deploy' ...
};

std::vector<Counted> CountedQueries(const std::string& tail) {
  const std::string prod = " FROM delivery_events x WHERE x.event_type = 'deploy' AND x.environment = 'prod'";
  return {
      {absl::StrCat("deploys by service", tail), "service",
       absl::StrCat("SELECT count(*) FILTER (WHERE x.success), count(*) FILTER (WHERE x.success)", prod)},
      {absl::StrCat("change_failure_rate by team", tail), "team",
       absl::StrCat("SELECT count(*) FILTER (WHERE x.success IS FALSE OR x.is_rollback IS TRUE)::float8 / "
                    "nullif(count(*), 0), count(*)",
                    prod)},
      {absl::StrCat("rework_rate", tail), "",
       absl::StrCat("SELECT count(*) FILTER (WHERE x.hotfix IS TRUE OR x.is_rollback IS TRUE)::float8 / "
                    "nullif(count(*), 0), count(*)",
                    prod)},
  };
}

// Each row of each counting query (a window, daily or weekly buckets, or a
// rolling 7-day window of days or 28-day window of weeks in UTC) equals PostgreSQL's count over the events of
// that row's group and span.
TEST_P(CountingQueriesTest, EveryRowEqualsPostgresOverItsSpan) {
  const std::string zone = GetParam();
  struct Range {
    const char* from;
    const char* to;
    bool weeks_only = false;  // the window and weekly buckets only
  };
  // Whole UTC weeks (Monday March 16 to Sunday 29) inside the first two; the
  // third starts and ends on a Monday (weekly queries only); the fourth
  // ends on a Saturday, so its last week is counted less its weekend.
  const Range ranges[] = {{"2026-03-11T00:00:00Z", "2026-04-01T00:00:00Z"},
                          {"2026-03-11T05:17:03.25Z", "2026-04-01T19:00:00.5Z"},
                          {"2026-03-09T00:00:00Z", "2026-04-13T00:00:00Z", true},
                          {"2026-03-11T00:00:00Z", "2026-04-11T00:00:00Z"}};
  size_t compared = 0;
  for (const Range& range : ranges) {
    for (const char* tail : {"", " every 1d", " every 1w", " every 1d rolling 7d", " every 1w rolling 28d"}) {
      const bool rolling = absl::string_view(tail).find("rolling") != absl::string_view::npos;
      const bool weekly = absl::string_view(tail).find("1w") != absl::string_view::npos;
      if (range.weeks_only && !weekly && *tail != '\0') continue;
      if (rolling && zone != "UTC") continue;  // other zones' rolling windows: rolling_windows_integration_test
      for (const Counted& c : CountedQueries(tail)) {
        QueryContext ctx;
        ctx.from = T(range.from);
        ctx.to = T(range.to);
        ctx.time_zone = zone;
        ctx.policy.min_sample = 1;
        QueryEngine engine(&db_->pool());
        auto r = engine.Run(c.query, ctx);
        ASSERT_TRUE(r.ok()) << c.query << ": " << r.status();
        const ResultTable& t = r->table;
        const auto spans =
            testing::RowSpans(t, ctx.from, ctx.to,
                              rolling ? std::optional<testing::RollingSpan>(
                                            weekly ? testing::RollingSpan{absl::Hours(24 * 7), absl::Hours(24 * 28)}
                                                   : testing::RollingSpan{absl::Hours(24), absl::Hours(24 * 7)})
                                      : std::nullopt);
        // The groups are the ones with deploys in the rows' spans: none
        // whose deploys a week cover cancels.
        if (!c.group.empty() && !t.rows.empty()) {
          absl::Time lo = spans[0].first, hi = spans[0].second;
          std::set<std::optional<std::string>> groups;
          for (size_t i = 0; i < t.rows.size(); ++i) {
            lo = std::min(lo, spans[i].first);
            hi = std::max(hi, spans[i].second);
            const Cell& g = t.rows[i][t.ColumnIndex(c.group)];
            groups.insert(IsNull(g) ? std::nullopt : std::optional<std::string>(std::get<std::string>(g)));
          }
          std::set<std::optional<std::string>> want;
          for (const auto& r :
               db_->Exec(absl::StrCat("SELECT DISTINCT x.", c.group,
                                      " FROM delivery_events x WHERE x.event_type = 'deploy' AND "
                                      "x.environment = 'prod' AND x.occurred_at >= '",
                                      FormatRfc3339Utc(lo), "' AND x.occurred_at < '", FormatRfc3339Utc(hi), "'"))
                   .rows) {
            want.insert(r[0]);
          }
          EXPECT_EQ(groups, want) << c.query << " " << zone << " from " << range.from << " to " << range.to;
        }
        for (size_t i = 0; i < t.rows.size(); ++i) {
          const auto& row = t.rows[i];
          const auto [lo, hi] = spans[i];
          std::string where = absl::StrCat(" AND x.occurred_at >= '", FormatRfc3339Utc(lo), "' AND x.occurred_at < '",
                                           FormatRfc3339Utc(hi), "'");
          if (!c.group.empty()) {
            const Cell& g = row[t.ColumnIndex(c.group)];
            where += IsNull(g) ? absl::StrCat(" AND x.", c.group, " IS NULL")
                               : absl::StrCat(" AND x.", c.group, " = '", std::get<std::string>(g), "'");
          }
          SqlResult want = db_->Exec(c.expected + where);
          ASSERT_EQ(want.rows.size(), 1u);
          const std::string at =
              absl::StrCat(c.query, " ", zone, " [", FormatRfc3339Utc(lo), ", ", FormatRfc3339Utc(hi), ")");
          EXPECT_EQ(std::get<int64_t>(row[t.ColumnIndex("n")]), std::stoll(*want.rows[0][1])) << at;
          const std::optional<double> value = NumericCell(row[t.ColumnIndex("value")]);
          if (!want.rows[0][0]) {
            EXPECT_FALSE(value.has_value()) << at;
          } else {
            double expected = 0;
            ASSERT_TRUE(absl::SimpleAtod(*want.rows[0][0], &expected));
            EXPECT_EQ(value, expected) << at;
          }
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 100u);
}

INSTANTIATE_TEST_SUITE_P(Zones, CountingQueriesTest,
                         ::testing::Values("UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name) {
                             if (ch == '/') ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace dora
