#include "store/rollup_migrations.h"

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

// The per-service writer lock, taken for each row `s` (by service name) of a
// query in service order: the one key every kept table's writers share.
constexpr const char* kLockEachService =
    "count(pg_advisory_xact_lock(hashtextextended('dora incident_firsts ' || s.service, 0)))";

// `text` with {triggers} and {grant} filled for `table`, {lock_each_service}
// by kLockEachService, and each of `rows`' names ("{name}") by its SQL: what
// a kept row holds, written once for the trigger, the rebuild and the fill.
std::string Expand(const char* text, const std::string& table, const std::string& prefix, const std::string& function,
                   std::vector<std::pair<std::string, std::string>> rows = {}) {
  rows.emplace_back("{lock_each_service}", kLockEachService);
  rows.emplace_back("{triggers}\n", KeepingTriggers(prefix, function));
  rows.emplace_back("{grant}\n", ReadableAsTheEvents(table));
  return absl::StrReplaceAll(text, rows);
}

// A lead_time_days row from delivery_events rows `e` (grouped by the first
// four columns), and which rows it takes.
constexpr const char* kLeadTimeRow =
    "(e.occurred_at AT TIME ZONE 'UTC')::date, e.environment, e.service, e.team, count(*),\n"
    "         string_agg(dora_lead_text(dora_lead_us(e.occurred_at, e.first_commit_ts)), '')";
constexpr const char* kLeadTimeRows = "e.event_type = 'deploy' AND e.success AND e.first_commit_ts IS NOT NULL";

// An event_day_counts row from delivery_events rows `e` (grouped by the
// first seven columns).
constexpr const char* kEventDayRow =
    "(e.occurred_at AT TIME ZONE 'UTC')::date, e.source, e.event_type, e.environment, e.environment_raw,\n"
    "         e.service, e.team, count(*),\n"
    "         count(*) FILTER (WHERE e.event_type = 'deploy' AND e.success AND e.is_rollback IS NOT TRUE\n"
    "                            AND e.first_commit_ts IS NULL),\n"
    "         array_agg(dora_lead_us(e.first_commit_ts, e.occurred_at))\n"
    "           FILTER (WHERE e.event_type = 'deploy' AND e.first_commit_ts > e.occurred_at),\n"
    "         max(e.occurred_at), max(e.ingested_at)";

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

// One row per incident (issue 14): a service and incident id with its first
// open (by time, then id: its event id, time, team, environment with
// production for none, url), its first resolution, and the latest deploy of
// the same service and environment at or before the open (time and team; at
// equal times the last stored). Whether the incident is linked to a deploy
// is then a comparison with the query's link window, so the row is the same
// under every policy. Kept by statement-level triggers on delivery_events:
// an insert, update or delete of an incident's open or resolution rebuilds
// that incident from its events; one of a deploy recomputes the latest
// deploy of the incidents it can change (opened at or after it, whose
// latest deploy is not later); truncation empties it. Writers of the same
// service's deploys or incidents take turns (a transaction-scoped advisory
// lock per service), so concurrent writers never rebuild from each other's
// invisible rows. Filled from the rows
// already stored. Whoever may read the events may read it.
constexpr const char* kIncidentFirstsTemplate = R"sql(
CREATE TABLE IF NOT EXISTS incident_firsts (
  service      TEXT NOT NULL,
  incident_id  TEXT NOT NULL,
  open_id      BIGINT NOT NULL,
  opened_at    TIMESTAMPTZ NOT NULL,
  team         TEXT,
  environment  TEXT NOT NULL,
  url          TEXT,
  resolved_at  TIMESTAMPTZ,
  deploy_at    TIMESTAMPTZ,
  deploy_team  TEXT,
  PRIMARY KEY (service, incident_id)
);
CREATE INDEX IF NOT EXISTS incident_firsts_opened ON incident_firsts (opened_at);
CREATE INDEX IF NOT EXISTS incident_firsts_service_opened ON incident_firsts (service, opened_at);
-- The latest deploy of a service and environment at or before an instant:
-- its time, then the last stored deploy of that time.
CREATE OR REPLACE FUNCTION dora_latest_deploy(p_service text, p_environment text, p_at timestamptz,
                                              OUT deploy_at timestamptz, OUT deploy_team text)
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $fn$
  SELECT t.at, (SELECT d.team FROM delivery_events d
                WHERE d.event_type = 'deploy' AND d.service = p_service AND d.environment = p_environment
                  AND d.occurred_at = t.at ORDER BY d.id DESC LIMIT 1)
  FROM (SELECT max(d.occurred_at) AS at FROM delivery_events d
        WHERE d.event_type = 'deploy' AND d.service = p_service AND d.environment = p_environment
          AND d.occurred_at <= p_at) AS t
$fn$;
-- Rebuilds the named incidents (service and incident id pairs) from the events.
CREATE OR REPLACE FUNCTION dora_rebuild_incidents(p_services text[], p_ids text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
  DELETE FROM incident_firsts f USING unnest(p_services, p_ids) AS k(service, incident_id)
  WHERE f.service = k.service AND f.incident_id = k.incident_id;
  INSERT INTO incident_firsts
  SELECT o.service, o.incident_id, o.id, o.occurred_at, o.team, coalesce(o.environment, 'prod'), o.url,
         (SELECT min(x.occurred_at) FROM delivery_events x
          WHERE x.event_type = 'incident_resolved' AND x.incident_id = o.incident_id AND x.service = o.service),
         ld.deploy_at, ld.deploy_team
  FROM (SELECT DISTINCT service, incident_id FROM unnest(p_services, p_ids) AS k(service, incident_id)) AS k
  CROSS JOIN LATERAL (
    SELECT e.id, e.service, e.incident_id, e.occurred_at, e.team, e.environment, e.url FROM delivery_events e
    WHERE e.event_type = 'incident_open' AND e.incident_id = k.incident_id AND e.service = k.service
    ORDER BY e.occurred_at, e.id LIMIT 1) AS o
  CROSS JOIN LATERAL dora_latest_deploy(o.service, coalesce(o.environment, 'prod'), o.occurred_at) AS ld
  ORDER BY 1, 2;
$fn$;
CREATE OR REPLACE FUNCTION dora_keep_incidents() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  changed text;
  services text[];
  ids text[];
  deploys_matter boolean;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE incident_firsts;
    RETURN NULL;
  END IF;
  -- The changed rows, as one relation whatever the operation; most
  -- statements (pushes, deploys after every open) change no incident.
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM dora_new_rows r
                   WHERE r.event_type IN ('deploy', 'incident_open', 'incident_resolved')) THEN
      RETURN NULL;
    END IF;
    changed := 'SELECT * FROM dora_new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    changed := 'SELECT * FROM dora_old_rows';
    deploys_matter := true;
  ELSE
    -- An update that leaves every column incident_firsts reads as it was
    -- (the writer's first_commit_ts completion) changes nothing.
    IF NOT EXISTS (
        SELECT n.id, n.event_type, n.service, n.team, n.environment, n.occurred_at, n.incident_id, n.url
        FROM dora_new_rows n
        EXCEPT ALL
        SELECT o.id, o.event_type, o.service, o.team, o.environment, o.occurred_at, o.incident_id, o.url
        FROM dora_old_rows o) THEN
      RETURN NULL;
    END IF;
    changed := 'SELECT * FROM dora_new_rows UNION ALL SELECT * FROM dora_old_rows';
    deploys_matter := true;
  END IF;
  -- One writer at a time per service: every statement that changes a
  -- service's deploys or incidents waits here for the others to commit, so
  -- the statements below (each with a fresh snapshot) see their rows. In
  -- the services' order: no deadlock between two writers.
  IF TG_OP = 'INSERT' THEN
    -- (Written out for inserts, the ingest path: a plan kept per session.)
    PERFORM {lock_each_service}
    FROM (SELECT DISTINCT r.service FROM dora_new_rows r
          WHERE r.event_type IN ('deploy', 'incident_open', 'incident_resolved') ORDER BY 1) AS s;
  ELSE
    EXECUTE format($sql$
      SELECT {lock_each_service}
      FROM (SELECT DISTINCT r.service FROM (%s) AS r
            WHERE r.event_type IN ('deploy', 'incident_open', 'incident_resolved') ORDER BY 1) AS s
    $sql$, changed);
  END IF;
  IF TG_OP = 'INSERT' THEN
    -- New deploys matter to incidents opened at or after them whose latest
    -- deploy is not later (rare: deploys mostly arrive after every open).
    deploys_matter := EXISTS (
      SELECT 1 FROM dora_new_rows d
      JOIN incident_firsts f ON f.service = d.service AND f.environment = d.environment
       AND f.opened_at >= d.occurred_at AND (f.deploy_at IS NULL OR f.deploy_at <= d.occurred_at)
      WHERE d.event_type = 'deploy');
  END IF;
  EXECUTE format($sql$
    SELECT array_agg(c.service), array_agg(c.incident_id) FROM (
      SELECT DISTINCT r.service, r.incident_id FROM (%s) AS r
      WHERE r.event_type IN ('incident_open', 'incident_resolved') AND r.incident_id IS NOT NULL) AS c
  $sql$, changed) INTO services, ids;
  IF services IS NOT NULL THEN
    PERFORM dora_rebuild_incidents(services, ids);
  END IF;
  IF NOT deploys_matter THEN
    RETURN NULL;
  END IF;
  -- Incidents whose latest deploy a changed deploy can be: opened at or
  -- after it, with no later latest deploy.
  EXECUTE format($sql$
    UPDATE incident_firsts f SET deploy_at = ld.deploy_at, deploy_team = ld.deploy_team
    FROM (SELECT DISTINCT f2.service, f2.incident_id, f2.environment, f2.opened_at
          FROM (%s) AS d
          JOIN incident_firsts f2 ON f2.service = d.service AND f2.environment = d.environment
           AND f2.opened_at >= d.occurred_at AND (f2.deploy_at IS NULL OR f2.deploy_at <= d.occurred_at)
          WHERE d.event_type = 'deploy') AS k
    CROSS JOIN LATERAL dora_latest_deploy(k.service, k.environment, k.opened_at) AS ld
    WHERE f.service = k.service AND f.incident_id = k.incident_id
      AND (f.deploy_at, f.deploy_team) IS DISTINCT FROM (ld.deploy_at, ld.deploy_team)
  $sql$, changed);
  RETURN NULL;
END
$fn$;
{triggers}
TRUNCATE incident_firsts;
SELECT dora_rebuild_incidents(array_agg(service), array_agg(incident_id))
FROM (SELECT DISTINCT service, incident_id FROM delivery_events
      WHERE event_type = 'incident_open' AND incident_id IS NOT NULL) AS k;
{grant}
)sql";

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

// Events per UTC day (issue 14): one row per day, source, event type,
// environment (as stored and as sent), service and team with the number of
// events, of successful non-rollback deploys without a first commit, the
// deploys' first commits later than the deploy (microseconds ahead, int8[],
// NULL for none: the query's tolerance decides which are skewed), and the
// latest occurred_at and ingested_at. data_quality reads whole days here and
// only the partial days at its edges from the events. Kept by
// statement-level triggers: an insert adds its rows to their keys; an
// update that changes a column the table reads (the writer's
// first_commit_ts completion among them) or a delete rebuilds the days and
// services its old and new rows touch from the events; truncation empties
// it. Its writers take the per-service writer lock first, for every
// service a statement touches, in service order (incident_firsts and
// lead_time_days then take subsets of those), so a rebuild never misses a
// concurrent writer's rows. Filled from the rows already stored. Whoever
// may read the events may read it.
constexpr const char* kEventDayCountsTemplate = R"sql(
CREATE TABLE IF NOT EXISTS event_day_counts (
  day                   DATE NOT NULL,
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
  CONSTRAINT event_day_counts_key UNIQUE NULLS NOT DISTINCT
    (day, source, event_type, environment, environment_raw, service, team)
);
CREATE INDEX IF NOT EXISTS event_day_counts_service ON event_day_counts (service, day);
-- The rows of the named days and services, recomputed from the events.
CREATE OR REPLACE FUNCTION dora_rebuild_event_days(p_days date[], p_services text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
  DELETE FROM event_day_counts c USING unnest(p_days, p_services) AS k(day, service)
  WHERE c.day = k.day AND c.service = k.service;
  INSERT INTO event_day_counts
  SELECT {event_day_row}
  FROM (SELECT DISTINCT * FROM unnest(p_days, p_services) AS k(day, service)) AS k
  JOIN delivery_events e ON e.service = k.service
   AND e.occurred_at >= k.day::timestamp AT TIME ZONE 'UTC'
   AND e.occurred_at < (k.day + 1)::timestamp AT TIME ZONE 'UTC'
  GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7;
$fn$;
CREATE OR REPLACE FUNCTION dora_keep_event_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  changed text;
  days date[];
  services text[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE event_day_counts;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM {lock_each_service}
    FROM (SELECT DISTINCT n.service FROM dora_new_rows n ORDER BY 1) AS s;
    INSERT INTO event_day_counts AS c
    SELECT {event_day_row}
    FROM dora_new_rows e
    GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT event_day_counts_key DO UPDATE
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
    SELECT array_agg(k.day), array_agg(k.service) FROM (
      SELECT DISTINCT (r.occurred_at AT TIME ZONE 'UTC')::date AS day, r.service FROM (%s) AS r) AS k
  $sql$, changed) INTO days, services;
  IF days IS NOT NULL THEN
    PERFORM dora_rebuild_event_days(days, services);
  END IF;
  RETURN NULL;
END
$fn$;
{triggers}
TRUNCATE event_day_counts;
INSERT INTO event_day_counts
SELECT {event_day_row}
FROM delivery_events e
GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7;
{grant}
)sql";

}  // namespace

const std::string& DeployDayCountsSql() {
  static const auto* sql = new std::string(
      Expand(kDeployDayCountsTemplate, "deploy_day_counts", "dora_deploy_days", "dora_count_deploy_days"));
  return *sql;
}

const std::string& IncidentFirstsSql() {
  static const auto* sql =
      new std::string(Expand(kIncidentFirstsTemplate, "incident_firsts", "dora_incidents", "dora_keep_incidents"));
  return *sql;
}

const std::string& LeadTimeDaysSql() {
  static const auto* sql =
      new std::string(Expand(kLeadTimeDaysTemplate, "lead_time_days", "dora_lead_days", "dora_keep_lead_days",
                             {{"{lead_time_row}", kLeadTimeRow}, {"{lead_time_rows}", kLeadTimeRows}}));
  return *sql;
}

const std::string& LeadTimeDaysAsTextSql() {
  static const auto* sql = new std::string(absl::StrCat("DROP TABLE IF EXISTS lead_time_days;\n", LeadTimeDaysSql()));
  return *sql;
}

const std::string& EventDayCountsSql() {
  static const auto* sql = new std::string(Expand(kEventDayCountsTemplate, "event_day_counts", "dora_event_days",
                                                  "dora_keep_event_days", {{"{event_day_row}", kEventDayRow}}));
  return *sql;
}

}  // namespace dora
