// incident_firsts (migration 9) on a real PostgreSQL: the migration fills it
// from the stored events and its triggers keep it equal to an independent
// computation from delivery_events (first open by time then id, first
// resolution, latest deploy of the service and environment at or before the
// open) through the writer's inserts (duplicates included), updates of
// times, teams and environments, deletes and truncation. The queries that
// read it are held to their answers by the metrics, rolling, metric-truth
// and annotation tests.

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "store/event_writer.h"
#include "store/migrations.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

// Rows of incident_firsts that differ from the events' own answer, both ways.
int64_t FirstsMismatches(TestDatabase& db) {
  const std::string want = R"sql(
    SELECT o.service, o.incident_id, o.id, o.occurred_at, o.team, o.env, o.url, r.resolved_at, dl.occurred_at, dl.team
    FROM (SELECT DISTINCT ON (service, incident_id) service, incident_id, id, occurred_at, team,
                 coalesce(environment, 'prod') AS env, url
          FROM delivery_events WHERE event_type = 'incident_open' AND incident_id IS NOT NULL
          ORDER BY service, incident_id, occurred_at, id) AS o
    LEFT JOIN (SELECT service, incident_id, min(occurred_at) AS resolved_at FROM delivery_events
               WHERE event_type = 'incident_resolved' GROUP BY 1, 2) AS r USING (service, incident_id)
    LEFT JOIN LATERAL (SELECT d.occurred_at, d.team FROM delivery_events d
                       WHERE d.event_type = 'deploy' AND d.service = o.service AND d.environment = o.env
                         AND d.occurred_at <= o.occurred_at
                       ORDER BY d.occurred_at DESC, d.id DESC LIMIT 1) AS dl ON true)sql";
  const std::string have =
      "SELECT service, incident_id, open_id, opened_at, team, environment, url, resolved_at, deploy_at, deploy_team "
      "FROM incident_firsts";
  return db.RowsThatDiffer(want, have);
}

// Rows of unopened_resolutions (migration 16) that differ from the events'
// resolutions without an open, both ways.
int64_t UnopenedMismatches(TestDatabase& db) {
  const std::string want =
      "SELECT e.id, e.occurred_at, e.source, e.service, e.team, e.environment, e.incident_id FROM delivery_events e "
      "WHERE e.event_type = 'incident_resolved' AND NOT EXISTS (SELECT 1 FROM delivery_events o "
      "WHERE o.event_type = 'incident_open' AND o.service = e.service AND o.incident_id = e.incident_id)";
  const std::string have =
      "SELECT id, occurred_at, source, service, team, environment, incident_id "
      "FROM unopened_resolutions";
  return db.RowsThatDiffer(want, have);
}

// Both kept incident tables differ from the events in no row.
int64_t Mismatches(TestDatabase& db) { return FirstsMismatches(db) + UnopenedMismatches(db); }

// Deploys of p1..p4 in prod and staging about every 47 minutes from Mar 10,
// 2026, and incidents between them: repeated opens of one incident (the
// later ones not first), opens without an id or an environment,
// resolutions before and after the open and twice.
void InsertIncidentsAndDeploys(TestDatabase& db) {
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, team, environment, occurred_at, success, source, "
      "dedupe_key) SELECT 'deploy', 'p' || (g % 4 + 1), CASE WHEN g % 6 = 0 THEN NULL ELSE 't' || (g % 3) END, "
      "CASE WHEN g % 5 = 0 THEN 'staging' ELSE 'prod' END, timestamptz '2026-03-10T00:00:00Z' + g * interval "
      "'47 minutes 0.25 seconds', true, 'ci', 'd' || g FROM generate_series(1, 600) AS g");
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, team, environment, occurred_at, incident_id, url, source, "
      "dedupe_key) SELECT CASE WHEN g % 3 = 2 THEN 'incident_resolved' ELSE 'incident_open' END, "
      "'p' || ((g / 3) % 4 + 1), CASE WHEN g % 7 = 0 THEN 'oncall' END, "
      "CASE g % 9 WHEN 0 THEN NULL WHEN 1 THEN 'staging' ELSE 'prod' END, "
      "timestamptz '2026-03-10T03:00:00Z' + (g / 3) * interval '5 hours 13 minutes' + (g % 3) * interval '40 "
      "minutes', CASE WHEN g % 31 = 0 THEN NULL ELSE 'i' || (g / 3) % 40 END, 'https://pd.example/' || g, "
      "'pagerduty', 'e' || g FROM generate_series(1, 300) AS g");
}

TEST(IncidentFirstsTest, MigrationFillsItAndTriggersFollowEveryChange) {
  TestDatabase db("incident_firsts_kept");
  db.DropKeptTablesFrom(9);
  InsertIncidentsAndDeploys(db);
  auto session = testing::OpenSession(db.url());
  auto r = Migrate(*session);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version_before, 8);
  ASSERT_EQ(r->applied.size(), 8u);  // and versions 10 to 16
  EXPECT_EQ(r->applied[0].substr(0, 2), "9:");
  EXPECT_GT(db.Count("SELECT count(*) FROM incident_firsts"), 30);
  EXPECT_GT(db.Count("SELECT count(*) FROM incident_firsts WHERE deploy_at IS NOT NULL AND resolved_at IS NOT NULL"),
            10);
  EXPECT_EQ(Mismatches(db), 0);
  const int64_t unopened = db.Count("SELECT count(*) FROM unopened_resolutions");
  EXPECT_GT(unopened, 0);  // resolutions without an incident id
  EXPECT_GT(db.Count("SELECT count(*) FROM unopened_resolutions WHERE incident_id IS NULL"), 0);

  // The writer's batches, stored twice: a deploy just before an incident
  // (its new latest deploy), an earlier open of a known incident and a
  // resolution. The second time changes nothing.
  const absl::Time open = absl::FromUnixSeconds(
      db.Count("SELECT extract(epoch FROM opened_at)::bigint FROM incident_firsts WHERE environment = 'prod' "
               "ORDER BY opened_at LIMIT 1 OFFSET 10"));
  const std::string service =
      *db.Exec("SELECT service FROM incident_firsts WHERE environment = 'prod' ORDER BY opened_at LIMIT 1 OFFSET 10")
           .rows[0][0];
  std::vector<DeliveryEvent> batch(3);
  batch[0].event_type = EventType::kDeploy;
  batch[0].success = true;
  batch[0].occurred_at = open - absl::Milliseconds(1);
  batch[0].team = "late-team";
  batch[1].event_type = EventType::kIncidentOpen;
  batch[1].incident_id = "i7";
  batch[1].occurred_at = T("2026-03-09T00:00:00Z");
  batch[2].event_type = EventType::kIncidentResolved;
  batch[2].incident_id = "new-incident";
  batch[2].occurred_at = T("2026-03-20T00:00:00Z");
  for (size_t i = 0; i < batch.size(); ++i) {
    batch[i].service = i == 0 ? service : "p1";
    batch[i].environment = "prod";
    batch[i].source = "ci";
    batch[i].dedupe_key = absl::StrCat("w", i);
  }
  for (int round = 0; round < 2; ++round) {
    auto stored = InsertEvents(*session, batch);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->inserted, round == 0 ? 3 : 0);
    EXPECT_EQ(Mismatches(db), 0) << "round " << round;
  }
  EXPECT_EQ(db.Count("SELECT count(*) FROM incident_firsts WHERE deploy_team = 'late-team'"), 1);
  EXPECT_EQ(db.Count("SELECT count(*) FROM incident_firsts WHERE incident_id = 'new-incident'"), 0);  // no open
  EXPECT_EQ(db.Count("SELECT count(*) FROM unopened_resolutions"), unopened + 1);
  // Its open arrives later (in a statement with another resolution of it).
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, environment, occurred_at, incident_id, source, dedupe_key) "
      "VALUES ('incident_open', 'p1', 'prod', '2026-03-19T23:00:00Z', 'new-incident', 'pagerduty', 'late-open'), "
      "('incident_resolved', 'p1', 'prod', '2026-03-21T00:00:00Z', 'new-incident', 'pagerduty', 'late-resolve')");
  EXPECT_EQ(db.Count("SELECT count(*) FROM unopened_resolutions"), unopened);
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec(
      "UPDATE delivery_events SET incident_id = 'renamed' WHERE event_type = 'incident_open' "
      "AND incident_id = 'new-incident'");
  EXPECT_EQ(db.Count("SELECT count(*) FROM unopened_resolutions"), unopened + 2);
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET source = 'opsgenie' WHERE event_type = 'incident_resolved' AND id % 4 = 0");
  EXPECT_EQ(Mismatches(db), 0);

  db.Exec("UPDATE delivery_events SET occurred_at = occurred_at - interval '3 hours' WHERE id % 5 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET team = 'moved', environment = 'staging' WHERE id % 7 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET first_commit_ts = occurred_at WHERE event_type = 'deploy'");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE event_type = 'deploy' AND id % 3 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE event_type = 'incident_open' AND id % 2 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE event_type = 'incident_resolved'");
  EXPECT_EQ(Mismatches(db), 0);
  EXPECT_EQ(db.Count("SELECT count(*) FROM incident_firsts WHERE resolved_at IS NOT NULL"), 0);
  db.Exec("TRUNCATE delivery_events");
  EXPECT_EQ(db.Count("SELECT count(*) FROM incident_firsts"), 0);
}

// Two writers at once: a deploy committed while an open of the same
// service waits for it. The open's incident must take that deploy as its
// latest, though the open's statement started before the deploy committed.
TEST(IncidentFirstsTest, ConcurrentWritersOfOneServiceSeeEachOthersRows) {
  TestDatabase db("incident_firsts_race");
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, team, environment, occurred_at, success, source, "
      "dedupe_key) VALUES ('deploy', 'c', 'old', 'prod', '2026-05-01T10:00:00Z', true, 'ci', 'early')");
  const std::string waited_for = db.WriteBehindUncommitted(
      "INSERT INTO delivery_events (event_type, service, team, environment, occurred_at, success, source, "
      "dedupe_key) VALUES ('deploy', 'c', 'new', 'prod', '2026-05-01T11:50:00Z', true, 'ci', 'late')",
      "INSERT INTO delivery_events (event_type, service, environment, occurred_at, incident_id, source, dedupe_key) "
      "VALUES ('incident_open', 'c', 'prod', '2026-05-01T12:00:00Z', 'race', 'pagerduty', 'race-open')");
  ASSERT_EQ(waited_for, "advisory") << "the open's statement did not wait for the deploy's writer lock";
  EXPECT_EQ(db.Count("SELECT count(*) FROM incident_firsts WHERE incident_id = 'race' AND deploy_team = 'new' "
                     "AND deploy_at = '2026-05-01T11:50:00Z'"),
            1);
  EXPECT_EQ(Mismatches(db), 0);
}

}  // namespace
}  // namespace dora
