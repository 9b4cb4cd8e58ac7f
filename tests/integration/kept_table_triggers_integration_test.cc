// The order in which the kept tables' triggers take the per-service writer
// lock, read from a migrated database's catalog. PostgreSQL fires the
// statement-level AFTER triggers of one event in the order of their names,
// so the names carry a contract: for INSERT, UPDATE and DELETE the first
// trigger that takes the lock is one of the event-count tables' (which lock
// every service the statement touches, in service order); the others
// (incident_firsts, lead_time_days, unopened_resolutions) lock subsets of
// those, already held, so two writers always lock services in one order and
// never deadlock. Renaming a prefix (store/*_sql.cc) breaks this test first.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "sql_cells.h"
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
      "       (strpos(p.prosrc, 'pg_advisory_xact_lock(hashtextextended(''dora incident_firsts ''') > 0)::text\n"
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

}  // namespace
}  // namespace dora
