#include "store/rollup_migrations.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "store/kept_table_sql.h"

namespace dora {
namespace {

// An event_day_counts row from delivery_events rows `e` (grouped by the
// first seven columns).
constexpr const char* kEventDayRow =
    "{e_period}, e.source, e.event_type, e.environment, e.environment_raw,\n"
    "         e.service, e.team, count(*),\n"
    "         count(*) FILTER (WHERE e.event_type = 'deploy' AND e.success AND e.is_rollback IS NOT TRUE\n"
    "                            AND e.first_commit_ts IS NULL),\n"
    "         array_agg(dora_lead_us(e.first_commit_ts, e.occurred_at))\n"
    "           FILTER (WHERE e.event_type = 'deploy' AND e.first_commit_ts > e.occurred_at),\n"
    "         max(e.occurred_at), max(e.ingested_at)";

// Events per UTC period (issue 14), in two tables with these statements:
// event_day_counts (a UTC day, column `day`) and event_week_counts (an ISO
// week of UTC days, column `week`, its Monday). One row per period, source, event type,
// environment (as stored and as sent), service and team with the number of
// events, of successful non-rollback deploys without a first commit, the
// deploys' first commits later than the deploy (microseconds ahead, int8[],
// NULL for none: the query's tolerance decides which are skewed), and the
// latest occurred_at and ingested_at. data_quality reads whole weeks from
// the second, the other whole days from the first and only the partial days
// at its edges from the events. Kept by
// statement-level triggers: an insert adds its rows to their keys; an
// update that changes a column the table reads (the writer's
// first_commit_ts completion among them) or a delete rebuilds the periods
// and services its old and new rows touch from the events; truncation empties
// it. Its writers take the per-service writer lock first, for every
// service a statement touches, in service order (incident_firsts and
// lead_time_days then take subsets of those), so a rebuild never misses a
// concurrent writer's rows. Filled from the rows already stored. Whoever
// may read the events may read it.
constexpr const char* kEventCountsTemplate = R"sql(
CREATE TABLE IF NOT EXISTS {table} (
  {period_column} DATE NOT NULL,
  source                TEXT NOT NULL,
  event_type            TEXT NOT NULL,
  environment           TEXT,
  environment_raw       TEXT,
  service               TEXT NOT NULL,
  team                  TEXT,
  events                INTEGER NOT NULL CHECK (events > 0),
  without_first_commit  INTEGER NOT NULL,
  ahead_us              BIGINT[],
  last_at               TIMESTAMPTZ NOT NULL,
  received_at           TIMESTAMPTZ NOT NULL,
  CONSTRAINT {table}_key UNIQUE NULLS NOT DISTINCT
    ({period}, source, event_type, environment, environment_raw, service, team)
);
CREATE INDEX IF NOT EXISTS {table}_service ON {table} (service, {period});
-- The rows of the named days and services, recomputed from the events.
CREATE OR REPLACE FUNCTION {rebuild}(p_days date[], p_services text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
  DELETE FROM {table} c USING unnest(p_days, p_services) AS k({period}, service)
  WHERE c.{period} = k.{period} AND c.service = k.service;
  INSERT INTO {table}
  SELECT {event_day_row}
  FROM (SELECT DISTINCT * FROM unnest(p_days, p_services) AS k({period}, service)) AS k
  JOIN delivery_events e ON e.service = k.service
   AND e.occurred_at >= k.{period}::timestamp AT TIME ZONE 'UTC'
   AND e.occurred_at < (k.{period} + {period_days})::timestamp AT TIME ZONE 'UTC'
  GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7;
$fn$;
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  changed text;
  days date[];
  services text[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE {table};
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM {lock_each_service}
    FROM (SELECT DISTINCT n.service FROM dora_new_rows n ORDER BY 1) AS s;
    INSERT INTO {table} AS c
    SELECT {event_day_row}
    FROM dora_new_rows e
    GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT {table}_key DO UPDATE
    SET events = c.events + excluded.events,
        without_first_commit = c.without_first_commit + excluded.without_first_commit,
        ahead_us = c.ahead_us || excluded.ahead_us,
        last_at = greatest(c.last_at, excluded.last_at),
        received_at = greatest(c.received_at, excluded.received_at);
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- An update that leaves every column the table reads as it was changes nothing.
    IF NOT EXISTS (
        SELECT n.occurred_at, n.source, n.event_type, n.environment, n.environment_raw, n.service, n.team,
               n.success, n.is_rollback, n.first_commit_ts, n.ingested_at
        FROM dora_new_rows n
        EXCEPT ALL
        SELECT o.occurred_at, o.source, o.event_type, o.environment, o.environment_raw, o.service, o.team,
               o.success, o.is_rollback, o.first_commit_ts, o.ingested_at
        FROM dora_old_rows o) THEN
      RETURN NULL;
    END IF;
    changed := 'SELECT * FROM dora_new_rows UNION ALL SELECT * FROM dora_old_rows';
  ELSE
    changed := 'SELECT * FROM dora_old_rows';
  END IF;
  EXECUTE format($sql$
    SELECT {lock_each_service}
    FROM (SELECT DISTINCT r.service FROM (%s) AS r ORDER BY 1) AS s
  $sql$, changed);
  EXECUTE format($sql$
    SELECT array_agg(k.{period}), array_agg(k.service) FROM (
      SELECT DISTINCT {r_period} AS {period}, r.service FROM (%s) AS r) AS k
  $sql$, changed) INTO days, services;
  IF days IS NOT NULL THEN
    PERFORM {rebuild}(days, services);
  END IF;
  RETURN NULL;
END
$fn$;
{triggers}
TRUNCATE {table};
INSERT INTO {table}
SELECT {event_day_row}
FROM delivery_events e
GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7;
{grant}
)sql";

// `table`'s statements for `period`.
std::string EventCountsSql(const std::string& table, const KeptPeriod& period, const std::string& prefix,
                           const std::string& function, const std::string& rebuild) {
  const std::string column = period.column;
  return ExpandKeptTableSql(
      kEventCountsTemplate, table, prefix, function,
      {{"{event_day_row}", absl::StrReplaceAll(kEventDayRow, {{"{e_period}", PeriodOf(period, "e")}})},
       {"{table}", table},
       {"{function}", function},
       {"{rebuild}", rebuild},
       {"{period_column}", absl::StrCat(column, std::string(21 - column.size(), ' '))},
       {"{period}", column},
       {"{period_days}", absl::StrCat(period.days)},
       {"{r_period}", PeriodOf(period, "r")}});
}

}  // namespace

const std::string& EventDayCountsSql() {
  static const auto* sql = new std::string(EventCountsSql("event_day_counts", kUtcDay, "dora_event_days",
                                                          "dora_keep_event_days", "dora_rebuild_event_days"));
  return *sql;
}

const std::string& EventWeekCountsSql() {
  static const auto* sql = new std::string(EventCountsSql("event_week_counts", kUtcWeek, "dora_event_weeks",
                                                          "dora_keep_event_weeks", "dora_rebuild_event_weeks"));
  return *sql;
}

}  // namespace dora
