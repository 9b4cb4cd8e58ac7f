// dora migrate, dora verify, dora demo.
#include <limits>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli_options.h"
#include "command_support.h"
#include "commands.h"
#include "common/env_secret.h"
#include "common/status_macros.h"
#include "common/time_spec.h"
#include "demo/demo_data.h"
#include "engine/verify.h"
#include "store/roles.h"
#include "store/store.h"

namespace dora {
namespace {

Parser<std::string> RoleName() {
  return [](const std::string& name) -> absl::StatusOr<std::string> {
    if (absl::Status st = ValidateRoleName(name); !st.ok()) return st;
    return name;
  };
}

}  // namespace

CLI::App* AddMigrateCommand(CLI::App& dora, MigrateOptions* options) {
  CLI::App* cmd = dora.add_subcommand(
      "migrate", "create or upgrade the delivery_events schema (adopts a reference table in place)");
  AddSwitch(*cmd, "--status", &options->status, "print the schema version and exit");
  AddSwitch(*cmd, "--create-roles", &options->create_roles,
            "after migrating, create or update the least-privilege roles: one for dora serve, a read-only one for "
            "Grafana (passwords from DORA_INGEST_PASSWORD and DORA_READER_PASSWORD, or their _FILE forms)");
  AddSwitch(*cmd, "--print-roles", &options->print_roles,
            "print the SQL --create-roles runs and exit (no database needed)");
  AddParsedOption<std::string>(*cmd, "--ingest-role", &options->roles.ingest_role, RoleName(), "NAME",
                               "the role dora serve connects as")
      ->default_str(options->roles.ingest_role);
  AddParsedOption<std::string>(*cmd, "--reader-role", &options->roles.reader_role, RoleName(), "NAME",
                               "the read-only role Grafana connects as")
      ->default_str(options->roles.reader_role);
  cmd->footer(
      "Creates delivery_events (or adopts one created from the reference design) and applies every pending "
      "migration. Safe to run repeatedly.");
  return cmd;
}

int RunMigrate(const MigrateOptions& options, std::ostream& out, std::ostream& err) {
  RoleSpec roles = options.roles;
  if (absl::Status valid = ValidateRoleSpec(roles); !valid.ok()) {
    PrintError(err, "migrate", valid);
    return kExitUsage;
  }
  if (options.print_roles) {
    out << RolesSql(roles);
    return kExitOk;
  }
  if (options.create_roles) {
    auto ingest_pw = SecretFromEnvironment("DORA_INGEST_PASSWORD");
    auto reader_pw = SecretFromEnvironment("DORA_READER_PASSWORD");
    if (!ingest_pw.ok() || !reader_pw.ok()) {
      PrintError(err, "migrate", !ingest_pw.ok() ? ingest_pw.status() : reader_pw.status());
      return kExitUsage;
    }
    roles.ingest_password = *ingest_pw;
    roles.reader_password = *reader_pw;
  }
  auto db = OpenDatabase();
  if (!db.ok()) {
    PrintError(err, "migrate", db.status());
    return kExitFailure;
  }
  Store& store = **db;
  auto migrate = [&]() -> absl::Status {
    if (options.status) {
      DORA_ASSIGN_OR_RETURN(int v, store.SchemaVersion());
      out << "schema version " << v << " (this build knows " << LatestSchemaVersion() << ")\n";
      return absl::OkStatus();
    }
    DORA_ASSIGN_OR_RETURN(MigrationReport r, store.Migrate());
    if (r.adopted_existing_table) out << "adopted existing delivery_events table in place\n";
    for (const std::string& a : r.applied) out << "applied migration " << a << "\n";
    out << "schema version " << r.version_after << (r.applied.empty() ? " (already up to date)" : "") << "\n";
    if (options.create_roles) {
      DORA_RETURN_IF_ERROR(store.CreateRoles(roles));
      out << "roles " << roles.ingest_role << " (dora serve) and " << roles.reader_role
          << " (Grafana, read-only) have exactly their privileges";
      if (!roles.ingest_password || !roles.reader_password) {
        out << "; set DORA_INGEST_PASSWORD and DORA_READER_PASSWORD to give them passwords";
      }
      out << "\n";
    }
    return absl::OkStatus();
  };
  absl::Status st = migrate();
  if (!st.ok()) {
    PrintError(err, "migrate", st);
    return kExitFailure;
  }
  return kExitOk;
}

CLI::App* AddVerifyCommand(CLI::App& dora, VerifyOptions* options, absl::Time now) {
  CLI::App* cmd = dora.add_subcommand("verify", "the reference verification checks, one PASS/WARN/FAIL line each");
  AddTimeRange(*cmd, &options->context, now, "now-3650d");
  AddPolicyOptions(*cmd, &options->context.policy);
  cmd->footer(
      "Runs the reference design's verification checks on the stored events and prints one PASS, WARN or FAIL "
      "line per check. Exits 1 if any check fails.");
  return cmd;
}

int RunVerify(const VerifyOptions& options, std::ostream& out, std::ostream& err) {
  auto db = OpenDatabase();
  if (!db.ok()) {
    PrintError(err, "verify", db.status());
    return kExitFailure;
  }
  absl::StatusOr<int> schema = (*db)->SchemaVersion();
  if (!schema.ok()) {
    PrintError(err, "verify", schema.status());
    return kExitFailure;
  }
  const bool schema_ok = *schema == LatestSchemaVersion();
  out << (schema_ok ? "PASS" : "FAIL") << "  schema is at version " << LatestSchemaVersion() << ": found " << *schema
      << (schema_ok ? "" : " (run `dora migrate`)") << "\n";
  if (!schema_ok) return kExitFailure;
  bool failed = false;
  auto checks = RunVerification(**db, options.context);
  if (!checks.ok()) {
    PrintError(err, "verify", checks.status());
    return kExitFailure;
  }
  for (const CheckResult& c : *checks) {
    out << CheckOutcomeName(c.outcome) << "  " << c.name << ": " << c.detail << "\n";
    failed |= c.outcome == CheckOutcome::kFail;
  }
  return failed ? kExitFailure : kExitOk;
}

CLI::App* AddDemoCommand(CLI::App& dora, DemoOptions* options, absl::Time now) {
  CLI::App* cmd = dora.add_subcommand("demo", "load deterministic, realistic demo events");
  AddWholeNumber(*cmd, "--services", &options->services, 1, 10000, "N", "number of services");
  AddWholeNumber(*cmd, "--days", &options->days, 1, 36500, "D", "days of history ending at --end");
  AddWholeNumber<uint64_t>(*cmd, "--seed", &options->seed, 0, std::numeric_limits<uint64_t>::max(), "S",
                           "random seed; the same seed gives the same events");
  options->end = absl::FromUnixSeconds(absl::ToUnixSeconds(now) / 86400 * 86400);
  Parser<absl::Time> at = [now](const std::string& text) { return ParseTimeSpec(text, now); };
  AddParsedOption<absl::Time>(*cmd, "--end", &options->end, at, "T",
                              "end of the generated span (default: today 00:00 UTC)");
  AddPositiveNumber(*cmd, "--rate-scale", &options->deploy_rate_scale, "X", "multiply every service's deploy rate");
  cmd->footer(
      "Loads deterministic demo events (runs dora migrate's checks first). Loading the same seed and options "
      "twice stores the events once; a load of the seed with other options (another --end, the default on "
      "a later day) first deletes the earlier load's events.");
  return cmd;
}

int RunDemo(const DemoOptions& opts, std::ostream& out, std::ostream& err) {
  auto db = OpenDatabase();
  if (!db.ok()) {
    PrintError(err, "demo", db.status());
    return kExitFailure;
  }
  InsertCounts total;
  int64_t replaced = 0;
  Store& store = **db;
  auto load = [&]() -> absl::Status {
    DORA_ASSIGN_OR_RETURN(int v, store.SchemaVersion());
    if (v != LatestSchemaVersion()) {
      return absl::FailedPreconditionError(absl::StrCat("schema version is ", v, ", run `dora migrate` first"));
    }
    // An earlier load of the seed with other options (another day's end):
    // its events go, or the two would mix (incident ids repeat across loads).
    DORA_ASSIGN_OR_RETURN(replaced,
                          store.DeleteEventsByKeyPrefix(DemoSeedKeyPrefix(opts.seed), DemoLoadKeyPrefix(opts)));
    std::vector<DeliveryEvent> batch;
    auto flush = [&]() -> absl::Status {
      DORA_ASSIGN_OR_RETURN(InsertCounts c, store.InsertEvents(batch));
      total.inserted += c.inserted;
      total.duplicates += c.duplicates;
      batch.clear();
      return absl::OkStatus();
    };
    DORA_RETURN_IF_ERROR(GenerateDemoEvents(opts, [&](DeliveryEvent e) -> absl::Status {
      batch.push_back(std::move(e));
      return batch.size() >= 20000 ? flush() : absl::OkStatus();
    }));
    return flush();
  };
  absl::Status st = load();
  if (!st.ok()) {
    PrintError(err, "demo", st);
    return kExitFailure;
  }
  out << "demo: " << total.inserted << " events stored, " << total.duplicates << " already present (" << opts.services
      << " services, " << opts.days << " days to " << FormatRfc3339Utc(opts.end) << ", seed " << opts.seed << ")";
  if (replaced > 0) out << "; " << replaced << " events of an earlier load of seed " << opts.seed << " deleted";
  out << "\n";
  return kExitOk;
}

}  // namespace dora
