// The order in which the kept tables' triggers take the per-service writer
// lock, read from a migrated database's catalog. PostgreSQL fires the
// statement-level AFTER triggers of one event in the order of their names,
// so the names carry a contract: for INSERT, UPDATE and DELETE the first
// trigger that takes the lock is one of the event-count tables' (which lock
// every service the statement touches, in service order); the others
// (incident_firsts, lead_time_days, unopened_resolutions) lock subsets of
// those, already held, so two writers always lock services in one order and
// never deadlock. Renaming a prefix (store/*_sql.cc) breaks this test first.
// Then the lock at work: an update whose triggers rebuild a service's rows
// from the events, started while another transaction's insert of that
// service is uncommitted, waits for it and rebuilds with its rows.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "engine/verify.h"
#include "gtest/gtest.h"
#include "sql_cells.h"
#include "store/kept_table_sql.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::CellText;
using testing::TestDatabase;

struct KeepingTrigger {
  std::string name, function;
  bool takes_writer_lock = false;
};

// delivery_events's triggers for `event_bit` (pg_trigger.tgtype: 4 insert,
// 8 delete, 16 update) in firing order, each with whether its function
// takes the writer lock.
std::vector<KeepingTrigger> TriggersFiringOn(TestDatabase& db, int event_bit) {
  const SqlResult rows = db.Exec(
      "SELECT t.tgname, p.proname,\n"
      "       (strpos(p.prosrc, '" +
      absl::StrReplaceAll(kKeptTableWriterLock, {{"'", "''"}}) +
      "') > 0)::text\n"
      "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid\n"
      "WHERE t.tgrelid = 'delivery_events'::regclass AND NOT t.tgisinternal\n"
      "  AND t.tgtype & " +
      std::to_string(event_bit) +
      " <> 0 AND t.tgtype & 3 = 0\n"  // statement-level AFTER
      "ORDER BY t.tgname COLLATE \"C\"");
  std::vector<KeepingTrigger> triggers;
  for (size_t r = 0; r < rows.rows.size(); ++r) {
    triggers.push_back({CellText(rows, r, 0), CellText(rows, r, 1), CellText(rows, r, 2) == "true"});
  }
  return triggers;
}

TEST(KeptTableTriggersTest, TheFirstToTakeTheWriterLockLocksEveryServiceOfTheStatement) {
  TestDatabase db("kept_triggers");
  for (const auto& [event, bit] :
       std::vector<std::pair<std::string, int>>{{"INSERT", 4}, {"DELETE", 8}, {"UPDATE", 16}}) {
    SCOPED_TRACE(event);
    const std::vector<KeepingTrigger> triggers = TriggersFiringOn(db, bit);
    // Every kept table has its trigger for the event.
    std::vector<std::string> functions;
    for (const KeepingTrigger& t : triggers) functions.push_back(t.function);
    for (const char* f : {"dora_keep_event_days", "dora_keep_event_weeks", "dora_keep_incidents", "dora_keep_lead_days",
                          "dora_keep_unopened"}) {
      EXPECT_NE(std::find(functions.begin(), functions.end(), f), functions.end()) << f << " has no trigger";
    }
    const KeepingTrigger* first_locker = nullptr;
    int lockers = 0;
    for (const KeepingTrigger& t : triggers) {
      if (!t.takes_writer_lock) continue;
      ++lockers;
      if (first_locker == nullptr) first_locker = &t;
    }
    ASSERT_NE(first_locker, nullptr);
    EXPECT_TRUE(absl::StartsWith(first_locker->function, "dora_keep_event_"))
        << first_locker->name << " (" << first_locker->function
        << ") fires first among the triggers that take the writer lock, but locks only some of the statement's "
           "services";
    EXPECT_EQ(lockers, 5) << "event_day_counts, event_week_counts, incident_firsts, lead_time_days and "
                             "unopened_resolutions take the lock";
  }
}

// Deploys of service r on May 1 with first commits, and one incident of r
// opened and resolved, by the writer's columns.
constexpr const char* kServiceR = R"sql(
INSERT INTO delivery_events (event_type, service, team, environment, commit_sha, first_commit_ts, occurred_at,
                             success, incident_id, source, dedupe_key)
SELECT 'deploy', 'r', 'red', 'prod', 'c' || g, timestamptz '2026-05-01T08:00:00Z' + g * interval '7 minutes',
       timestamptz '2026-05-01T09:00:00Z' + g * interval '11 minutes', g % 5 <> 0, NULL, 'ci', 'r-' || g
FROM generate_series(1, 20) AS g
UNION ALL
SELECT 'incident_open', 'r', 'red', 'prod', NULL, NULL, '2026-05-01T12:00:00Z', NULL, 'inc-r', 'pagerduty', 'r-open'
)sql";

// Every "<kept table> equals ..." check of dora verify over May 2026.
void ExpectKeptTablesEqualTheEvents(TestDatabase& db) {
  QueryContext context;
  context.from = absl::FromCivil(absl::CivilDay(2026, 5, 1), absl::UTCTimeZone());
  context.to = absl::FromCivil(absl::CivilDay(2026, 6, 1), absl::UTCTimeZone());
  absl::StatusOr<std::vector<CheckResult>> checks = RunVerification(db.pool(), context);
  ASSERT_TRUE(checks.ok()) << checks.status();
  int kept = 0;
  for (const CheckResult& c : *checks) {
    if (!absl::StrContains(c.name, " equals ")) continue;
    ++kept;
    EXPECT_EQ(c.outcome, CheckOutcome::kPass) << c.name << ": " << c.detail;
  }
  EXPECT_EQ(kept, 7);
}

TEST(KeptTableTriggersTest, ARebuildWaitsForAnUncommittedInsertOfItsServiceAndKeepsItsRows) {
  TestDatabase db("kept_rebuild_race");
  db.Exec(kServiceR);
  // The insert's triggers add its rows to the kept tables and hold r's lock.
  // Its deploy's team (green) keeps it off the count rows the update
  // changes, so the update waits for the lock rather than for a row. The
  // update's triggers rebuild r's May 1 rows from the events: they must wait
  // for the insert, or they would rebuild without its rows.
  const std::string waited_for = db.WriteBehindUncommitted(
      "INSERT INTO delivery_events (event_type, service, team, environment, commit_sha, first_commit_ts, "
      "occurred_at, success, incident_id, source, dedupe_key) VALUES "
      "('deploy', 'r', 'green', 'prod', 'late', '2026-05-01T10:00:00.25Z', '2026-05-01T15:30:00Z', true, NULL, "
      "'ci', 'r-late'), "
      "('incident_resolved', 'r', 'red', 'prod', NULL, NULL, '2026-05-01T13:00:00Z', NULL, 'inc-r', 'pagerduty', "
      "'r-resolved')",
      "UPDATE delivery_events SET first_commit_ts = first_commit_ts - interval '1 hour', team = 'blue' "
      "WHERE dedupe_key IN ('r-3', 'r-open')");
  ASSERT_EQ(waited_for, "advisory") << "the update's triggers did not wait for the insert's writer lock";
  EXPECT_EQ(db.Count("SELECT count(*) FROM lead_time_days WHERE service = 'r'"), 3);  // red, blue and green
  EXPECT_EQ(db.Count("SELECT sum(samples) FROM lead_time_days WHERE service = 'r'"), 17);
  EXPECT_EQ(db.Count("SELECT count(*) FROM incident_firsts WHERE incident_id = 'inc-r' AND team = 'blue' "
                     "AND resolved_at = '2026-05-01T13:00:00Z'"),
            1);
  ExpectKeptTablesEqualTheEvents(db);
}

}  // namespace
}  // namespace dora
