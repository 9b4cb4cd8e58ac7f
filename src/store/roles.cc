#include "store/roles.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/status_macros.h"

namespace dora {
namespace {

bool PlainIdentifier(absl::string_view name) {
  if (name.empty() || name.size() > 63 || !(absl::ascii_islower(name[0]) || name[0] == '_')) return false;
  for (char c : name) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_')) return false;
  }
  return true;
}

// {ingest} and {reader} are replaced with the role names (checked plain identifiers).
constexpr const char* kTemplate = R"sql(DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ingest}') THEN CREATE ROLE {ingest} LOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{reader}') THEN CREATE ROLE {reader} LOGIN; END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO {ingest}, {reader}', current_database());
END $$;
GRANT USAGE ON SCHEMA public TO {ingest}, {reader};
REVOKE ALL ON delivery_events, deploy_day_counts, deploy_week_counts, incident_firsts, lead_time_days, event_day_counts,
  event_week_counts, unopened_resolutions, dora_schema_migrations FROM {ingest}, {reader};
REVOKE ALL ON SEQUENCE delivery_events_id_seq FROM {ingest}, {reader};
GRANT SELECT, INSERT ON delivery_events TO {ingest};
GRANT UPDATE (first_commit_ts) ON delivery_events TO {ingest};
GRANT USAGE ON SEQUENCE delivery_events_id_seq TO {ingest};
GRANT SELECT ON dora_schema_migrations TO {ingest};
GRANT SELECT ON delivery_events, deploy_day_counts, deploy_week_counts, incident_firsts, lead_time_days, event_day_counts,
  event_week_counts, unopened_resolutions, dora_schema_migrations TO {reader};
ALTER ROLE {reader} SET default_transaction_read_only = on;
)sql";

}  // namespace

std::string RolesSql(const RoleSpec& spec) {
  return absl::StrCat("-- dora: least-privilege roles (dora migrate --create-roles applies the same)\n",
                      absl::StrReplaceAll(kTemplate, {{"{ingest}", spec.ingest_role}, {"{reader}", spec.reader_role}}),
                      "-- then, for each role: ALTER ROLE <name> PASSWORD '...';\n");
}

absl::Status ValidateRoleName(absl::string_view name) {
  if (PlainIdentifier(name)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("role name '", name, "' must be lowercase letters, digits and _ (at most 63)"));
}

absl::Status ValidateRoleSpec(const RoleSpec& spec) {
  for (const std::string& name : {spec.ingest_role, spec.reader_role}) {
    DORA_RETURN_IF_ERROR(ValidateRoleName(name));
  }
  if (spec.ingest_role == spec.reader_role)
    return absl::InvalidArgumentError("the ingest and reader roles must differ");
  return absl::OkStatus();
}

absl::Status CreateRoles(PgSession& session, const RoleSpec& spec) {
  DORA_RETURN_IF_ERROR(ValidateRoleSpec(spec));
  DORA_ASSIGN_OR_RETURN(PgTransaction tx,
                        PgTransaction::Begin(session, "creating roles", PgTransaction::Mode::kReadWrite));
  DORA_RETURN_IF_ERROR(
      tx.Exec(absl::StrReplaceAll(kTemplate, {{"{ingest}", spec.ingest_role}, {"{reader}", spec.reader_role}}))
          .status());
  if (spec.ingest_password) {
    DORA_RETURN_IF_ERROR(
        tx.Exec(absl::StrCat("ALTER ROLE ", spec.ingest_role, " PASSWORD ", session.Quote(*spec.ingest_password)))
            .status());
  }
  if (spec.reader_password) {
    DORA_RETURN_IF_ERROR(
        tx.Exec(absl::StrCat("ALTER ROLE ", spec.reader_role, " PASSWORD ", session.Quote(*spec.reader_password)))
            .status());
  }
  return tx.Commit();
}

absl::StatusOr<bool> RoleCanWriteEvents(PgSession& session) {
  DORA_ASSIGN_OR_RETURN(PgTransaction tx,
                        PgTransaction::Begin(session, "checking privileges", PgTransaction::Mode::kReadOnly));
  DORA_ASSIGN_OR_RETURN(
      SqlResult r,
      tx.Exec(
          "SELECT has_table_privilege('delivery_events', 'INSERT') OR has_table_privilege('delivery_events', 'UPDATE') "
          "OR has_table_privilege('delivery_events', 'DELETE') OR has_table_privilege('delivery_events', 'TRUNCATE')"));
  DORA_ASSIGN_OR_RETURN(std::optional<std::string> cell, SingleCell(r));
  DORA_RETURN_IF_ERROR(tx.Commit());
  return cell == "t";
}

}  // namespace dora
