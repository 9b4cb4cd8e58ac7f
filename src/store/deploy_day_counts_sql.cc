#include "store/rollup_migrations.h"

#include <string>

#include "store/kept_table_sql.h"

namespace dora {
namespace {

// Deploys per UTC day (issue 14): one row per day, environment, service,
// team and outcome flags with the number of deploy events, kept equal to
// delivery_events by statement-level triggers on every insert, update, delete
// and truncate (transition tables; the functions run as their owner, so the
// ingest role needs no privilege on the table), and filled from the rows
// already stored. Counting queries read whole UTC days here and only the
// partial days at their edges from the events (sql/fragments.h); by day, or
// by service and day for one service's dashboard. Whoever may read the
// events may read their counts.
constexpr const char* kDeployDayCountsTemplate = R"sql(
CREATE TABLE IF NOT EXISTS deploy_day_counts (
  day          DATE NOT NULL,
  environment  TEXT,
  service      TEXT NOT NULL,
  team         TEXT,
  success      BOOLEAN,
  is_rollback  BOOLEAN,
  hotfix       BOOLEAN,
  deploys      INTEGER NOT NULL CHECK (deploys > 0),
  CONSTRAINT deploy_day_counts_key UNIQUE NULLS NOT DISTINCT
    (day, environment, service, team, success, is_rollback, hotfix)
);
CREATE INDEX IF NOT EXISTS deploy_day_counts_service ON deploy_day_counts (service, day);
CREATE OR REPLACE FUNCTION dora_count_deploy_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE deploy_day_counts;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO deploy_day_counts AS c
    SELECT (n.occurred_at AT TIME ZONE 'UTC')::date, n.environment, n.service, n.team,
           n.success, n.is_rollback, n.hotfix, count(*)
    FROM dora_new_rows n WHERE n.event_type = 'deploy'
    GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT deploy_day_counts_key DO UPDATE SET deploys = c.deploys + excluded.deploys;
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
    SELECT (o.occurred_at AT TIME ZONE 'UTC')::date AS day, o.environment, o.service, o.team,
           o.success, o.is_rollback, o.hotfix, -1 AS n
    FROM dora_old_rows o WHERE o.event_type = 'deploy'
  ), d AS (
    SELECT day, environment, service, team, success, is_rollback, hotfix, sum(n)::int AS deploys
    FROM changes GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0
  ), lowered AS (
    UPDATE deploy_day_counts c SET deploys = c.deploys + d.deploys
    FROM d
    WHERE d.deploys < 0 AND c.deploys + d.deploys > 0 AND c.day = d.day
      AND c.environment IS NOT DISTINCT FROM d.environment AND c.service = d.service
      AND c.team IS NOT DISTINCT FROM d.team AND c.success IS NOT DISTINCT FROM d.success
      AND c.is_rollback IS NOT DISTINCT FROM d.is_rollback AND c.hotfix IS NOT DISTINCT FROM d.hotfix
  ), removed AS (
    DELETE FROM deploy_day_counts c
    USING d
    WHERE d.deploys < 0 AND c.deploys + d.deploys <= 0 AND c.day = d.day
      AND c.environment IS NOT DISTINCT FROM d.environment AND c.service = d.service
      AND c.team IS NOT DISTINCT FROM d.team AND c.success IS NOT DISTINCT FROM d.success
      AND c.is_rollback IS NOT DISTINCT FROM d.is_rollback AND c.hotfix IS NOT DISTINCT FROM d.hotfix
  )
  INSERT INTO deploy_day_counts AS c
  SELECT * FROM d WHERE d.deploys > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT deploy_day_counts_key DO UPDATE SET deploys = c.deploys + excluded.deploys
  $sql$, CASE WHEN TG_OP = 'UPDATE' THEN $new$
    SELECT (n.occurred_at AT TIME ZONE 'UTC')::date AS day, n.environment, n.service, n.team,
           n.success, n.is_rollback, n.hotfix, 1 AS n
    FROM dora_new_rows n WHERE n.event_type = 'deploy'
    UNION ALL$new$ ELSE '' END);
  RETURN NULL;
END
$fn$;
{triggers}
TRUNCATE deploy_day_counts;
INSERT INTO deploy_day_counts
SELECT (e.occurred_at AT TIME ZONE 'UTC')::date, e.environment, e.service, e.team,
       e.success, e.is_rollback, e.hotfix, count(*)
FROM delivery_events e WHERE e.event_type = 'deploy'
GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7;
{grant}
)sql";

}  // namespace

const std::string& DeployDayCountsSql() {
  static const auto* sql = new std::string(
      ExpandKeptTableSql(kDeployDayCountsTemplate, "deploy_day_counts", "dora_deploy_days", "dora_count_deploy_days"));
  return *sql;
}

}  // namespace dora
