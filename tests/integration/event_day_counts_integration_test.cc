// event_day_counts and event_week_counts (migrations 11 and 15) on a real
// PostgreSQL: the migrations fill them from the stored events, their
// triggers keep them equal to delivery_events through the writer's inserts
// (duplicates included), the first-commit completion, other updates,
// deletes and truncation; and every data_quality row (whole UTC weeks and
// days from the tables, the rest of the window from the events) equals PostgreSQL's own counts over the events of its
// window, aligned or with fractional-second edges, shorter than a day, with filters.
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/time_spec.h"
#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "store/event_writer.h"
#include "store/migrations.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

// Rows of the daily and the weekly table that differ from a GROUP BY of the
// events, both ways (the first commits ahead compared as sorted arrays).
int64_t Mismatches(TestDatabase& db) {
  int64_t differ = 0;
  for (const auto& [period, table, column] :
       {std::tuple<std::string, std::string, std::string>{"(occurred_at AT TIME ZONE 'UTC')::date", "event_day_counts",
                                                          "day"},
        {"date_trunc('week', occurred_at AT TIME ZONE 'UTC')::date", "event_week_counts", "week"}}) {
    const std::string events = absl::StrCat(
        "SELECT ", period,
        ", source, event_type, environment, environment_raw, service, "
        "team, count(*)::int, count(*) FILTER (WHERE event_type = 'deploy' AND success AND is_rollback IS NOT TRUE "
        "AND first_commit_ts IS NULL)::int, array_agg(((extract(epoch FROM first_commit_ts) - extract(epoch FROM "
        "occurred_at)) * 1000000)::bigint ORDER BY first_commit_ts - occurred_at) FILTER (WHERE event_type = "
        "'deploy' AND first_commit_ts > occurred_at), max(occurred_at), max(ingested_at) "
        "FROM delivery_events GROUP BY 1, 2, 3, 4, 5, 6, 7");
    const std::string kept =
        absl::StrCat("SELECT ", column,
                     ", source, event_type, environment, environment_raw, service, team, events, without_first_commit, "
                     "(SELECT array_agg(a ORDER BY a) FROM unnest(ahead_us) AS a), last_at, received_at FROM ",
                     table);
    differ += db.RowsThatDiffer(events, kept);
  }
  return differ;
}

// Changes, deploys (some without a first commit, some with one later than
// the deploy: within and beyond a 5-minute tolerance, one exactly at it),
// incident opens and resolutions (some never opened) of q1..q3 from two
// sources each, about every 41 min from Mar 10, 2026 (fractional seconds),
// teams t1, t2 and none, environments as sent and stored.
void InsertEvents(TestDatabase& db) {
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, team, environment, environment_raw, occurred_at, "
      "first_commit_ts, success, is_rollback, incident_id, source, dedupe_key) "
      "SELECT CASE g % 7 WHEN 0 THEN 'change' WHEN 1 THEN 'incident_open' WHEN 2 THEN 'incident_resolved' "
      "ELSE 'deploy' END, 'q' || (g % 3 + 1), CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN 't2' ELSE 't1' END, "
      "CASE WHEN g % 13 = 0 THEN 'staging' WHEN g % 11 = 0 THEN NULL ELSE 'prod' END, "
      "CASE WHEN g % 4 = 0 THEN 'Production' END, ts, "
      "CASE WHEN g % 9 = 0 THEN NULL WHEN g % 10 = 3 THEN ts + interval '5 minutes' "
      "WHEN g % 10 = 4 THEN ts + interval '5 minutes 0.000001 seconds' WHEN g % 10 = 5 THEN ts + interval '1 hour' "
      "ELSE ts - (g * 7919 % 90000) * interval '1 second' END, "
      "CASE WHEN g % 29 = 0 THEN NULL ELSE g % 8 <> 0 END, g % 19 = 0, "
      "CASE WHEN g % 7 IN (1, 2) THEN 'i' || (g / 7 + (g % 23 = 2)::int * 1000) END, "
      "CASE WHEN g % 2 = 0 THEN 'ci' ELSE 'argocd' END, 'm' || g "
      "FROM generate_series(1, 1500) AS g, "
      "LATERAL (SELECT timestamptz '2026-03-10T00:00:00Z' + g * interval '41 minutes 7.123457 seconds' AS ts) t");
}

TEST(EventDayCountsTest, MigrationFillsItAndTriggersFollowEveryChange) {
  TestDatabase db("event_days_kept");
  db.DropKeptTablesFrom(11);
  InsertEvents(db);
  auto session = testing::OpenSession(db.url());
  auto r = Migrate(*session);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version_before, 10);
  ASSERT_EQ(r->applied.size(), 6u);  // and versions 12 to 16
  EXPECT_EQ(r->applied[0].substr(0, 3), "11:");
  EXPECT_GT(db.Count("SELECT count(*) FROM event_day_counts"), 100);
  EXPECT_GT(db.Count("SELECT count(*) FROM event_week_counts"), 30);
  EXPECT_EQ(Mismatches(db), 0);

  std::vector<DeliveryEvent> batch;
  for (int i = 0; i < 40; ++i) {
    DeliveryEvent e;
    e.event_type = i % 4 == 0 ? EventType::kChange : EventType::kDeploy;
    e.service = i % 2 ? "q1" : "w9";
    e.environment = "prod";
    e.commit_sha = absl::StrCat("c", i);
    e.occurred_at = T("2026-03-31T23:59:59.999999Z") + absl::Seconds(i * 3600 % 7200) - absl::Seconds(3600);
    if (i % 3 == 0) e.first_commit_ts = e.occurred_at - absl::Seconds(i * 611);
    e.success = i % 7 != 0;
    e.source = "ci";
    e.dedupe_key = absl::StrCat("w", i);
    batch.push_back(e);
  }
  for (int round = 0; round < 2; ++round) {
    auto stored = dora::InsertEvents(*session, batch);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->inserted, round == 0 ? 40 : 0);
    EXPECT_EQ(Mismatches(db), 0) << "round " << round;
  }
  db.Exec(
      "UPDATE delivery_events SET first_commit_ts = occurred_at - interval '2 hours' "
      "WHERE first_commit_ts IS NULL AND event_type = 'deploy'");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET success = NOT success, team = 't9' WHERE id % 7 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET occurred_at = occurred_at + interval '11 hours 0.5 seconds' WHERE id % 3 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET source = 'github', environment_raw = 'live' WHERE id % 11 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET url = 'https://x.example/' || id WHERE id % 2 = 0");  // nothing it reads
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE id % 5 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE service = 'w9'");
  EXPECT_EQ(Mismatches(db), 0);
  EXPECT_EQ(db.Count("SELECT count(*) FROM event_day_counts WHERE service = 'w9'"), 0);  // no empty rows
  EXPECT_EQ(db.Count("SELECT count(*) FROM event_week_counts WHERE service = 'w9'"), 0);
  db.Exec("TRUNCATE delivery_events");
  EXPECT_EQ(db.Count("SELECT count(*) FROM event_day_counts"), 0);
  EXPECT_EQ(db.Count("SELECT count(*) FROM event_week_counts"), 0);
}

// Every data_quality row equals PostgreSQL's counts over the window's events
// of its source (the filters applied); every source with such events has a
// row.
TEST(EventDayCountsTest, DataQualityEqualsPostgresOverItsWindow) {
  TestDatabase db("event_days_queries");
  InsertEvents(db);
  struct Range {
    const char* from;
    const char* to;
  };
  const Range ranges[] = {{"2026-03-11T00:00:00Z", "2026-04-01T00:00:00Z"},
                          {"2026-03-11T05:17:03.25Z", "2026-04-01T19:00:00.5Z"},
                          {"2026-03-12T03:00:00.5Z", "2026-03-12T21:00:00Z"},
                          {"2026-03-12T23:59:30Z", "2026-03-14T00:00:30Z"},
                          {"2026-03-16T00:00:00Z", "2026-03-30T00:00:00Z"}};  // two whole weeks, no other day
  struct Filtered {
    const char* query;
    const char* where;  // the same rows in SQL over `x`
  };
  const Filtered queries[] = {
      {"data_quality", "true"},
      {"data_quality where service = 'q2'", "x.service = 'q2'"},
      {"data_quality where team != 't1'", "x.team IS DISTINCT FROM 't1'"},
      {"data_quality where environment in ('prod', 'staging')", "x.environment IN ('prod', 'staging')"}};
  size_t compared = 0;
  for (const Range& range : ranges) {
    for (const Filtered& f : queries) {
      QueryContext ctx;
      ctx.from = T(range.from);
      ctx.to = T(range.to);
      QueryEngine engine(&db.pool());
      auto r = engine.Run(f.query, ctx);
      ASSERT_TRUE(r.ok()) << f.query << ": " << r.status();
      const ResultTable& t = r->table;
      const std::string at = absl::StrCat(f.query, " [", range.from, ", ", range.to, ")");
      SqlResult want = db.Exec(absl::StrCat(
          "SELECT x.source, count(*), count(*) FILTER (WHERE x.event_type = 'change'), "
          "count(*) FILTER (WHERE x.event_type = 'deploy'), count(*) FILTER (WHERE x.event_type = 'incident_open'), "
          "count(*) FILTER (WHERE x.event_type = 'deploy' AND x.success AND x.is_rollback IS NOT TRUE AND "
          "x.first_commit_ts IS NULL), count(*) FILTER (WHERE x.event_type = 'deploy' AND x.first_commit_ts > "
          "x.occurred_at + interval '5 minutes'), (extract(epoch FROM max(x.occurred_at)) * 1000000)::bigint "
          "FROM delivery_events x WHERE ",
          f.where, " AND x.occurred_at >= '", range.from, "' AND x.occurred_at < '", range.to,
          "' GROUP BY 1 ORDER BY 1"));
      ASSERT_EQ(t.rows.size(), want.rows.size()) << at;
      const char* columns[] = {"source", "events", "changes", "deploys", "incidents", "deploys_without_first_commit",
                               "skewed"};
      for (size_t i = 0; i < t.rows.size(); ++i) {
        EXPECT_EQ(std::get<std::string>(t.rows[i][t.ColumnIndex("source")]), *want.rows[i][0]) << at;
        for (size_t c = 1; c < 7; ++c) {
          EXPECT_EQ(std::get<int64_t>(t.rows[i][t.ColumnIndex(columns[c])]), std::stoll(*want.rows[i][c]))
              << at << " " << columns[c];
        }
        EXPECT_EQ(absl::ToUnixMicros(std::get<absl::Time>(t.rows[i][t.ColumnIndex("last_event_at")])),
                  std::stoll(*want.rows[i][7]))
            << at;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 20u);
}

}  // namespace
}  // namespace dora
