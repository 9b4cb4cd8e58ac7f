// The built `dora` binary, run as a user would, against a real PostgreSQL.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "absl/strings/str_cat.h"
#include "dora_cli.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sql_cells.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::CellDouble;
using testing::CellInt64;
using testing::CellText;
using testing::RunResult;
using testing::TestDatabase;

RunResult Dora(const std::string& url, const std::vector<std::string>& args) {
  return testing::RunDora(DORA_BINARY, url, args);
}

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("cli", /*migrate=*/false);
    // A table created by hand from the reference design, with one row in it.
    db_->Exec(
        "CREATE TABLE delivery_events (id BIGSERIAL PRIMARY KEY, event_type TEXT NOT NULL, service TEXT NOT NULL, "
        "team TEXT, environment TEXT, commit_sha TEXT, first_commit_ts TIMESTAMPTZ, occurred_at TIMESTAMPTZ NOT NULL, "
        "success BOOLEAN, is_rollback BOOLEAN DEFAULT FALSE, incident_id TEXT, source TEXT NOT NULL, payload JSONB, "
        "ingested_at TIMESTAMPTZ NOT NULL DEFAULT now());"
        "CREATE INDEX idx_events_service_time ON delivery_events (service, occurred_at);"
        "CREATE INDEX idx_events_type ON delivery_events (event_type, environment);"
        "INSERT INTO delivery_events (event_type, service, occurred_at, source) VALUES ('change', 'legacy', now(), "
        "'github');"
        // The reference design's band function, to compare classifications with.
        "CREATE FUNCTION lead_time_band(hours numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
        "SELECT CASE WHEN hours < 24 THEN 'Elite' WHEN hours < 24 * 7 THEN 'High' "
        "WHEN hours < 24 * 30 THEN 'Medium' ELSE 'Low' END; $$;");
  }
  static void TearDownTestSuite() { delete db_; }
  static TestDatabase* db_;
};

TestDatabase* CliTest::db_ = nullptr;

TEST_F(CliTest, EndToEnd) {
  // 1. migrate adopts the hand-made table.
  RunResult m = Dora(db_->url(), {"migrate"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("adopted existing delivery_events table in place"), std::string::npos) << m.out;
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events WHERE service = 'legacy'"), 1);
  EXPECT_NE(Dora(db_->url(), {"migrate"}).out.find("already up to date"), std::string::npos);

  // 2. demo data, loaded twice, is stored once.
  RunResult d1 = Dora(db_->url(), {"demo", "--services", "10", "--days", "120", "--end", "2026-06-01"});
  ASSERT_EQ(d1.exit_code, 0) << d1.err;
  const int64_t stored = db_->Count("SELECT count(*) FROM delivery_events");
  RunResult d2 = Dora(db_->url(), {"demo", "--services", "10", "--days", "120", "--end", "2026-06-01"});
  ASSERT_EQ(d2.exit_code, 0) << d2.err;
  EXPECT_NE(d2.out.find("demo: 0 events stored"), std::string::npos) << d2.out;
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events"), stored);
  // A load of the seed on a later day replaces the earlier load instead of
  // mixing with it (incident ids repeat from load to load); loading the
  // first again brings its events back.
  const std::string orphans =
      "SELECT count(*) FROM delivery_events r WHERE r.event_type = 'incident_resolved' AND NOT EXISTS ("
      "SELECT 1 FROM delivery_events o WHERE o.event_type = 'incident_open' AND o.incident_id = r.incident_id "
      "AND o.service = r.service)";
  const int64_t orphans_before = db_->Count(orphans);
  RunResult later = Dora(db_->url(), {"demo", "--services", "10", "--days", "120", "--end", "2026-06-02"});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("events of an earlier load of seed 42 deleted"), std::string::npos) << later.out;
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events WHERE dedupe_key LIKE 'demo-%' AND "
                       "dedupe_key NOT LIKE 'demo-42-20260602T000000-10x120x1-%'"),
            0);
  EXPECT_EQ(db_->Count(orphans), orphans_before);
  RunResult again = Dora(db_->url(), {"demo", "--services", "10", "--days", "120", "--end", "2026-06-01"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events"), stored);

  // 3. lead_time p90 by service equals percentile_cont(0.9) over the same rows.
  RunResult q = Dora(db_->url(), {"query", "--format", "json", "lead_time p90 by service", "--from",
                                  "2026-03-03T00:00:00Z", "--to", "2026-06-01T00:00:00Z"});
  ASSERT_EQ(q.exit_code, 0) << q.err;
  nlohmann::json rows = nlohmann::json::parse(q.out);
  SqlResult ref = db_->Exec(
      "SELECT service, percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (occurred_at - "
      "first_commit_ts))) AS p90, "
      "count(*) AS n, lead_time_band((percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "
      "(occurred_at - first_commit_ts))) / 3600.0)::numeric) AS band "
      "FROM delivery_events WHERE event_type = 'deploy' AND environment = 'prod' AND success "
      "AND first_commit_ts IS NOT NULL AND occurred_at >= first_commit_ts "
      "AND occurred_at >= '2026-03-03T00:00:00Z' AND occurred_at < '2026-06-01T00:00:00Z' "
      "GROUP BY service ORDER BY service");
  ASSERT_EQ(rows.size(), ref.rows.size());
  int compared = 0;
  for (size_t i = 0; i < ref.rows.size(); ++i) {
    const auto& row = rows[i];
    SCOPED_TRACE(CellText(ref, i, 0));
    EXPECT_EQ(row["service"], CellText(ref, i, 0));
    EXPECT_EQ(row["n"].get<int64_t>(), CellInt64(ref, i, 2));
    if (row["n"].get<int64_t>() < 5) {
      EXPECT_TRUE(row["value"].is_null());
      continue;
    }
    EXPECT_NEAR(row["value"].get<double>(), CellDouble(ref, i, 1), 1e-6);
    EXPECT_EQ(row["band"], CellText(ref, i, 3));
    ++compared;
  }
  EXPECT_GE(compared, 5);

  // 4. the acceptance command itself, relative range and all.
  RunResult rel = Dora(db_->url(), {"query", "--format", "json", "lead_time p90 by service", "--from", "now-90d"});
  ASSERT_EQ(rel.exit_code, 0) << rel.err;
  ASSERT_TRUE(nlohmann::json::parse(rel.out).is_array());

  // 5. verify passes on demo data; report prints every service.
  const auto verify = [&] { return Dora(db_->url(), {"verify", "--from", "2026-01-01", "--to", "2026-06-01"}); };
  RunResult v = verify();
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  for (const char* check :
       {"every resolved incident has a matching open", "deploy_day_counts equals the deploys of each day",
        "deploy_week_counts equals the deploys of each week", "incident_firsts equals the incidents' events",
        "lead_time_days equals the lead times of each day", "event_day_counts equals the events of each day",
        "event_week_counts equals the events of each week",
        "unopened_resolutions equals the resolutions without an open"}) {
    EXPECT_NE(v.out.find(absl::StrCat("PASS  ", check)), std::string::npos) << check << "\n" << v.out;
  }
  // A kept table changed behind the triggers' back fails its check, which
  // names (`detail`, when given) the first day or week that differs.
  const auto expect_failure = [&](const std::string& check, const std::string& detail) {
    RunResult drifted = verify();
    EXPECT_NE(drifted.exit_code, 0);
    EXPECT_NE(drifted.out.find("FAIL  " + check), std::string::npos) << drifted.out;
    if (!detail.empty()) EXPECT_NE(drifted.out.find(detail), std::string::npos) << drifted.out;
  };
  db_->Exec(
      "UPDATE deploy_day_counts SET deploys = deploys + 1 WHERE day = (SELECT max(day) FROM deploy_day_counts "
      "WHERE day < '2026-06-01')");
  expect_failure("deploy_day_counts equals the deploys of each day", "");
  db_->Exec(
      "UPDATE deploy_day_counts SET deploys = deploys - 1 WHERE day = (SELECT max(day) FROM deploy_day_counts "
      "WHERE day < '2026-06-01')");
  db_->Exec(
      "DELETE FROM deploy_week_counts WHERE (week, service) = (SELECT week, service FROM deploy_week_counts "
      "WHERE week = '2026-05-25' ORDER BY service LIMIT 1)");
  expect_failure("deploy_week_counts equals the deploys of each week", "the first in the week of 2026-05-25");
  db_->Exec(
      "INSERT INTO deploy_week_counts SELECT date_trunc('week', occurred_at AT TIME ZONE 'UTC')::date, "
      "environment, service, team, success, is_rollback, hotfix, count(*) FROM delivery_events "
      "WHERE event_type = 'deploy' AND occurred_at >= '2026-05-25T00:00:00Z' AND occurred_at < '2026-06-01T00:00:00Z' "
      "GROUP BY 1, 2, 3, 4, 5, 6, 7 ON CONFLICT DO NOTHING");
  // A lead time changed by a microsecond is named too.
  db_->Exec(
      "UPDATE lead_time_days SET lead_us = regexp_replace(lead_us, '^[^,.]*[,.]', 'E,') WHERE (day, service) = "
      "(SELECT day, service FROM lead_time_days WHERE day < '2026-06-01' ORDER BY day DESC, service LIMIT 1)");
  expect_failure("lead_time_days equals the lead times of each day",
                 "lead times differ from the events', the first on 2026-05-31");
  db_->Exec(
      "INSERT INTO unopened_resolutions SELECT id, occurred_at, source, service, team, environment, incident_id "
      "FROM delivery_events WHERE event_type = 'incident_resolved' AND occurred_at < '2026-06-01' "
      "ORDER BY occurred_at DESC LIMIT 1");
  expect_failure("unopened_resolutions equals the resolutions without an open", "resolutions differ from the events'");
  db_->Exec("TRUNCATE unopened_resolutions");
  RunResult rep = Dora(db_->url(), {"report", "--from", "2026-03-03", "--to", "2026-06-01"});
  ASSERT_EQ(rep.exit_code, 0) << rep.err;
  EXPECT_NE(rep.out.find("checkout"), std::string::npos);
  RunResult csv = Dora(db_->url(), {"query", "--format", "csv", "--from", "2026-05-01", "--to", "2026-06-01",
                                    "change_failure_rate by team every 1w"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "team,time,value,n,band,note");
}

TEST_F(CliTest, ErrorsArePositionedAndExitNonZero) {
  RunResult bad = Dora(db_->url(), {"query", "lead_tme p90 by service"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown metric 'lead_tme' at 1"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("did you mean 'lead_time'?"), std::string::npos);
  EXPECT_NE(bad.err.find("^^^^^^^^"), std::string::npos);
  EXPECT_TRUE(bad.out.empty());
  RunResult syntax = Dora(db_->url(), {"query", "deploys where team ="});
  EXPECT_EQ(syntax.exit_code, 2);
  EXPECT_NE(syntax.err.find("parse error: unexpected end of query at 21"), std::string::npos) << syntax.err;
  RunResult flag = Dora(db_->url(), {"query", "--formt", "json", "deploys"});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.err.find("did you mean '--format'?"), std::string::npos);
  RunResult down = Dora("postgresql://postgres@127.0.0.1:1/nowhere", {"query", "deploys"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("database error: connecting"), std::string::npos) << down.err;
  // dora serve refuses a database that `dora migrate` has not brought to its
  // schema: every event would be rejected.
  {
    TestDatabase behind("cli_serve_behind");
    behind.Exec("DELETE FROM dora_schema_migrations WHERE version = (SELECT max(version) FROM dora_schema_migrations)");
    RunResult serve = Dora(behind.url(), {"serve", "--listen", "127.0.0.1:0", "--spool-dir",
                                          absl::StrCat("/tmp/dora_cli_behind_spool_", getpid())});
    EXPECT_EQ(serve.exit_code, 1);
    EXPECT_NE(serve.err.find("run `dora migrate` before `dora serve`"), std::string::npos) << serve.err;
  }
  // The policy ranges are the ones the plugin settings enforce.
  RunResult window = Dora(db_->url(), {"query", "--incident-window", "0s", "recovery_time"});
  EXPECT_EQ(window.exit_code, 2);
  EXPECT_NE(window.err.find("--incident-window: must be positive"), std::string::npos) << window.err;
  RunResult sample = Dora(db_->url(), {"query", "--min-sample", "2000000", "lead_time"});
  EXPECT_EQ(sample.exit_code, 2);
  EXPECT_NE(sample.err.find("--min-sample: must be a whole number from 1 to 1000000"), std::string::npos) << sample.err;
  EXPECT_EQ(Dora(db_->url(), {"query", "--help"}).exit_code, 0);
  EXPECT_EQ(Dora(db_->url(), {"frobnicate"}).exit_code, 2);
}

}  // namespace
}  // namespace dora
