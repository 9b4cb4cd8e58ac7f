// The health check over the in-memory store: every answer a user can act
// on, without a database.
#include "datasource/health.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "store/fake_store.h"

namespace dora {
namespace {

DataSourceSettings Settings() {
  DataSourceSettings s;
  s.host = "db.example";
  s.port = 5432;
  s.database = "dora";
  s.user = "grafana";
  return s;
}

DatabaseFacts Facts() {
  DatabaseFacts f;
  f.server_version = "15.4";
  f.events_last_7_days = {{"deploy", 12}, {"incident_open", 2}};
  f.last_ingested_at = "2026-06-08T12:00:00Z";
  return f;
}

TEST(HealthTest, HealthyDatabaseSummarizesTheLastWeek) {
  FakeStore store;
  store.SetFacts(Facts());
  HealthResult r = CheckStoreHealth(store, Settings());
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_TRUE(absl::StrContains(r.message, "Connected to PostgreSQL 15.4")) << r.message;
  EXPECT_TRUE(absl::StrContains(r.message, "Last 7 days: 12 deploy, 2 incident_open.")) << r.message;
  EXPECT_FALSE(absl::StrContains(r.message, "Warning")) << r.message;
  auto details = nlohmann::json::parse(r.details_json);
  EXPECT_EQ(details["schemaVersion"], LatestSchemaVersion());
  EXPECT_EQ(details["eventsLast7Days"]["deploy"], 12);
  EXPECT_EQ(details["lastIngestedAt"], "2026-06-08T12:00:00Z");
  EXPECT_EQ(details["roleCanWrite"], false);
  EXPECT_EQ(details["host"], "db.example:5432");
}

TEST(HealthTest, NoRecentEventsAndAWritableRoleAreSaid) {
  FakeStore store;
  DatabaseFacts f = Facts();
  f.events_last_7_days.clear();
  f.last_ingested_at.reset();
  f.role_can_write = true;
  store.SetFacts(f);
  HealthResult r = CheckStoreHealth(store, Settings());
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(absl::StrContains(r.message, "No events in the last 7 days")) << r.message;
  EXPECT_TRUE(absl::StrContains(r.message, "Warning: the role 'grafana' can change delivery_events")) << r.message;
  EXPECT_TRUE(nlohmann::json::parse(r.details_json)["lastIngestedAt"].is_null());
}

TEST(HealthTest, SchemaVersionsItCannotServeAreErrorsThatSayWhatToDo) {
  FakeStore store;
  store.SetFacts(Facts());
  store.SetSchemaVersion(0);
  HealthResult none = CheckStoreHealth(store, Settings());
  EXPECT_FALSE(none.ok);
  EXPECT_TRUE(absl::StrContains(none.message, "has no dora schema: run `dora migrate`")) << none.message;
  store.SetSchemaVersion(LatestSchemaVersion() - 1);
  HealthResult older = CheckStoreHealth(store, Settings());
  EXPECT_FALSE(older.ok);
  EXPECT_TRUE(absl::StrContains(older.message, "is older than this plugin needs")) << older.message;
  store.SetSchemaVersion(LatestSchemaVersion() + 1);
  HealthResult newer = CheckStoreHealth(store, Settings());
  EXPECT_FALSE(newer.ok);
  EXPECT_TRUE(absl::StrContains(newer.message, "upgrade the plugin")) << newer.message;
}

TEST(HealthTest, AnUnreachableDatabaseIsADatabaseError) {
  FakeStore store;
  store.FailEverything(absl::UnavailableError("database error: connecting: connection refused"));
  HealthResult r = CheckStoreHealth(store, Settings());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message,
            "Cannot query PostgreSQL at db.example:5432/dora: database error: connecting: connection refused");
  auto details = nlohmann::json::parse(r.details_json);
  EXPECT_EQ(details["phase"], "database");
  EXPECT_EQ(details["code"], "UNAVAILABLE");
}

TEST(HealthTest, InvalidSettingsAreASettingsErrorBeforeAnyConnection) {
  InstanceCache cache;
  RawDataSourceSettings raw;
  raw.uid = "u1";
  raw.url = "db.example:5432";  // no user, no database
  HealthResult r = CheckDataSourceHealth(cache, raw);
  EXPECT_FALSE(r.ok);
  auto details = nlohmann::json::parse(r.details_json);
  EXPECT_EQ(details["phase"], "settings");
  EXPECT_FALSE(details["field"].get<std::string>().empty()) << r.details_json;
  EXPECT_TRUE(absl::StrContains(r.message, "settings error")) << r.message;
}

}  // namespace
}  // namespace dora
