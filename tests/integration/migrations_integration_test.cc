// dora migrate on a real PostgreSQL: fresh creation, idempotence, adoption of
// a table built from the reference design, refusal of mismatched or newer
// schemas, concurrent runs, and idempotent event insertion.
#include <unistd.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "sql_cells.h"
#include "store/event_writer.h"
#include "store/migrations.h"
#include "store/pg_session.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::TestDatabase;

constexpr const char* kReferenceDdl = R"sql(
CREATE TABLE delivery_events (
  id            BIGSERIAL PRIMARY KEY,
  event_type    TEXT NOT NULL,          -- change | deploy | incident_open | incident_resolved
  service       TEXT NOT NULL,
  team          TEXT,
  environment   TEXT,                   -- prod | staging | ...
  commit_sha    TEXT,
  first_commit_ts TIMESTAMPTZ,          -- earliest commit in the change set
  occurred_at   TIMESTAMPTZ NOT NULL,   -- when the event itself happened
  success       BOOLEAN,                -- deploy outcome
  is_rollback   BOOLEAN DEFAULT FALSE,
  incident_id   TEXT,                   -- correlate open/resolved
  source        TEXT NOT NULL,          -- github | ci | pagerduty
  payload       JSONB,                  -- raw event for auditing
  ingested_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_events_service_time ON delivery_events (service, occurred_at);
CREATE INDEX idx_events_type ON delivery_events (event_type, environment);
)sql";

absl::StatusOr<MigrationReport> MigrateUrl(const std::string& url) {
  auto session = PgSession::Connect(url, PgSessionOptions{});
  if (!session.ok()) return session.status();
  return Migrate(**session);
}

TEST(MigrationsTest, CreatesThenIsANoOp) {
  TestDatabase db("mig_fresh", /*migrate=*/false);
  auto first = MigrateUrl(db.url());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->version_before, 0);
  EXPECT_EQ(first->version_after, LatestSchemaVersion());
  EXPECT_FALSE(first->adopted_existing_table);
  EXPECT_EQ(first->applied.size(), static_cast<size_t>(LatestSchemaVersion()));
  auto second = MigrateUrl(db.url());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->version_before, LatestSchemaVersion());
}

TEST(MigrationsTest, AdoptsAReferenceTableInPlace) {
  TestDatabase db("mig_adopt", /*migrate=*/false);
  db.Exec(kReferenceDdl);
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, commit_sha, first_commit_ts, occurred_at, source, payload) "
      "VALUES ('change', 'checkout', 'abc123', '2026-06-08T09:00:00Z', now(), 'github', '{\"a\": 1}'), "
      "('deploy', 'checkout', 'abc123', '2026-06-08T09:00:00Z', '2026-06-08T12:00:00Z', 'ci', NULL)");
  db.Exec("UPDATE delivery_events SET environment = 'prod', success = true WHERE event_type = 'deploy'");
  const int64_t oid = db.Count("SELECT 'delivery_events'::regclass::oid::bigint");

  auto r = MigrateUrl(db.url());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->adopted_existing_table);
  EXPECT_EQ(r->version_after, LatestSchemaVersion());
  EXPECT_EQ(db.Count("SELECT 'delivery_events'::regclass::oid::bigint"), oid);  // not recreated
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events"), 2);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE hotfix = false AND dedupe_key IS NULL"), 2);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE payload->>'a' = '1'"), 1);
  EXPECT_EQ(db.Count("SELECT count(*) FROM pg_indexes WHERE tablename = 'delivery_events'"), 16);
  // Rows stored before version 5 have no url; the column is nullable text.
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE url IS NULL"), 2);
  EXPECT_EQ(db.Count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'delivery_events' "
                     "AND column_name = 'url' AND data_type = 'text' AND is_nullable = 'YES'"),
            1);
  // The reference's own insert still works after the upgrade.
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, occurred_at, source) VALUES ('change', 'x', now(), 'github')");
}

TEST(MigrationsTest, RefusesAMismatchedTableAndChangesNothing) {
  TestDatabase db("mig_mismatch", /*migrate=*/false);
  db.Exec(
      "CREATE TABLE delivery_events (id bigserial primary key, event_type text not null, "
      "service text not null, occurred_at text not null, source text not null)");
  auto r = MigrateUrl(db.url());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("occurred_at is text, expected timestamp with time zone"), std::string::npos)
      << r.status();
  EXPECT_NE(r.status().message().find("team is missing"), std::string::npos);
  EXPECT_EQ(db.Count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'delivery_events'"), 5);
}

TEST(MigrationsTest, RefusesANewerSchema) {
  TestDatabase db("mig_newer");
  db.Exec("INSERT INTO dora_schema_migrations (version, description) VALUES (99, 'from the future')");
  auto r = MigrateUrl(db.url());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("schema version 99 is newer"), std::string::npos) << r.status();
}

TEST(MigrationsTest, ConcurrentRunsAreSerialized) {
  TestDatabase db("mig_concurrent", /*migrate=*/false);
  std::vector<absl::Status> results(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { results[i] = MigrateUrl(db.url()).status(); });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : results) EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(db.Count("SELECT count(*) FROM dora_schema_migrations"), LatestSchemaVersion());
}

// Version 4: deploys stored before the environment vocabulary keep their
// original name in environment_raw and are counted as production.
TEST(MigrationsTest, StoredEnvironmentNamesAreCanonicalized) {
  TestDatabase db("mig_environments");
  // Back to version 3: the later migrations run again, in order.
  db.DropKeptTablesFrom(8);
  db.Exec("DELETE FROM dora_schema_migrations WHERE version >= 4");
  db.Exec("ALTER TABLE delivery_events DROP COLUMN environment_raw, DROP COLUMN url");
  db.Exec(R"(INSERT INTO delivery_events (event_type, service, environment, occurred_at, success, source, dedupe_key)
             VALUES ('deploy','a','Production',now(),true,'ci','m1'), ('deploy','a','live',now(),true,'ci','m2'),
                    ('deploy','a','prod',now(),true,'ci','m3'), ('deploy','a','staging',now(),true,'ci','m4'),
                    ('deploy','a','QA ',now(),true,'ci','m5'))");
  auto r = MigrateUrl(db.url());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->applied.size(), static_cast<size_t>(LatestSchemaVersion() - 3));
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE environment = 'prod'"), 3);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE environment_raw = 'Production'"), 1);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE environment = 'qa' AND environment_raw = 'QA '"), 1);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE environment_raw IS NULL"), 2);  // prod, staging
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events"), 5);
}

// Version 5: a database at version 4 gains the nullable url column in place;
// its rows are kept, with no url, and the writer stores urls from then on.
TEST(MigrationsTest, AddsTheUrlColumnInPlace) {
  TestDatabase db("mig_url");
  db.DropKeptTablesFrom(8);
  db.Exec("DELETE FROM dora_schema_migrations WHERE version >= 5");
  db.Exec("ALTER TABLE delivery_events DROP COLUMN url");
  db.Exec(R"(INSERT INTO delivery_events (event_type, service, environment, occurred_at, success, source, dedupe_key)
             VALUES ('deploy','a','prod',now(),true,'ci','u1'))");
  const int64_t oid = db.Count("SELECT 'delivery_events'::regclass::oid::bigint");
  auto r = MigrateUrl(db.url());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version_before, 4);
  ASSERT_EQ(r->applied.size(), 12u);  // and versions 6 to 16, idempotent
  EXPECT_EQ(r->applied[0].substr(0, 6), "5: url");
  EXPECT_EQ(db.Count("SELECT 'delivery_events'::regclass::oid::bigint"), oid);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE dedupe_key = 'u1' AND url IS NULL"), 1);
  DeliveryEvent e;
  e.event_type = EventType::kIncidentOpen;
  e.service = "a";
  e.incident_id = "P1";
  e.occurred_at = absl::FromUnixSeconds(1780000000);
  e.source = "pagerduty";
  e.dedupe_key = "u2";
  e.url = "https://acme.pagerduty.com/incidents/P1?a=\"b\"";
  auto conn = testing::OpenSession(db.url());
  auto stored = InsertEvents(*conn, {e});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE dedupe_key = 'u2' "
                     "AND url = 'https://acme.pagerduty.com/incidents/P1?a=\"b\"'"),
            1);
}

// Version 6: a database at version 5 trades the incident opens' time index for
// two index-only ones and gains the failed deploys' indexes (version 12 then
// trades the one by time for one that covers what annotations show); rows
// are untouched and a second run changes nothing.
TEST(MigrationsTest, AddsTheWindowScanIndexes) {
  TestDatabase db("mig_incident_idx");
  db.DropKeptTablesFrom(8);
  db.Exec("DELETE FROM dora_schema_migrations WHERE version >= 6");
  db.Exec("DROP INDEX idx_events_incident_opens_time");
  db.Exec("DROP INDEX idx_events_incident_opens_service");
  db.Exec("DROP INDEX idx_events_deploy_failures_shown");
  db.Exec("DROP INDEX idx_events_deploy_failures_service");
  db.Exec("DROP INDEX idx_events_occurred_brin");
  db.Exec(
      "CREATE INDEX idx_events_incident_open_time ON delivery_events (occurred_at) "
      "INCLUDE (service, team, environment, incident_id) WHERE event_type = 'incident_open'");
  db.Exec(
      R"(INSERT INTO delivery_events (event_type, service, environment, occurred_at, incident_id, source, dedupe_key)
             VALUES ('incident_open','a','prod',now(),'P1','pagerduty','o1'))");
  auto r = MigrateUrl(db.url());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version_before, 5);
  ASSERT_EQ(r->applied.size(), 11u);  // and versions 7 to 16
  EXPECT_EQ(r->applied[0].substr(0, 2), "6:");
  auto indexes = [&db](const char* name) {
    return db.Count(absl::StrCat("SELECT count(*) FROM pg_indexes WHERE indexname = '", name, "'"));
  };
  EXPECT_EQ(indexes("idx_events_incident_open_time"), 0);
  EXPECT_EQ(indexes("idx_events_incident_opens_time"), 1);
  EXPECT_EQ(indexes("idx_events_incident_opens_service"), 1);
  EXPECT_EQ(indexes("idx_events_deploy_failures_time"), 0);
  EXPECT_EQ(indexes("idx_events_deploy_failures_shown"), 1);
  EXPECT_EQ(indexes("idx_events_deploy_failures_service"), 1);
  EXPECT_EQ(indexes("idx_events_occurred_brin"), 1);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE incident_id = 'P1'"), 1);
  auto again = MigrateUrl(db.url());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->applied.empty());
}

// Version 7: a database at version 6 trades (incident_id, occurred_at) for an
// index whose keys answer the first-open and first-resolution probes alone;
// the probes' plans read no table page.
TEST(MigrationsTest, IncidentLookupsBecomeIndexOnly) {
  TestDatabase db("mig_incident_lookup");
  db.DropKeptTablesFrom(8);
  db.Exec("DELETE FROM dora_schema_migrations WHERE version >= 7");
  db.Exec("DROP INDEX idx_events_incident_lookup");
  db.Exec("DROP INDEX idx_events_incident_resolutions_time");
  db.Exec(
      "CREATE INDEX idx_events_incident_id ON delivery_events (incident_id, occurred_at) "
      "WHERE event_type IN ('incident_open', 'incident_resolved')");
  db.Exec(R"(INSERT INTO delivery_events (event_type, service, occurred_at, incident_id, source, dedupe_key)
             SELECT CASE WHEN g % 2 = 0 THEN 'incident_open' ELSE 'incident_resolved' END, 's' || (g % 7),
                    now() - g * interval '1 minute', 'P' || (g / 2), 'pagerduty', 'i' || g
             FROM generate_series(1, 4000) AS g)");
  auto r = MigrateUrl(db.url());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version_before, 6);
  ASSERT_EQ(r->applied.size(), 10u);  // and versions 8 to 16
  EXPECT_EQ(r->applied[0].substr(0, 2), "7:");
  EXPECT_EQ(db.Count("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_events_incident_id'"), 0);
  EXPECT_EQ(db.Count("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_events_incident_lookup'"), 1);
  EXPECT_EQ(db.Count("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_events_incident_resolutions_time'"), 1);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events"), 4000);
  // VACUUM runs outside a transaction: on a session of its own.
  ASSERT_TRUE(testing::OpenSession(db.url())->Exec("vacuuming", "VACUUM ANALYZE delivery_events").ok());
  // The engine's look at one incident's key, as IncidentSource writes it.
  std::string plan;
  for (const auto& row :
       db.Exec("EXPLAIN (COSTS OFF) SELECT min(x.occurred_at) FILTER (WHERE x.event_type = 'incident_resolved'), "
               "count(*) FILTER (WHERE x.event_type = 'incident_open' AND (x.occurred_at, x.id) < (now(), 0)) "
               "FROM delivery_events x WHERE x.event_type IN ('incident_open', 'incident_resolved') "
               "AND x.incident_id = 'P7' AND x.service = 's1'")
           .rows) {
    absl::StrAppend(&plan, row.at(0).value_or(""), "\n");
  }
  EXPECT_NE(plan.find("Index Only Scan using idx_events_incident_lookup"), std::string::npos) << plan;
}

TEST(EventWriterTest, DuplicatesAreStoredOnce) {
  TestDatabase db("writer");
  std::vector<DeliveryEvent> events(3);
  for (int i = 0; i < 3; ++i) {
    events[i].event_type = EventType::kDeploy;
    events[i].service = "svc\t'\"\\";
    events[i].environment = "prod";
    events[i].occurred_at = absl::FromUnixSeconds(1780000000 + i);
    events[i].success = true;
    events[i].source = "ci";
    events[i].dedupe_key = "k" + std::to_string(i);
    events[i].payload = "{\"text\": \"tab\\there\"}";
  }
  events[2].dedupe_key.reset();  // no key: always a new row
  auto conn = testing::OpenSession(db.url());
  auto first = InsertEvents(*conn, events);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->inserted, 3);
  auto second = InsertEvents(*conn, events);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->inserted, 1);
  EXPECT_EQ(second->duplicates, 2);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE service = E'svc\\t''\"\\\\'"), 4);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events WHERE payload->>'text' = E'tab\\there'"), 4);
}

}  // namespace
}  // namespace dora

namespace dora {
namespace {

DeliveryEvent Event(EventType type, const char* sha, const char* key) {
  DeliveryEvent e;
  e.event_type = type;
  e.service = "checkout";
  e.environment = "prod";
  e.commit_sha = sha;
  e.occurred_at = absl::FromUnixSeconds(1780920000);
  e.source = "ci";
  e.dedupe_key = key;
  if (type == EventType::kDeploy) e.success = true;
  return e;
}

TEST(EventWriterTest, FirstCommitComesFromTheChangeInEitherOrder) {
  TestDatabase db("writer_first_commit");
  auto conn = testing::OpenSession(db.url());
  // Change first, then its deploy without first_commit_ts.
  DeliveryEvent change = Event(EventType::kChange, "sha-a", "c-a");
  change.source = "github";
  change.first_commit_ts = absl::FromUnixSeconds(1780900000);
  ASSERT_TRUE(InsertEvents(*conn, {change}).ok());
  auto deploy = InsertEvents(*conn, {Event(EventType::kDeploy, "sha-a", "d-a")});
  ASSERT_TRUE(deploy.ok()) << deploy.status();
  EXPECT_EQ(deploy->stored, std::vector<bool>{true});
  EXPECT_EQ(
      db.Count("SELECT extract(epoch FROM first_commit_ts)::bigint FROM delivery_events WHERE dedupe_key = 'd-a'"),
      1780900000);
  // Deploy first (Argo CD is faster than the push webhook), then the change.
  ASSERT_TRUE(InsertEvents(*conn, {Event(EventType::kDeploy, "sha-b", "d-b")}).ok());
  DeliveryEvent rollback = Event(EventType::kDeploy, "sha-b", "d-b-rollback");
  rollback.is_rollback = true;
  ASSERT_TRUE(InsertEvents(*conn, {rollback}).ok());
  DeliveryEvent late = Event(EventType::kChange, "sha-b", "c-b");
  late.source = "github";
  late.first_commit_ts = absl::FromUnixSeconds(1780800000);
  ASSERT_TRUE(InsertEvents(*conn, {late}).ok());
  EXPECT_EQ(
      db.Count("SELECT extract(epoch FROM first_commit_ts)::bigint FROM delivery_events WHERE dedupe_key = 'd-b'"),
      1780800000);
  EXPECT_EQ(
      db.Count("SELECT count(*) FROM delivery_events WHERE dedupe_key = 'd-b-rollback' AND first_commit_ts IS NULL"),
      1);
}

TEST(EventWriterTest, StoredFlagsPerEventWithinABatch) {
  TestDatabase db("writer_flags");
  auto conn = testing::OpenSession(db.url());
  ASSERT_TRUE(InsertEvents(*conn, {Event(EventType::kDeploy, "s1", "k1")}).ok());
  auto r = InsertEvents(*conn, {Event(EventType::kDeploy, "s1", "k1"), Event(EventType::kDeploy, "s2", "k2"),
                                Event(EventType::kDeploy, "s2", "k2")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->stored, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(r->inserted, 1);
  EXPECT_EQ(r->duplicates, 2);
  EXPECT_EQ(db.Count("SELECT count(*) FROM delivery_events"), 2);
}

}  // namespace
}  // namespace dora

namespace dora {
namespace {

// Issue 11 §3: a non-UTF-8 database is refused before anything is created.
TEST(MigrationsEncodingTest, RefusesANonUtf8Database) {
  const std::string name = "dora_sql_ascii_" + std::to_string(getpid());
  // CREATE and DROP DATABASE run in autocommit (no transaction on the session).
  std::unique_ptr<PgSession> admin = testing::OpenHelperSession(testing::TestClusterUrl());
  testing::MustExec(*admin, "DROP DATABASE IF EXISTS " + name);
  testing::MustExec(*admin,
                    "CREATE DATABASE " + name + " ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
  {
    const std::string url = testing::WithDatabase(testing::TestClusterUrl(), name);
    std::unique_ptr<PgSession> conn = testing::OpenHelperSession(url);
    auto r = Migrate(*testing::OpenSession(url));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_NE(r.status().message().find("uses the SQL_ASCII encoding; dora needs UTF8"), std::string::npos)
        << r.status();
    SqlResult tables = testing::MustExec(*conn, "SELECT count(*) FROM pg_tables WHERE tablename = 'delivery_events'");
    ASSERT_EQ(tables.rows.size(), 1u);
    EXPECT_EQ(testing::CellInt64(tables, 0, 0), 0);
  }
  testing::MustExec(*admin, "DROP DATABASE IF EXISTS " + name);
}

}  // namespace
}  // namespace dora
