#include "store/rollup_migrations.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "store/kept_table_sql.h"

namespace dora {
namespace {

// A lead_time_days row from delivery_events rows `e` (grouped by the first
// four columns), and which rows it takes.
constexpr const char* kLeadTimeRow =
    "(e.occurred_at AT TIME ZONE 'UTC')::date, e.environment, e.service, e.team, count(*),\n"
    "         string_agg(dora_lead_text(dora_lead_us(e.occurred_at, e.first_commit_ts)), '')";
constexpr const char* kLeadTimeRows = "e.event_type = 'deploy' AND e.success AND e.first_commit_ts IS NOT NULL";

// Lead times per UTC day (issue 14): one row per day, environment, service
// and team with the lead times of its successful deploys that have a first
// commit, as microseconds (occurred_at - first_commit_ts, dora_lead_us),
// each written by dora_lead_text and concatenated in no particular order: a
// window's exact percentiles read a few thousand short rows and the engine
// decodes and merges them (forms/lead_samples.h, which owns the format's
// description). Text rather than bytea: about 8 characters a value on the
// wire instead of bytea's 16 hex digits. Negative values (clock skew) are
// kept: the query's tolerance decides. Kept by statement-level triggers: an
// insert appends its rows' values to their keys; an update or delete that
// changes a column the table reads (the writer's first_commit_ts completion
// among them) rebuilds the keys its old and new rows touch from the events;
// truncation empties it. Rebuilds and appends of one service take turns
// with the per-service writer lock (the key incident_firsts's writers take,
// in service order; event_day_counts's trigger, which fires first, holds it
// already for every service the statement touches unless the statement
// changed nothing it reads, and then nothing this table reads changed
// either), so a rebuild never misses a concurrent writer's rows. Filled
// from the rows already stored. Whoever may read the events may read it.
constexpr const char* kLeadTimeDaysTemplate = R"sql(
CREATE OR REPLACE FUNCTION dora_lead_us(p_deployed timestamptz, p_first_commit timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (extract(epoch FROM p_deployed - p_first_commit) * 1000000)::bigint;
-- One lead time as text: the base64 digits of its 64 bits and two zero bits,
-- without leading zero digits ('A'), then ','; whole seconds the same of the
-- seconds, then '.'.
CREATE OR REPLACE FUNCTION dora_lead_text(p_us bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_us % 1000000 = 0
            THEN ltrim(rtrim(encode(int8send(p_us / 1000000), 'base64'), '='), 'A') || '.'
            ELSE ltrim(rtrim(encode(int8send(p_us), 'base64'), '='), 'A') || ',' END;
CREATE TABLE IF NOT EXISTS lead_time_days (
  day          DATE NOT NULL,
  environment  TEXT,
  service      TEXT NOT NULL,
  team         TEXT,
  samples      INTEGER NOT NULL CHECK (samples > 0),
  lead_us      TEXT NOT NULL CHECK (right(lead_us, 1) IN (',', '.')),
  CONSTRAINT lead_time_days_key UNIQUE NULLS NOT DISTINCT (day, environment, service, team)
);
CREATE INDEX IF NOT EXISTS lead_time_days_service ON lead_time_days (service, day);
-- The lead times of the deploys of the named keys (day, environment,
-- service, team), recomputed from the events.
CREATE OR REPLACE FUNCTION dora_rebuild_lead_days(p_days date[], p_environments text[], p_services text[],
                                                  p_teams text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
  DELETE FROM lead_time_days l
  USING unnest(p_days, p_environments, p_services, p_teams) AS k(day, environment, service, team)
  WHERE l.day = k.day AND l.environment IS NOT DISTINCT FROM k.environment AND l.service = k.service
    AND l.team IS NOT DISTINCT FROM k.team;
  INSERT INTO lead_time_days
  SELECT {lead_time_row}
  FROM (SELECT DISTINCT * FROM unnest(p_days, p_environments, p_services, p_teams)
        AS k(day, environment, service, team)) AS k
  JOIN delivery_events e ON e.service = k.service
   AND e.occurred_at >= k.day::timestamp AT TIME ZONE 'UTC'
   AND e.occurred_at < (k.day + 1)::timestamp AT TIME ZONE 'UTC'
   AND e.environment IS NOT DISTINCT FROM k.environment AND e.team IS NOT DISTINCT FROM k.team
  WHERE {lead_time_rows}
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
$fn$;
CREATE OR REPLACE FUNCTION dora_keep_lead_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  changed text;
  days date[];
  environments text[];
  services text[];
  teams text[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE lead_time_days;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM dora_new_rows e WHERE {lead_time_rows}) THEN
      RETURN NULL;
    END IF;
    PERFORM {lock_each_service}
    FROM (SELECT DISTINCT e.service FROM dora_new_rows e WHERE {lead_time_rows} ORDER BY 1) AS s;
    INSERT INTO lead_time_days AS l
    SELECT {lead_time_row}
    FROM dora_new_rows e WHERE {lead_time_rows}
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT lead_time_days_key
    DO UPDATE SET samples = l.samples + excluded.samples, lead_us = l.lead_us || excluded.lead_us;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- An update that leaves every column the table reads as it was changes nothing.
    IF NOT EXISTS (
        SELECT n.event_type, n.occurred_at, n.environment, n.service, n.team, n.success, n.first_commit_ts
        FROM dora_new_rows n
        EXCEPT ALL
        SELECT o.event_type, o.occurred_at, o.environment, o.service, o.team, o.success, o.first_commit_ts
        FROM dora_old_rows o) THEN
      RETURN NULL;
    END IF;
    changed := 'SELECT * FROM dora_new_rows UNION ALL SELECT * FROM dora_old_rows';
  ELSE
    changed := 'SELECT * FROM dora_old_rows';
  END IF;
  EXECUTE format($sql$
    SELECT {lock_each_service}
    FROM (SELECT DISTINCT r.service FROM (%s) AS r WHERE r.event_type = 'deploy' ORDER BY 1) AS s
  $sql$, changed);
  EXECUTE format($sql$
    SELECT array_agg(k.day), array_agg(k.environment), array_agg(k.service), array_agg(k.team) FROM (
      SELECT DISTINCT (e.occurred_at AT TIME ZONE 'UTC')::date AS day, e.environment, e.service, e.team
      FROM (%s) AS e WHERE {lead_time_rows}) AS k
  $sql$, changed) INTO days, environments, services, teams;
  IF days IS NOT NULL THEN
    PERFORM dora_rebuild_lead_days(days, environments, services, teams);
  END IF;
  RETURN NULL;
END
$fn$;
{triggers}
TRUNCATE lead_time_days;
INSERT INTO lead_time_days
SELECT {lead_time_row}
FROM delivery_events e WHERE {lead_time_rows}
GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
{grant}
)sql";

}  // namespace

const std::string& LeadTimeDaysSql() {
  static const auto* sql = new std::string(
      ExpandKeptTableSql(kLeadTimeDaysTemplate, "lead_time_days", "dora_lead_days", "dora_keep_lead_days",
                         {{"{lead_time_row}", kLeadTimeRow}, {"{lead_time_rows}", kLeadTimeRows}}));
  return *sql;
}

const std::string& LeadTimeDaysAsTextSql() {
  static const auto* sql = new std::string(absl::StrCat("DROP TABLE IF EXISTS lead_time_days;\n", LeadTimeDaysSql()));
  return *sql;
}

}  // namespace dora
