#include "store/rollup_migrations.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "store/kept_table_sql.h"

namespace dora {
namespace {

// Deploys per UTC period (issue 14): one row per period, environment,
// service, team and outcome flags with the number of deploy events, kept
// equal to delivery_events by statement-level triggers on every insert,
// update, delete and truncate (transition tables; the functions run as their
// owner, so the ingest role needs no privilege on the table), and filled from
// the rows already stored. Two tables share these statements:
// deploy_day_counts (a UTC day, column `day`) and deploy_week_counts (an ISO
// week of UTC days, Monday to Sunday, column `week`, its Monday). Counting
// queries read whole UTC weeks from the second, the other whole UTC days from
// the first and only the partial days at their edges from the events
// (sql/fragments.h); by period, or by service and period for one service's
// dashboard. Whoever may read the events may read their counts.
//
// {period} is the period column's name ({period_column} the same, padded for
// the CREATE TABLE), {n_period}, {o_period} and {e_period} the period of the
// rows n, o and e.
constexpr const char* kDeployCountsTemplate = R"sql(
CREATE TABLE IF NOT EXISTS {table} (
  {period_column} DATE NOT NULL,
  environment  TEXT,
  service      TEXT NOT NULL,
  team         TEXT,
  success      BOOLEAN,
  is_rollback  BOOLEAN,
  hotfix       BOOLEAN,
  deploys      INTEGER NOT NULL CHECK (deploys > 0),
  CONSTRAINT {table}_key UNIQUE NULLS NOT DISTINCT
    ({period}, environment, service, team, success, is_rollback, hotfix)
);
CREATE INDEX IF NOT EXISTS {table}_service ON {table} (service, {period});
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE {table};
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {table} AS c
    SELECT {n_period}, n.environment, n.service, n.team,
           n.success, n.is_rollback, n.hotfix, count(*)
    FROM dora_new_rows n WHERE n.event_type = 'deploy'
    GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT {table}_key DO UPDATE SET deploys = c.deploys + excluded.deploys;
    RETURN NULL;
  END IF;
  -- An update that leaves every counted column as it was (the writer's
  -- first_commit_ts completion) changes no count.
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (
        SELECT n.event_type, n.occurred_at, n.environment, n.service, n.team, n.success, n.is_rollback, n.hotfix
        FROM dora_new_rows n
        EXCEPT ALL
        SELECT o.event_type, o.occurred_at, o.environment, o.service, o.team, o.success, o.is_rollback, o.hotfix
        FROM dora_old_rows o) THEN
      RETURN NULL;
    END IF;
  END IF;
  -- Update or delete: the net change per key, applied in one statement
  -- (a key's change has one sign: lowered, removed at zero, or raised). A
  -- delete has no new rows, hence the statement's text per operation.
  EXECUTE format($sql$
  WITH changes AS (%s
    SELECT {o_period} AS {period}, o.environment, o.service, o.team,
           o.success, o.is_rollback, o.hotfix, -1 AS n
    FROM dora_old_rows o WHERE o.event_type = 'deploy'
  ), d AS (
    SELECT {period}, environment, service, team, success, is_rollback, hotfix, sum(n)::int AS deploys
    FROM changes GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0
  ), lowered AS (
    UPDATE {table} c SET deploys = c.deploys + d.deploys
    FROM d
    WHERE d.deploys < 0 AND c.deploys + d.deploys > 0 AND c.{period} = d.{period}
      AND c.environment IS NOT DISTINCT FROM d.environment AND c.service = d.service
      AND c.team IS NOT DISTINCT FROM d.team AND c.success IS NOT DISTINCT FROM d.success
      AND c.is_rollback IS NOT DISTINCT FROM d.is_rollback AND c.hotfix IS NOT DISTINCT FROM d.hotfix
  ), removed AS (
    DELETE FROM {table} c
    USING d
    WHERE d.deploys < 0 AND c.deploys + d.deploys <= 0 AND c.{period} = d.{period}
      AND c.environment IS NOT DISTINCT FROM d.environment AND c.service = d.service
      AND c.team IS NOT DISTINCT FROM d.team AND c.success IS NOT DISTINCT FROM d.success
      AND c.is_rollback IS NOT DISTINCT FROM d.is_rollback AND c.hotfix IS NOT DISTINCT FROM d.hotfix
  )
  INSERT INTO {table} AS c
  SELECT * FROM d WHERE d.deploys > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT {table}_key DO UPDATE SET deploys = c.deploys + excluded.deploys
  $sql$, CASE WHEN TG_OP = 'UPDATE' THEN $new$
    SELECT {n_period} AS {period}, n.environment, n.service, n.team,
           n.success, n.is_rollback, n.hotfix, 1 AS n
    FROM dora_new_rows n WHERE n.event_type = 'deploy'
    UNION ALL$new$ ELSE '' END);
  RETURN NULL;
END
$fn$;
{triggers}
TRUNCATE {table};
INSERT INTO {table}
SELECT {e_period}, e.environment, e.service, e.team,
       e.success, e.is_rollback, e.hotfix, count(*)
FROM delivery_events e WHERE e.event_type = 'deploy'
GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7;
{grant}
)sql";

// `table`'s statements for `period`.
std::string DeployCountsSql(const std::string& table, const KeptPeriod& period, const std::string& prefix,
                            const std::string& function) {
  const std::string column = period.column;
  return ExpandKeptTableSql(kDeployCountsTemplate, table, prefix, function,
                            {{"{table}", table},
                             {"{function}", function},
                             {"{period_column}", absl::StrCat(column, std::string(12 - column.size(), ' '))},
                             {"{period}", column},
                             {"{n_period}", PeriodOf(period, "n")},
                             {"{o_period}", PeriodOf(period, "o")},
                             {"{e_period}", PeriodOf(period, "e")}});
}

}  // namespace

const std::string& DeployDayCountsSql() {
  static const auto* sql =
      new std::string(DeployCountsSql("deploy_day_counts", kUtcDay, "dora_deploy_days", "dora_count_deploy_days"));
  return *sql;
}

const std::string& DeployWeekCountsSql() {
  static const auto* sql =
      new std::string(DeployCountsSql("deploy_week_counts", kUtcWeek, "dora_deploy_weeks", "dora_count_deploy_weeks"));
  return *sql;
}

}  // namespace dora
