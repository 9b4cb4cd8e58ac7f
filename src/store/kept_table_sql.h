// What every table kept from delivery_events by triggers shares in its
// migration's SQL (store/rollup_migrations.h lists the tables; one file
// each, <table>_sql.cc, holds its statements).
#ifndef DORA_STORE_KEPT_TABLE_SQL_H_
#define DORA_STORE_KEPT_TABLE_SQL_H_

#include <string>
#include <utility>
#include <vector>

namespace dora {

// The period a kept table counts by: a UTC day (column `day`) or an ISO week
// of UTC days, Monday to Sunday (column `week`, its Monday).
struct KeptPeriod {
  const char* column;
  int days;  // 1 or 7
};
inline constexpr KeptPeriod kUtcDay{"day", 1};
inline constexpr KeptPeriod kUtcWeek{"week", 7};

// The per-service writer lock ({lock_each_service} below), taken for each
// row `s` (by service name) of a query in service order: the one key every
// kept table's writers share.
inline constexpr const char* kKeptTableWriterLock =
    "count(pg_advisory_xact_lock(hashtextextended('dora incident_firsts ' || s.service, 0)))";

// The period of row `alias`'s occurred_at, as an SQL date.
std::string PeriodOf(const KeptPeriod& period, const std::string& alias);

// `text` with {triggers} (the four statement-level triggers on
// delivery_events that run `function`, named `prefix`_insert and so on,
// replacing earlier ones) and {grant} (whoever may read the events may read
// `table`) filled, {lock_each_service} by the per-service writer lock every
// kept table's writers share (taken for each row `s` of a query in service
// order), and each of `rows`' names ("{name}") by its SQL: what a kept row
// holds, written once for the trigger, the rebuild and the fill.
std::string ExpandKeptTableSql(const char* text, const std::string& table, const std::string& prefix,
                               const std::string& function, std::vector<std::pair<std::string, std::string>> rows = {});

}  // namespace dora

#endif  // DORA_STORE_KEPT_TABLE_SQL_H_
