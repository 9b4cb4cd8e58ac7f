#include "store/rollup_migrations.h"

#include <string>

#include "store/kept_table_sql.h"

namespace dora {
namespace {

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

}  // namespace

const std::string& IncidentFirstsSql() {
  static const auto* sql = new std::string(
      ExpandKeptTableSql(kIncidentFirstsTemplate, "incident_firsts", "dora_incidents", "dora_keep_incidents"));
  return *sql;
}

}  // namespace dora
