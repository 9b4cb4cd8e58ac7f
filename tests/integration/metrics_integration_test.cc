// Every metric and stat on a real PostgreSQL over the hand-built fixture in
// fixture.sql, against hand-computed values and against the reference
// design's SQL where the definitions coincide.
#include <fstream>
#include <map>
#include <sstream>

#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "sql_cells.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::CellDouble;
using testing::CellInt64;
using testing::CellText;
using testing::T;
using testing::TestDatabase;

struct Row {
  std::optional<double> value;
  int64_t n = 0;
  std::string band;
  int64_t skewed = 0;
  int64_t unresolved = 0;
  std::string note;
};

class MetricsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("metrics");
    db_->ExecFile(DORA_FIXTURE_SQL);
  }
  static void TearDownTestSuite() { delete db_; }

  QueryContext Ctx(int min_sample = 1) const {
    QueryContext c;
    c.from = T("2026-01-01T00:00:00Z");
    c.to = T("2026-02-01T00:00:00Z");
    c.policy.min_sample = min_sample;
    return c;
  }

  QueryResult Run(const std::string& q, const QueryContext& ctx) {
    QueryEngine engine(&db_->pool());
    auto r = engine.Run(q, ctx);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    return r.ok() ? *r : QueryResult{};
  }

  // `q`'s result with the rows `insert` adds, which are deleted again
  // (services LIKE `services`) before this returns.
  QueryResult RunWithRows(const std::string& insert, const std::string& services, const std::string& q) {
    db_->Exec(insert);
    QueryResult r = Run(q, Ctx());
    db_->Exec(absl::StrCat("DELETE FROM delivery_events WHERE service LIKE '", services, "'"));
    return r;
  }

  // Rows keyed by their dimension values joined with '|' ("" for no dims,
  // "<null>" for NULL), plus "@<epoch>" for series.
  std::map<std::string, Row> Rows(const std::string& q, int min_sample = 1) { return RowsIn(q, Ctx(min_sample)); }
  std::map<std::string, Row> RowsIn(const std::string& q, const QueryContext& ctx) {
    QueryResult r = Run(q, ctx);
    const ResultTable& t = r.table;
    std::map<std::string, Row> out;
    for (const auto& cells : t.rows) {
      std::string key;
      Row row;
      for (size_t i = 0; i < t.columns.size(); ++i) {
        const std::string& name = t.columns[i].name;
        const Cell& c = cells[i];
        if (name == "service" || name == "team" || name == "environment") {
          if (!key.empty()) key += "|";
          key += IsNull(c) ? "<null>" : std::get<std::string>(c);
        } else if (name == "time") {
          key += "@" + std::to_string(absl::ToUnixSeconds(std::get<absl::Time>(c)));
        } else if (name == "value" && !IsNull(c)) {
          row.value = *NumericCell(c);
        } else if (name == "n") {
          row.n = std::get<int64_t>(c);
        } else if (name == "band" && !IsNull(c)) {
          row.band = std::get<std::string>(c);
        } else if (name == "skewed") {
          row.skewed = std::get<int64_t>(c);
        } else if (name == "unresolved") {
          row.unresolved = std::get<int64_t>(c);
        } else if (name == "note" && !IsNull(c)) {
          row.note = std::get<std::string>(c);
        }
      }
      out[key] = row;
    }
    return out;
  }

  static TestDatabase* db_;
};

TestDatabase* MetricsTest::db_ = nullptr;

TEST_F(MetricsTest, LeadTimeStatsPerService) {
  // api samples: 0 (d5 clamped, 2 min skew is within 5m), 3600, 3600, 7200, 21600, 86400.
  auto p50 = Rows("lead_time p50 by service");
  EXPECT_DOUBLE_EQ(*p50["api"].value, 5400);
  EXPECT_EQ(p50["api"].n, 6);
  EXPECT_EQ(p50["api"].skewed, 1);  // d6: first commit 3 h after the deploy
  EXPECT_EQ(p50["api"].band, "Elite");
  // db samples: 86400 x3, 172800, 259200.
  EXPECT_DOUBLE_EQ(*p50["db"].value, 86400);
  EXPECT_EQ(p50["db"].band, "High");
  EXPECT_DOUBLE_EQ(*Rows("lead_time p90 by service")["api"].value, 54000);
  EXPECT_DOUBLE_EQ(*Rows("lead_time p90 by service")["db"].value, 224640);
  EXPECT_DOUBLE_EQ(*Rows("lead_time median by service")["api"].value, 5400);
  EXPECT_DOUBLE_EQ(*Rows("lead_time mean by service")["api"].value, 20400);
  EXPECT_DOUBLE_EQ(*Rows("lead_time min by service")["api"].value, 0);
  EXPECT_DOUBLE_EQ(*Rows("lead_time max by service")["api"].value, 86400);
  EXPECT_DOUBLE_EQ(*Rows("lead_time p75 by service")["db"].value, 172800);
  EXPECT_DOUBLE_EQ(*Rows("lead_time p95 by service")["db"].value, 241920);
  EXPECT_DOUBLE_EQ(*Rows("lead_time p99 by service")["db"].value, 255744);
}

TEST_F(MetricsTest, MinimumSampleNullsTheValueWithAReason) {
  auto r = Rows("lead_time p90 by service", 5);
  EXPECT_FALSE(r["web"].value.has_value());
  EXPECT_EQ(r["web"].n, 2);
  EXPECT_EQ(r["web"].band, "");
  EXPECT_EQ(r["web"].note, "insufficient sample: n=2 < 5");
  EXPECT_TRUE(r["db"].value.has_value());                                     // exactly 5 samples is enough
  EXPECT_EQ(Run("lead_time p90 by service", Ctx(5)).insufficient_groups, 2);  // web, orphan
}

TEST_F(MetricsTest, DeploysAndFrequency) {
  auto d = Rows("deploys by service");
  EXPECT_EQ(*d["api"].value, 8);  // 9 prod deploys in range, d7 failed; rollback d8 succeeded
  EXPECT_EQ(*d["db"].value, 5);
  EXPECT_EQ(*d["web"].value, 2);
  EXPECT_EQ(*Rows("deploys")[""].value, 16);
  auto f = Rows("deploy_frequency by service");
  EXPECT_DOUBLE_EQ(*f["api"].value, 8.0 / 31);
  EXPECT_EQ(f["api"].band, "High");  // at least weekly, less than daily
  EXPECT_DOUBLE_EQ(*Rows("deploys where environment = staging")[""].value, 1);
}

TEST_F(MetricsTest, ChangeFailureAndReworkRates) {
  auto cfr = Rows("change_failure_rate by service");
  EXPECT_DOUBLE_EQ(*cfr["api"].value, 2.0 / 9);  // d7 failed, d8 rollback
  EXPECT_EQ(cfr["api"].n, 9);
  EXPECT_EQ(cfr["api"].band, "Low");  // > 20 %
  EXPECT_DOUBLE_EQ(*cfr["db"].value, 1.0 / 6);
  EXPECT_EQ(cfr["db"].band, "Medium");  // <= 20 % in dora-2024
  QueryContext c2023 = Ctx();
  c2023.policy.band_profile = "dora-2023";
  EXPECT_EQ(RowsIn("change_failure_rate by service", c2023)["db"].band, "Low");  // > 15 %
  auto rework = Rows("rework_rate by service");
  EXPECT_DOUBLE_EQ(*rework["api"].value, 2.0 / 9);  // d8 rollback, d9 hotfix
  EXPECT_DOUBLE_EQ(*rework["db"].value, 0);
  EXPECT_EQ(rework["api"].band, "");  // no published rework bands
}

TEST_F(MetricsTest, RecoveryTimeOnlyForDeployLinkedIncidents) {
  // api: i1 3600 s (duplicate open ignored), i7 60 s (first resolution), i5 resolved
  // before opened (skewed), i2 not within 24 h of an api deploy. db: i3 7200 s, i4 open.
  auto r = Rows("recovery_time p50 by service");
  EXPECT_DOUBLE_EQ(*r["api"].value, 1830);
  EXPECT_EQ(r["api"].n, 2);
  EXPECT_EQ(r["api"].skewed, 1);
  EXPECT_DOUBLE_EQ(*r["db"].value, 7200);
  EXPECT_EQ(r["db"].unresolved, 1);
  EXPECT_EQ(r["db"].band, "High");
  EXPECT_DOUBLE_EQ(*Rows("mttr max")[""].value, 7200);
  EXPECT_DOUBLE_EQ(*Rows("mttr")[""].value, 3600);
  QueryContext wide = Ctx();
  wide.policy.incident_link_window = absl::Hours(24 * 10);  // now i2 links to d9
  EXPECT_EQ(RowsIn("recovery_time by service", wide)["api"].n, 3);
}

TEST_F(MetricsTest, IncidentsCountedOnceWithTeamFromTheLinkedDeploy) {
  auto by_service = Rows("incidents by service");
  EXPECT_EQ(*by_service["api"].value, 4);  // i1, i2, i5, i7
  EXPECT_EQ(*by_service["db"].value, 2);
  EXPECT_EQ(by_service["db"].unresolved, 1);
  auto by_team = Rows("incidents by team");
  EXPECT_EQ(*by_team["payments"].value, 3);
  EXPECT_EQ(*by_team["platform"].value, 2);
  EXPECT_EQ(*by_team["<null>"].value, 1);  // i2 links to no deploy
}

TEST_F(MetricsTest, FiltersAndGrouping) {
  EXPECT_EQ(*Rows("deploys where team = payments")[""].value, 10);
  EXPECT_EQ(*Rows("deploys where team != 'payments'")[""].value, 6);  // db 5 + unowned orphan 1
  EXPECT_EQ(*Rows("deploys where service in ('api', 'db')")[""].value, 13);
  EXPECT_EQ(*Rows("deploys where service not in (api, db)")[""].value, 3);
  EXPECT_EQ(*Rows("deploys where team = payments and service = web")[""].value, 2);
  auto two = Rows("deploys by team, service");
  EXPECT_EQ(*two["payments|api"].value, 8);
  EXPECT_EQ(*two["<null>|orphan"].value, 1);
  auto env = Rows("deploys by service, environment where service = api");
  EXPECT_EQ(*env["api|prod"].value, 8);
  EXPECT_EQ(*env["api|staging"].value, 1);
  EXPECT_TRUE(Rows("deploys by service where service = 'nope'").empty());
}

TEST_F(MetricsTest, WeeklySeriesIsZeroFilled) {
  // Weeks start on Monday: 2025-12-29, 2026-01-05, -12, -19, -26.
  auto s = Rows("deploys where service = api every 1w");
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(*s["@1766966400"].value, 0);  // 2025-12-29 (d11 is before the range)
  EXPECT_EQ(*s["@1767571200"].value, 7);  // 2026-01-05
  EXPECT_EQ(*s["@1768176000"].value, 1);  // 2026-01-12
  EXPECT_EQ(*s["@1769385600"].value, 0);
  auto lt = Rows("lead_time p50 by service every 1w where service = db", 2);
  EXPECT_EQ(lt["db@1766966400"].n, 2);  // p1 (Sat 01-03) and p2 (Sun 01-04)
  EXPECT_DOUBLE_EQ(*lt["db@1766966400"].value, 86400);
}

TEST_F(MetricsTest, DailyBucketsFollowTheTimeZone) {
  QueryContext ny = Ctx();
  ny.time_zone = "America/New_York";
  auto s = RowsIn("deploys where service = api every 1d", ny);
  // Local days start at 05:00 UTC in January; the range starts 2025-12-31 19:00 local.
  EXPECT_EQ(s.size(), 32u);
  EXPECT_EQ(*s["@1767157200"].value, 0);  // 2025-12-31T05:00Z
  EXPECT_EQ(*s["@1767589200"].value, 1);  // 2026-01-05T05:00Z: d1
  EXPECT_EQ(*s["@1768107600"].value, 1);  // 2026-01-11T05:00Z: d8 (d7 failed)
  auto freq = RowsIn("deploy_frequency where service = api every 1d", ny);
  // The first local day has only 5 of its 24 hours inside the range: 0 deploys anyway.
  EXPECT_DOUBLE_EQ(*freq["@1767589200"].value, 1);
}

TEST_F(MetricsTest, BandDistribution) {
  QueryResult r = Run("lead_time p50 band distribution", Ctx(3));
  const ResultTable& t = r.table;
  ASSERT_EQ(t.rows.size(), 5u);  // four bands + insufficient
  EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "Elite");
  EXPECT_EQ(std::get<int64_t>(t.rows[0][1]), 1);  // api
  EXPECT_EQ(std::get<int64_t>(t.rows[1][1]), 1);  // db: High
  EXPECT_EQ(std::get<std::string>(t.rows[1][3]), "db");
  EXPECT_EQ(std::get<int64_t>(t.rows[0][2]), 2);
  EXPECT_EQ(std::get<std::string>(t.rows[4][3]), "orphan, web");
  QueryResult by_team = Run("lead_time p50 by team band distribution", Ctx(1));
  EXPECT_EQ(std::get<int64_t>(by_team.table.rows[0][2]), 3);  // payments, platform, (none)
}

TEST_F(MetricsTest, AnnotationsForDeploysRollbacksAndIncidents) {
  QueryResult all = Run("annotations where service = api", Ctx());
  const ResultTable& t = all.table;
  ASSERT_EQ(t.rows.size(), 13u);  // d1..d9 and incidents i1, i2, i5, i7 (i1's duplicate open ignored)
  auto col = [&](const char* name) { return t.ColumnIndex(name); };
  auto str = [&](size_t r, const char* name) {
    const Cell& c = t.rows[r][col(name)];
    return IsNull(c) ? std::string("<null>") : std::get<std::string>(c);
  };
  EXPECT_EQ(str(0, "title"), "Deploy of api");
  EXPECT_EQ(str(0, "text"), "api a1 to prod; lead time 2.0h");
  EXPECT_EQ(str(0, "tags"), "deploy,api,payments");
  EXPECT_EQ(std::get<absl::Time>(t.rows[0][col("time")]), T("2026-01-05T10:00:00Z"));
  int rollbacks = 0, failures = 0, incidents = 0;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    std::string kind = str(r, "kind");
    rollbacks += kind == "rollback";
    failures += kind == "failure";
    if (kind == "incident") {
      ++incidents;
      if (str(r, "title") == "Incident i1 on api") {
        EXPECT_EQ(std::get<absl::Time>(t.rows[r][col("timeEnd")]), T("2026-01-11T13:10:00Z"));
        EXPECT_EQ(str(r, "text"), "Resolved after 1.0h");
        EXPECT_EQ(str(r, "team"), "payments");  // from the linked deploy
      }
    } else {
      EXPECT_TRUE(IsNull(t.rows[r][col("timeEnd")]));
    }
  }
  EXPECT_EQ(rollbacks, 1);
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(incidents, 4);
  EXPECT_EQ(Run("annotations rollbacks", Ctx()).table.rows.size(), 1u);
  EXPECT_EQ(Run("annotations failures", Ctx()).table.rows.size(), 2u);  // d7 and db's p3
  QueryResult platform = Run("annotations incidents where team = platform", Ctx());
  ASSERT_EQ(platform.table.rows.size(), 2u);  // i4 (open) then i3
  EXPECT_EQ(std::get<std::string>(platform.table.rows[0][platform.table.ColumnIndex("text")]), "Still open");
}

// The reference design's SQL, verbatim in substance, on the same rows.
TEST_F(MetricsTest, LeadTimeSamplesAreTheSlowestCountedDeploys) {
  // api's counted samples: a2 86400, a4 21600, a1 7200, a9 3600 (01-12), a3 3600 (01-07), a5 0
  // (clamped); a6 is skewed, a7 failed, a8 a rollback without a first commit, a0 outside.
  QueryResult r = Run("lead_time samples where service = api limit 5", Ctx());
  const ResultTable& t = r.table;
  ASSERT_EQ(t.rows.size(), 5u);
  const int sha = t.ColumnIndex("commit_sha"), value = t.ColumnIndex("value");
  const int first = t.ColumnIndex("first_commit_at"), deployed = t.ColumnIndex("deployed_at");
  std::vector<std::string> shas;
  for (const auto& row : t.rows) shas.push_back(std::get<std::string>(row[sha]));
  EXPECT_EQ(shas, (std::vector<std::string>{"a2", "a4", "a1", "a9", "a3"}));
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][value]), 86400);
  EXPECT_EQ(std::get<absl::Time>(t.rows[0][first]), T("2026-01-05T10:00:00Z"));
  EXPECT_EQ(std::get<absl::Time>(t.rows[0][deployed]), T("2026-01-06T10:00:00Z"));
  EXPECT_EQ(t.columns[value].unit, Unit::kSeconds);
  EXPECT_EQ(r.notices.size(), 1u);  // more matched than the limit
  QueryResult all = Run("lead_time samples where service = api limit 6", Ctx());
  EXPECT_EQ(all.table.rows.size(), 6u);
  EXPECT_TRUE(all.notices.empty());  // exactly the limit: nothing left out
  EXPECT_EQ(Run("lead_time samples where service = api", Ctx()).table.rows.size(), 6u);
}

TEST_F(MetricsTest, RecoveryTimeSamplesAreLinkedResolvedIncidents) {
  // Linked and resolved: i1 (1 h from its first open), i3 (2 h), i7 (1 min); i2 has no
  // deploy within 24 h before it, i4 is open, i5 resolved before it opened (skew).
  QueryResult r = Run("recovery_time samples", Ctx());
  const ResultTable& t = r.table;
  std::vector<std::pair<std::string, double>> got;
  for (const auto& row : t.rows) {
    got.emplace_back(std::get<std::string>(row[t.ColumnIndex("incident_id")]),
                     std::get<double>(row[t.ColumnIndex("value")]));
  }
  EXPECT_EQ(got, (std::vector<std::pair<std::string, double>>{{"i3", 7200}, {"i1", 3600}, {"i7", 60}}));
}

TEST_F(MetricsTest, DataQualityPerSource) {
  QueryResult r = Run("data_quality", Ctx());
  const ResultTable& t = r.table;
  std::map<std::string, std::vector<Cell>> by_source;
  for (const auto& row : t.rows) by_source[std::get<std::string>(row[0])] = row;
  ASSERT_EQ(by_source.size(), 3u);
  auto count = [&](const char* source, const char* column) {
    return std::get<int64_t>(by_source[source][t.ColumnIndex(column)]);
  };
  // ci: api d1..d10 (d11 is outside), web 2, db 6, orphan 1; every environment counts.
  EXPECT_EQ(count("ci", "events"), 19);
  EXPECT_EQ(count("ci", "deploys"), 19);
  EXPECT_EQ(count("ci", "skewed"), 1);                        // d6 (d5's 2 min is tolerated)
  EXPECT_EQ(count("ci", "deploys_without_first_commit"), 0);  // d8 is a rollback
  EXPECT_EQ(count("github", "changes"), 1);
  EXPECT_EQ(count("pagerduty", "events"), 13);
  EXPECT_EQ(count("pagerduty", "incidents"), 7);
  EXPECT_EQ(count("pagerduty", "resolved_without_open"), 0);
  EXPECT_EQ(std::get<absl::Time>(by_source["ci"][t.ColumnIndex("last_event_at")]), T("2026-01-20T10:00:00Z"));

  db_->Exec(
      "INSERT INTO delivery_events (event_type, service, environment, occurred_at, incident_id, source, "
      "dedupe_key, success) VALUES ('incident_resolved', 'lonely', 'prod', '2026-01-21 10:00Z', 'i9', "
      "'pagerduty', 'i9r', NULL), ('deploy', 'lonely', 'prod', '2026-01-21 11:00Z', NULL, 'ci', 'l1', true)");
  QueryResult lonely = Run("data_quality where service = lonely", Ctx());
  db_->Exec("DELETE FROM delivery_events WHERE service = 'lonely'");
  ASSERT_EQ(lonely.table.rows.size(), 2u);  // ci, pagerduty
  EXPECT_EQ(std::get<int64_t>(lonely.table.rows[0][t.ColumnIndex("deploys_without_first_commit")]), 1);
  EXPECT_EQ(std::get<int64_t>(lonely.table.rows[1][t.ColumnIndex("resolved_without_open")]), 1);
}

// A twin is a deploy of the same service, environment, commit and outcome
// from another source within a minute, wherever it is: outside the window,
// outside a team filter, or unowned.
TEST_F(MetricsTest, DataQualitySuspectedDuplicatesFindTwinsBeyondTheWindowAndFilters) {
  QueryResult r = RunWithRows(
      "INSERT INTO delivery_events (event_type, service, team, environment, commit_sha, occurred_at, success, "
      "source, dedupe_key) VALUES "
      // a: its twin is 30 s before the window starts
      "('deploy', 'twin-a', 'red', 'prod', 'aaa', '2026-01-01 00:00:20Z', true, 'ci', 'ta1'), "
      "('deploy', 'twin-a', 'red', 'prod', 'aaa', '2025-12-31 23:59:50Z', true, 'argo', 'ta2'), "
      // b: its twin is 40 s after the window ends, and unowned
      "('deploy', 'twin-b', 'red', 'prod', 'bbb', '2026-01-31 23:59:40Z', true, 'ci', 'tb1'), "
      "('deploy', 'twin-b', NULL, 'prod', 'bbb', '2026-02-01 00:00:20Z', true, 'argo', 'tb2'), "
      // c: same commit from another source, but 2 minutes apart, or another outcome: no twin
      "('deploy', 'twin-c', 'red', 'prod', 'ccc', '2026-01-15 10:00:00Z', true, 'ci', 'tc1'), "
      "('deploy', 'twin-c', 'red', 'prod', 'ccc', '2026-01-15 10:02:00Z', true, 'argo', 'tc2'), "
      "('deploy', 'twin-c', 'red', 'prod', 'ccc', '2026-01-15 10:00:30Z', false, 'argo', 'tc3')",
      "twin-%", "data_quality where team = 'red'");
  const ResultTable& t = r.table;
  ASSERT_EQ(t.rows.size(), 2u);  // argo (tc2, tc3), ci (ta1, tb1, tc1)
  EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "argo");
  EXPECT_EQ(std::get<int64_t>(t.rows[0][t.ColumnIndex("deploys")]), 2);
  EXPECT_EQ(std::get<int64_t>(t.rows[0][t.ColumnIndex("suspected_duplicates")]), 0);
  EXPECT_EQ(std::get<std::string>(t.rows[1][0]), "ci");
  EXPECT_EQ(std::get<int64_t>(t.rows[1][t.ColumnIndex("deploys")]), 3);
  EXPECT_EQ(std::get<int64_t>(t.rows[1][t.ColumnIndex("suspected_duplicates")]), 2);  // ta1, tb1
  EXPECT_EQ(std::get<std::string>(t.rows[1][t.ColumnIndex("deploy_environments")]), "prod: 3");
}

// Services are probed for twins by hash class (64 classes): 140 services,
// each deploying from one source at the same minute with the same commit,
// share classes across sources, and none is a suspected duplicate.
TEST_F(MetricsTest, DataQualityTwinsAreTheSameServiceNotTheSameHashClass) {
  QueryResult r = RunWithRows(
      "INSERT INTO delivery_events (event_type, service, team, environment, commit_sha, occurred_at, success, "
      "source, dedupe_key) "
      "SELECT 'deploy', 'class-' || g, 'blue', 'prod', 'same', '2026-01-20 12:00:00Z', true, "
      "CASE WHEN g % 2 = 0 THEN 'ci' ELSE 'argo' END, 'cls' || g FROM generate_series(1, 140) AS g",
      "class-%", "data_quality where team = 'blue'");
  const ResultTable& t = r.table;
  ASSERT_EQ(t.rows.size(), 2u);
  for (const auto& row : t.rows) {
    EXPECT_EQ(std::get<int64_t>(row[t.ColumnIndex("deploys")]), 70);
    EXPECT_EQ(std::get<int64_t>(row[t.ColumnIndex("suspected_duplicates")]), 0);
  }
}

TEST_F(MetricsTest, MatchesReferenceSqlWhereDefinitionsCoincide) {
  const std::string window = " AND occurred_at >= '2026-01-01T00:00:00Z' AND occurred_at < '2026-02-01T00:00:00Z'";
  // Lead time: the reference filters skew with occurred_at >= first_commit_ts; db has no skew.
  SqlResult lead = db_->Exec(
      "SELECT service, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (occurred_at - "
      "first_commit_ts))), percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (occurred_at "
      "- first_commit_ts))), count(*) FROM delivery_events WHERE event_type = 'deploy' AND environment "
      "= 'prod' AND success = TRUE AND first_commit_ts IS NOT NULL AND occurred_at >= first_commit_ts" +
      window + " AND service = 'db' GROUP BY service");
  EXPECT_DOUBLE_EQ(CellDouble(lead, 0, 1), *Rows("lead_time p50 by service")["db"].value);
  EXPECT_DOUBLE_EQ(CellDouble(lead, 0, 2), *Rows("lead_time p90 by service")["db"].value);
  EXPECT_EQ(CellInt64(lead, 0, 3), Rows("lead_time by service")["db"].n);

  // Change failure rate: identical definition for every service.
  SqlResult cfr = db_->Exec(
      "WITH prod AS (SELECT * FROM delivery_events WHERE event_type = 'deploy' AND environment = 'prod'" + window +
      ") SELECT service, count(*) FILTER (WHERE success = FALSE OR is_rollback)::numeric / "
      "NULLIF(count(*), 0), count(*) FROM prod GROUP BY service ORDER BY service");
  auto ours = Rows("change_failure_rate by service");
  ASSERT_EQ(cfr.rows.size(), ours.size());
  for (size_t i = 0; i < cfr.rows.size(); ++i) {
    const Row& o = ours[CellText(cfr, i, 0)];
    EXPECT_NEAR(CellDouble(cfr, i, 1), *o.value, 1e-12) << CellText(cfr, i, 0);
    EXPECT_EQ(CellInt64(cfr, i, 2), o.n);
  }

  // Deploy counts: the reference deployment-frequency query summed over the window.
  SqlResult df = db_->Exec(
      "SELECT service, count(*) FROM delivery_events WHERE event_type = 'deploy' AND environment = "
      "'prod' AND success = TRUE" +
      window + " GROUP BY service");
  auto deploys = Rows("deploys by service");
  for (size_t i = 0; i < df.rows.size(); ++i) {
    EXPECT_EQ(CellInt64(df, i, 1), *deploys[CellText(df, i, 0)].value);
  }

  // MTTR: the reference takes every incident; for db every incident is deploy-linked.
  SqlResult mttr = db_->Exec(
      "WITH incidents AS (SELECT service, incident_id, min(occurred_at) FILTER (WHERE event_type = "
      "'incident_open') AS opened, min(occurred_at) FILTER (WHERE event_type = 'incident_resolved') AS "
      "resolved FROM delivery_events WHERE event_type IN ('incident_open', 'incident_resolved') GROUP BY "
      "service, incident_id) SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "
      "(resolved - opened))) FROM incidents WHERE resolved IS NOT NULL AND service = 'db'");
  EXPECT_DOUBLE_EQ(CellDouble(mttr, 0, 0), *Rows("recovery_time p50 by service")["db"].value);
}

}  // namespace
}  // namespace dora
