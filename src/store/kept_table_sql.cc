#include "store/kept_table_sql.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace dora {
namespace {

// The four statement-level triggers that keep a table from delivery_events
// by `function`: insert and update and delete with their transition tables
// (dora_new_rows, dora_old_rows), and truncate. Replaces earlier ones.
// PostgreSQL fires one event's triggers in the order of their names, so
// `prefix` orders the tables' triggers, and with them who takes the
// per-service writer lock first: the event-count tables', which lock every
// service a statement touches (tests/integration/
// kept_table_triggers_integration_test.cc holds the order).
std::string KeepingTriggers(const std::string& prefix, const std::string& function) {
  std::string sql;
  for (const char* op : {"insert", "update", "delete", "truncate"}) {
    absl::StrAppend(&sql, "DROP TRIGGER IF EXISTS ", prefix, "_", op, " ON delivery_events;\n");
  }
  const std::string run = absl::StrCat(" FOR EACH STATEMENT EXECUTE FUNCTION ", function, "();\n");
  absl::StrAppend(&sql, "CREATE TRIGGER ", prefix, "_insert AFTER INSERT ON delivery_events\n",
                  "  REFERENCING NEW TABLE AS dora_new_rows", run);
  absl::StrAppend(&sql, "CREATE TRIGGER ", prefix, "_update AFTER UPDATE ON delivery_events\n",
                  "  REFERENCING OLD TABLE AS dora_old_rows NEW TABLE AS dora_new_rows", run);
  absl::StrAppend(&sql, "CREATE TRIGGER ", prefix, "_delete AFTER DELETE ON delivery_events\n",
                  "  REFERENCING OLD TABLE AS dora_old_rows", run);
  absl::StrAppend(&sql, "CREATE TRIGGER ", prefix, "_truncate AFTER TRUNCATE ON delivery_events\n ", run);
  return sql;
}

// Whoever may read the events may read `table` (roles created before it).
std::string ReadableAsTheEvents(const std::string& table) {
  return absl::StrCat(R"sql(DO $grant$
DECLARE r name;
BEGIN
  FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
           WHERE table_schema = current_schema() AND table_name = 'delivery_events'
             AND privilege_type = 'SELECT' AND grantee <> current_user AND grantee <> 'PUBLIC' LOOP
    EXECUTE format('GRANT SELECT ON )sql",
                      table, R"sql( TO %I', r);
  END LOOP;
END $grant$;
)sql");
}

}  // namespace

std::string PeriodOf(const KeptPeriod& period, const std::string& alias) {
  const std::string instant = absl::StrCat(alias, ".occurred_at AT TIME ZONE 'UTC'");
  return period.days == 7 ? absl::StrCat("date_trunc('week', ", instant, ")::date")
                          : absl::StrCat("(", instant, ")::date");
}

std::string ExpandKeptTableSql(const char* text, const std::string& table, const std::string& prefix,
                               const std::string& function, std::vector<std::pair<std::string, std::string>> rows) {
  rows.emplace_back("{lock_each_service}", kKeptTableWriterLock);
  rows.emplace_back("{triggers}\n", KeepingTriggers(prefix, function));
  rows.emplace_back("{grant}\n", ReadableAsTheEvents(table));
  return absl::StrReplaceAll(text, rows);
}

}  // namespace dora
