#include "store/rollup_migrations.h"

#include <string>

#include "store/kept_table_sql.h"

namespace dora {
namespace {

// Resolutions without an open (issue 14): one row per incident_resolved
// event whose incident (service and incident id) has no incident_open event
// (a NULL incident id never has one), with its event id, time, source, the
// columns data_quality's filters read (service, team, environment) and its
// incident id. data_quality counts a window's rows per source instead of
// probing incident_firsts for every resolution of the window. Kept by
// statement-level triggers: an insert removes the rows of incidents it
// opens and adds its resolutions that have no open (its own opens count);
// an update that changes a column the table reads, or a delete, recomputes
// the incidents and the resolutions its old and new rows touch from the
// events; truncation empties it. Its writers take the per-service writer
// lock for the services of the incident events a statement touches, in
// service order (event_day_counts' triggers, which fire first, already
// hold them). Filled from the rows already stored. Whoever may read the
// events may read it.
constexpr const char* kUnopenedResolutionsTemplate = R"sql(
CREATE TABLE IF NOT EXISTS unopened_resolutions (
  id           BIGINT PRIMARY KEY,
  occurred_at  TIMESTAMPTZ NOT NULL,
  source       TEXT NOT NULL,
  service      TEXT NOT NULL,
  team         TEXT,
  environment  TEXT,
  incident_id  TEXT
);
CREATE INDEX IF NOT EXISTS unopened_resolutions_time ON unopened_resolutions (occurred_at);
CREATE INDEX IF NOT EXISTS unopened_resolutions_incident ON unopened_resolutions (service, incident_id);
-- Recomputes the resolutions of the named incidents (service and incident
-- id pairs) and the named resolution events from the events.
CREATE OR REPLACE FUNCTION dora_rebuild_unopened(p_services text[], p_incidents text[], p_ids bigint[])
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
  DELETE FROM unopened_resolutions u WHERE u.id = ANY (p_ids);
  DELETE FROM unopened_resolutions u USING unnest(p_services, p_incidents) AS k(service, incident_id)
  WHERE u.service = k.service AND u.incident_id = k.incident_id;
  INSERT INTO unopened_resolutions
  SELECT {row} FROM delivery_events e
  WHERE e.id = ANY (p_ids) AND e.event_type = 'incident_resolved' AND {unopened}
  UNION
  SELECT {row}
  FROM (SELECT DISTINCT * FROM unnest(p_services, p_incidents) AS k(service, incident_id)) AS k
  JOIN delivery_events e ON e.incident_id = k.incident_id AND e.service = k.service
   AND e.event_type = 'incident_resolved'
  WHERE {unopened}
  ORDER BY 1;
$fn$;
CREATE OR REPLACE FUNCTION dora_keep_unopened() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
  changed text;
  services text[];
  incidents text[];
  ids bigint[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE unopened_resolutions;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    -- (Written out for inserts, the ingest path: a plan kept per session.)
    IF NOT EXISTS (SELECT 1 FROM dora_new_rows r WHERE r.event_type IN ('incident_open', 'incident_resolved')) THEN
      RETURN NULL;
    END IF;
    PERFORM {lock_each_service}
    FROM (SELECT DISTINCT r.service FROM dora_new_rows r
          WHERE r.event_type IN ('incident_open', 'incident_resolved') ORDER BY 1) AS s;
    DELETE FROM unopened_resolutions u USING dora_new_rows n
    WHERE n.event_type = 'incident_open' AND u.service = n.service AND u.incident_id = n.incident_id;
    INSERT INTO unopened_resolutions
    SELECT {row} FROM dora_new_rows e WHERE e.event_type = 'incident_resolved' AND {unopened} ORDER BY 1;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- An update that leaves every column the table reads as it was changes nothing.
    IF NOT EXISTS (
        SELECT n.id, n.event_type, n.occurred_at, n.source, n.service, n.team, n.environment, n.incident_id
        FROM dora_new_rows n
        EXCEPT ALL
        SELECT o.id, o.event_type, o.occurred_at, o.source, o.service, o.team, o.environment, o.incident_id
        FROM dora_old_rows o) THEN
      RETURN NULL;
    END IF;
    changed := 'SELECT * FROM dora_new_rows UNION ALL SELECT * FROM dora_old_rows';
  ELSE
    changed := 'SELECT * FROM dora_old_rows';
  END IF;
  EXECUTE format($sql$
    SELECT {lock_each_service}
    FROM (SELECT DISTINCT r.service FROM (%s) AS r
          WHERE r.event_type IN ('incident_open', 'incident_resolved') ORDER BY 1) AS s
  $sql$, changed);
  EXECUTE format($sql$
    WITH r AS (%s)
    SELECT k.services, k.incidents,
           (SELECT array_agg(DISTINCT r.id) FROM r WHERE r.event_type = 'incident_resolved')
    FROM (SELECT array_agg(d.service) AS services, array_agg(d.incident_id) AS incidents
          FROM (SELECT DISTINCT r.service, r.incident_id FROM r
                WHERE r.event_type IN ('incident_open', 'incident_resolved') AND r.incident_id IS NOT NULL) AS d) AS k
  $sql$, changed) INTO services, incidents, ids;
  IF services IS NOT NULL OR ids IS NOT NULL THEN
    PERFORM dora_rebuild_unopened(coalesce(services, '{}'), coalesce(incidents, '{}'), coalesce(ids, '{}'));
  END IF;
  RETURN NULL;
END
$fn$;
{triggers}
TRUNCATE unopened_resolutions;
INSERT INTO unopened_resolutions
SELECT {row} FROM delivery_events e WHERE e.event_type = 'incident_resolved' AND {unopened} ORDER BY 1;
{grant}
)sql";

}  // namespace

const std::string& UnopenedResolutionsSql() {
  static const auto* sql = new std::string(
      ExpandKeptTableSql(kUnopenedResolutionsTemplate, "unopened_resolutions", "dora_unopened", "dora_keep_unopened",
                         {{"{row}", "e.id, e.occurred_at, e.source, e.service, e.team, e.environment, e.incident_id"},
                          {"{unopened}",
                           "NOT EXISTS (SELECT 1 FROM delivery_events o WHERE o.event_type = 'incident_open'\n"
                           "                     AND o.incident_id = e.incident_id AND o.service = e.service)"}}));
  return *sql;
}

}  // namespace dora
