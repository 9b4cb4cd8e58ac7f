// Least privilege, written once: the role `dora serve` writes with and the
// role Grafana reads with, and exactly what each may do. `dora migrate
// --create-roles` applies it; `--print-roles` prints it for a DBA.
//
//   ingest: CONNECT, USAGE on public, SELECT + INSERT + UPDATE(first_commit_ts)
//           on delivery_events, USAGE on its id sequence, SELECT on
//           dora_schema_migrations (the startup schema check). Nothing else:
//           no DELETE, TRUNCATE, DDL or other column updates, nothing on
//           deploy_day_counts, deploy_week_counts, incident_firsts,
//           lead_time_days, event_day_counts, event_week_counts or
//           unopened_resolutions (their triggers keep them, as their owner).
//   reader: CONNECT, USAGE on public, SELECT on delivery_events,
//           deploy_day_counts, deploy_week_counts, incident_firsts,
//           lead_time_days, event_day_counts, event_week_counts,
//           unopened_resolutions and dora_schema_migrations;
//           sessions default to read-only.
//
// Applying it again is harmless, and it also takes back anything else a role
// of that name was granted on these tables.
#ifndef DORA_STORE_ROLES_H_
#define DORA_STORE_ROLES_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "store/pg_session.h"

namespace dora {

struct RoleSpec {
  std::string ingest_role = "dora_ingest";
  std::string reader_role = "dora_reader";
  // Set when given; a role created without one cannot log in with a password.
  std::optional<std::string> ingest_password;
  std::optional<std::string> reader_password;
};

// InvalidArgument unless both names are plain lowercase identifiers
// (ValidateRoleName) and differ.
absl::Status ValidateRoleSpec(const RoleSpec& spec);
// InvalidArgument ("role name 'X' must be lowercase letters, digits and _
// (at most 63)") unless `name` is a plain lowercase identifier.
absl::Status ValidateRoleName(absl::string_view name);

// The statements, as a psql script (no passwords in it); call
// ValidateRoleSpec first.
std::string RolesSql(const RoleSpec& spec);

// Creates or updates both roles in one transaction, on the connection's
// database (run after the migrations). InvalidArgument for a role name that
// is not a plain identifier.
absl::Status CreateRoles(PgSession& session, const RoleSpec& spec);

// Whether the session's role may change delivery_events (INSERT, UPDATE,
// DELETE or TRUNCATE): a reader should not.
absl::StatusOr<bool> RoleCanWriteEvents(PgSession& session);

}  // namespace dora

#endif  // DORA_STORE_ROLES_H_
