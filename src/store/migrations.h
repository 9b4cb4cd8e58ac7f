// Schema migrations for `delivery_events`.
//
// Version 1 is the reference design's table and indexes exactly, created if
// absent and adopted in place (after a column/type check) if someone already
// created it from the guide. Later versions add nullable or defaulted
// columns, constraints and indexes; no row is ever deleted. Version 4 is the
// one that edits rows: environment names stored as sent ("Production",
// "live") become their canonical name (metrics/environments.h), the original
// kept in environment_raw. Version 5 adds the nullable `url` (the page behind
// an event); rows stored before it keep NULL. Version 6 adds indexes for
// window scans: incident opens (index-only, by time and by service and time,
// replacing version 2's time index), failed or rolled-back deploys, and every
// event by time (BRIN).
// Each migration runs in its own transaction under an advisory lock, so
// concurrent `dora migrate` runs are safe and a second run is a no-op.
#ifndef DORA_STORE_MIGRATIONS_H_
#define DORA_STORE_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/pg_session.h"

namespace dora {

// The newest schema version this build knows.
int LatestSchemaVersion();

struct MigrationReport {
  int version_before = 0;
  int version_after = 0;
  bool adopted_existing_table = false;  // delivery_events existed without our version table
  std::vector<std::string> applied;     // "2: product columns, dedupe key, query indexes"
};

// Brings the database to LatestSchemaVersion(). A database whose recorded
// version is newer than this build is a FailedPrecondition error, and so is an
// existing delivery_events whose columns do not match the reference types,
// and so is a database whose encoding is not UTF8.
absl::StatusOr<MigrationReport> Migrate(PgSession& session);

// The recorded schema version; 0 when no migration has run.
absl::StatusOr<int> ReadSchemaVersion(PgSession& session);

}  // namespace dora

#endif  // DORA_STORE_MIGRATIONS_H_
