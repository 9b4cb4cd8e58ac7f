#include "store/migrations.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/phase_error.h"
#include "common/status_macros.h"
#include "metrics/environments.h"
#include "store/pg_errors.h"
#include "store/rollup_migrations.h"

namespace dora {
namespace {

constexpr int64_t kMigrationLockKey = 0x646f72614d6967;  // "doraMig"

struct Migration {
  int version;
  const char* description;
  const char* sql;
  // Runs after `sql` in the same transaction, for steps SQL cannot own.
  absl::Status (*then)(PgTransaction& tx) = nullptr;
};

// The reference design's DDL, verbatim in substance.
constexpr const char* kReferenceSchema = R"sql(
CREATE TABLE IF NOT EXISTS delivery_events (
  id            BIGSERIAL PRIMARY KEY,
  event_type    TEXT NOT NULL,
  service       TEXT NOT NULL,
  team          TEXT,
  environment   TEXT,
  commit_sha    TEXT,
  first_commit_ts TIMESTAMPTZ,
  occurred_at   TIMESTAMPTZ NOT NULL,
  success       BOOLEAN,
  is_rollback   BOOLEAN DEFAULT FALSE,
  incident_id   TEXT,
  source        TEXT NOT NULL,
  payload       JSONB,
  ingested_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_events_service_time ON delivery_events (service, occurred_at);
CREATE INDEX IF NOT EXISTS idx_events_type ON delivery_events (event_type, environment);
)sql";

constexpr const char* kProductAdditions = R"sql(
ALTER TABLE delivery_events ADD COLUMN IF NOT EXISTS dedupe_key TEXT;
ALTER TABLE delivery_events ADD COLUMN IF NOT EXISTS hotfix BOOLEAN DEFAULT FALSE;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint
                 WHERE conname = 'delivery_events_source_dedupe_key_key'
                   AND conrelid = 'delivery_events'::regclass) THEN
    ALTER TABLE delivery_events
      ADD CONSTRAINT delivery_events_source_dedupe_key_key UNIQUE (source, dedupe_key);
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS idx_events_prod_deploys_time ON delivery_events (occurred_at)
  INCLUDE (service, team, first_commit_ts, success, is_rollback, hotfix)
  WHERE event_type = 'deploy' AND environment = 'prod';
CREATE INDEX IF NOT EXISTS idx_events_prod_deploys_service ON delivery_events (service, occurred_at)
  INCLUDE (team, first_commit_ts, success, is_rollback, hotfix)
  WHERE event_type = 'deploy' AND environment = 'prod';
CREATE INDEX IF NOT EXISTS idx_events_incident_open_time ON delivery_events (occurred_at)
  INCLUDE (service, team, environment, incident_id)
  WHERE event_type = 'incident_open';
CREATE INDEX IF NOT EXISTS idx_events_incident_id ON delivery_events (incident_id, occurred_at)
  WHERE event_type IN ('incident_open', 'incident_resolved');
CREATE INDEX IF NOT EXISTS idx_events_change_commit ON delivery_events (commit_sha)
  WHERE event_type = 'change';
)sql";

constexpr const char* kIngestIndexes = R"sql(
CREATE INDEX IF NOT EXISTS idx_events_deploy_missing_first_commit ON delivery_events (commit_sha)
  WHERE event_type = 'deploy' AND first_commit_ts IS NULL;
CREATE INDEX IF NOT EXISTS idx_events_ingested_at ON delivery_events (source, ingested_at);
)sql";

constexpr const char* kEnvironmentRaw = R"sql(
ALTER TABLE delivery_events ADD COLUMN IF NOT EXISTS environment_raw TEXT;
)sql";

constexpr const char* kEventUrl = R"sql(
ALTER TABLE delivery_events ADD COLUMN IF NOT EXISTS url TEXT;
)sql";

// Window scans whose cost follows the window, not the table (issue 14):
// incident opens by time range and by service and time range as index-only
// scans (`id` included for the first-open check; replaces version 2's time
// index, which lacked it), failed or rolled-back deploys by time and by
// service and time (a few percent of deploys: the failure and rollback
// annotations of every service or of one), and every event by time as a BRIN
// index (a few pages, next to free at ingest): events arrive roughly in the
// order they happen, so the table's pages follow time and a window's events
// (data_quality reads every type and environment) sit in a window's pages.
constexpr const char* kWindowScanIndexes = R"sql(
DROP INDEX IF EXISTS idx_events_incident_open_time;
CREATE INDEX IF NOT EXISTS idx_events_incident_opens_time ON delivery_events (occurred_at)
  INCLUDE (service, team, environment, incident_id, id)
  WHERE event_type = 'incident_open';
CREATE INDEX IF NOT EXISTS idx_events_incident_opens_service ON delivery_events (service, occurred_at)
  INCLUDE (team, environment, incident_id, id)
  WHERE event_type = 'incident_open';
CREATE INDEX IF NOT EXISTS idx_events_deploy_failures_time ON delivery_events (occurred_at)
  WHERE event_type = 'deploy' AND (success IS FALSE OR is_rollback IS TRUE);
CREATE INDEX IF NOT EXISTS idx_events_deploy_failures_service ON delivery_events (service, occurred_at)
  WHERE event_type = 'deploy' AND (success IS FALSE OR is_rollback IS TRUE);
CREATE INDEX IF NOT EXISTS idx_events_occurred_brin ON delivery_events USING brin (occurred_at)
  WITH (autosummarize = on);
)sql";

// Every incident probe as an index-only lookup (issue 14): whether an open is
// its incident's first (same service and incident id, earlier time or id) and
// the incident's first resolution both read one key of this index, never the
// table (replaces version 2's (incident_id, occurred_at), which needed a heap
// fetch per probe to check service and type). A window's resolutions, for
// data_quality's resolutions without an open, by time with what the filters
// and the probe need.
constexpr const char* kIncidentLookupIndex = R"sql(
CREATE INDEX IF NOT EXISTS idx_events_incident_lookup ON delivery_events (incident_id, service, event_type, occurred_at)
  INCLUDE (id)
  WHERE event_type IN ('incident_open', 'incident_resolved');
DROP INDEX IF EXISTS idx_events_incident_id;
CREATE INDEX IF NOT EXISTS idx_events_incident_resolutions_time ON delivery_events (occurred_at)
  INCLUDE (source, service, team, environment, incident_id)
  WHERE event_type = 'incident_resolved';
)sql";

// A window's failed and rolled-back deploys with every column their
// annotations and samples show (issue 14): read from the index alone, not
// one table page per deploy (replaces version 6's key-only index).
constexpr const char* kDeployFailuresCovering = R"sql(
CREATE INDEX IF NOT EXISTS idx_events_deploy_failures_shown ON delivery_events (occurred_at)
  INCLUDE (service, team, environment, success, is_rollback, hotfix, commit_sha, first_commit_ts, url)
  WHERE event_type = 'deploy' AND (success IS FALSE OR is_rollback IS TRUE);
DROP INDEX IF EXISTS idx_events_deploy_failures_time;
)sql";

// Deploys stored before the environment vocabulary existed carry the name as
// sent ("Production", "live"): store the canonical name, keep the original.
absl::Status CanonicalizeStoredEnvironments(PgTransaction& tx) {
  const EnvironmentAliases& vocabulary = EnvironmentAliases::Default();
  DORA_ASSIGN_OR_RETURN(SqlResult names,
                        tx.Exec("SELECT DISTINCT environment FROM delivery_events WHERE environment IS NOT NULL"));
  for (const auto& row : names.rows) {
    const std::string raw = row[0].value_or("");
    const std::string canonical = vocabulary.Canonical(raw);
    if (canonical == raw || canonical.empty()) continue;
    DORA_RETURN_IF_ERROR(
        tx.Exec("UPDATE delivery_events SET environment = $2, environment_raw = coalesce(environment_raw, $1) "
                "WHERE environment = $1",
                {raw, canonical})
            .status());
  }
  return absl::OkStatus();
}

const std::vector<Migration>& AllMigrations() {
  static const auto* m = new std::vector<Migration>{
      {1, "reference delivery_events table and indexes", kReferenceSchema},
      {2, "product columns (dedupe_key, hotfix), dedupe constraint, query indexes", kProductAdditions},
      {3, "ingest indexes: deploys awaiting their first commit, events per source by arrival", kIngestIndexes},
      {4, "environment_raw; stored environment names canonicalized (originals kept in environment_raw)",
       kEnvironmentRaw, CanonicalizeStoredEnvironments},
      {5, "url: the commit, pull request, deploy run or incident page behind an event", kEventUrl},
      {6,
       "window-scan indexes: incident opens by time and by service (index-only), failed or rolled-back deploys, "
       "events by time (BRIN)",
       kWindowScanIndexes},
      {7,
       "incident lookups (first open, first resolution) index-only by incident id, service and type; "
       "resolutions by time",
       kIncidentLookupIndex},
      {8, "deploys per UTC day, environment, service, team and outcome (deploy_day_counts), kept by triggers",
       DeployDayCountsSql().c_str()},
      {9,
       "incidents with their first open, first resolution and latest deploy before the open (incident_firsts), "
       "kept by triggers",
       IncidentFirstsSql().c_str()},
      {10,
       "lead times of each UTC day's successful deploys per environment, service and team (lead_time_days), "
       "kept by triggers",
       LeadTimeDaysSql().c_str()},
      {11,
       "events per UTC day, source, type, environment, service and team for data_quality (event_day_counts), "
       "kept by triggers",
       EventDayCountsSql().c_str()},
      {12, "failed and rolled-back deploys by time with the columns annotations show (index-only)",
       kDeployFailuresCovering},
      {13,
       "lead_time_days rebuilt with each lead time as text (base64 digits, about 8 characters on the wire "
       "instead of bytea's 16 hex digits)",
       LeadTimeDaysAsTextSql().c_str()},
      {14,
       "deploys per ISO week of UTC days, environment, service, team and outcome (deploy_week_counts), kept by "
       "triggers",
       DeployWeekCountsSql().c_str()},
      {15,
       "events per ISO week of UTC days, source, type, environment, service and team for data_quality "
       "(event_week_counts), kept by triggers",
       EventWeekCountsSql().c_str()},
      {16, "resolutions whose incident has no open, by time, for data_quality (unopened_resolutions), kept by triggers",
       UnopenedResolutionsSql().c_str()},
  };
  return *m;
}

constexpr const char* kVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS dora_schema_migrations (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
))sql";

struct ExpectedColumn {
  const char* name;
  const char* type;  // information_schema.columns.data_type
};

constexpr ExpectedColumn kReferenceColumns[] = {
    {"id", "bigint"},
    {"event_type", "text"},
    {"service", "text"},
    {"team", "text"},
    {"environment", "text"},
    {"commit_sha", "text"},
    {"first_commit_ts", "timestamp with time zone"},
    {"occurred_at", "timestamp with time zone"},
    {"success", "boolean"},
    {"is_rollback", "boolean"},
    {"incident_id", "text"},
    {"source", "text"},
    {"payload", "jsonb"},
    {"ingested_at", "timestamp with time zone"},
};

absl::StatusOr<bool> TableExists(PgTransaction& tx, const char* name) {
  DORA_ASSIGN_OR_RETURN(SqlResult r, tx.Exec("SELECT to_regclass($1) IS NOT NULL", {name}));
  DORA_ASSIGN_OR_RETURN(std::optional<std::string> cell, SingleCell(r));
  return cell == "t";
}

// An adopted table must have the reference columns with the reference types.
absl::Status CheckReferenceColumns(PgTransaction& tx) {
  DORA_ASSIGN_OR_RETURN(SqlResult r,
                        tx.Exec("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_schema = current_schema() AND table_name = 'delivery_events'"));
  std::vector<std::string> problems;
  for (const ExpectedColumn& c : kReferenceColumns) {
    bool found = false;
    for (const auto& row : r.rows) {
      if (row[0].value_or("") != c.name) continue;
      found = true;
      std::string type = row[1].value_or("");
      if (type != c.type) problems.push_back(absl::StrCat(c.name, " is ", type, ", expected ", c.type));
    }
    if (!found) problems.push_back(absl::StrCat(c.name, " is missing (", c.type, ")"));
  }
  if (problems.empty()) return absl::OkStatus();
  return PhaseError(Phase::kMigrate, absl::StatusCode::kFailedPrecondition,
                    absl::StrCat("existing table delivery_events does not match the reference schema: ",
                                 absl::StrJoin(problems, "; "), ". Nothing was changed."));
}

absl::StatusOr<int> CurrentVersion(PgTransaction& tx) {
  DORA_ASSIGN_OR_RETURN(bool exists, TableExists(tx, "dora_schema_migrations"));
  if (!exists) return 0;
  DORA_ASSIGN_OR_RETURN(SqlResult r, tx.Exec("SELECT coalesce(max(version), 0) FROM dora_schema_migrations"));
  DORA_ASSIGN_OR_RETURN(std::optional<std::string> cell, SingleCell(r));
  int version = 0;
  if (!cell || !absl::SimpleAtoi(*cell, &version)) return absl::InternalError("unreadable schema version");
  return version;
}

absl::Status TooNew(int version) {
  return PhaseError(Phase::kMigrate, absl::StatusCode::kFailedPrecondition,
                    absl::StrCat("database schema version ", version, " is newer than this dora build knows (",
                                 LatestSchemaVersion(), "); upgrade dora before using this database"));
}

}  // namespace

int LatestSchemaVersion() { return AllMigrations().back().version; }

absl::StatusOr<int> ReadSchemaVersion(PgSession& session) {
  DORA_ASSIGN_OR_RETURN(PgTransaction tx,
                        PgTransaction::Begin(session, "reading schema version", PgTransaction::Mode::kReadOnly));
  DORA_ASSIGN_OR_RETURN(int v, CurrentVersion(tx));
  DORA_RETURN_IF_ERROR(tx.Commit());
  return v;
}

absl::StatusOr<MigrationReport> Migrate(PgSession& session) {
  MigrationReport report;
  // Everything dora stores and shows is UTF-8; a SQL_ASCII or LATIN1
  // database would hand back bytes no dashboard can show.
  DORA_ASSIGN_OR_RETURN(SqlResult enc, session.Exec("migrating", "SHOW server_encoding"));
  DORA_ASSIGN_OR_RETURN(std::optional<std::string> encoding, SingleCell(enc));
  if (encoding != "UTF8") {
    return absl::FailedPreconditionError(absl::StrCat(
        "database ", session.DatabaseName(), " uses the ", encoding.value_or(""),
        " encoding; dora needs UTF8: create it with CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0"));
  }
  bool first = true;
  for (const Migration& m : AllMigrations()) {
    DORA_ASSIGN_OR_RETURN(PgTransaction tx,
                          PgTransaction::Begin(session, "migrating", PgTransaction::Mode::kReadWrite));
    DORA_RETURN_IF_ERROR(tx.Exec(absl::StrCat("SELECT pg_advisory_xact_lock(", kMigrationLockKey, ")")).status());
    DORA_RETURN_IF_ERROR(tx.Exec(kVersionTable).status());
    DORA_ASSIGN_OR_RETURN(int current, CurrentVersion(tx));
    if (first) {
      report.version_before = current;
      first = false;
      if (current > LatestSchemaVersion()) return TooNew(current);
    }
    if (current >= m.version) {
      DORA_RETURN_IF_ERROR(tx.Commit());
      continue;
    }
    if (m.version == 1) {
      DORA_ASSIGN_OR_RETURN(bool exists, TableExists(tx, "delivery_events"));
      if (exists) {
        DORA_RETURN_IF_ERROR(CheckReferenceColumns(tx));
        report.adopted_existing_table = true;
      }
    }
    DORA_RETURN_IF_ERROR(tx.Exec(m.sql).status());
    if (m.then != nullptr) DORA_RETURN_IF_ERROR(m.then(tx));
    DORA_RETURN_IF_ERROR(tx.Exec("INSERT INTO dora_schema_migrations (version, description) VALUES ($1, $2)",
                                 {absl::StrCat(m.version), m.description})
                             .status());
    DORA_RETURN_IF_ERROR(tx.Commit());
    report.applied.push_back(absl::StrCat(m.version, ": ", m.description));
  }
  DORA_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(session, "migrating", PgTransaction::Mode::kReadOnly));
  DORA_ASSIGN_OR_RETURN(report.version_after, CurrentVersion(tx));
  DORA_RETURN_IF_ERROR(tx.Commit());
  return report;
}

}  // namespace dora
