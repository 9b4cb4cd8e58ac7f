// dora migrate, dora verify, dora demo.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "command_support.h"
#include "commands.h"
#include "common/clock.h"
#include "common/env_secret.h"
#include "common/status_macros.h"
#include "common/time_spec.h"
#include "demo/demo_data.h"
#include "engine/verify.h"
#include "store/roles.h"
#include "store/store.h"

namespace dora {
namespace {

bool HandleUsage(const std::string& cmd, const absl::StatusOr<ParsedArgs>& args, const std::vector<FlagSpec>& specs,
                 const std::string& synopsis, std::ostream& out, std::ostream& err, int* code) {
  if (!args.ok()) {
    PrintError(err, cmd, args.status());
    *code = kExitUsage;
    return true;
  }
  if (args->Has("help")) {
    out << "usage: dora " << cmd << " [flags]\n\n" << synopsis << "\n\n" << FlagsHelp(specs);
    *code = kExitOk;
    return true;
  }
  if (!args->positional.empty()) {
    err << "dora " << cmd << ": unexpected argument '" << args->positional[0] << "'\n";
    *code = kExitUsage;
    return true;
  }
  return false;
}

}  // namespace

int RunMigrate(const Args& raw, std::ostream& out, std::ostream& err) {
  std::vector<FlagSpec> specs = {
      {"status", false, "", "print the schema version and exit"},
      {"create-roles", false, "",
       "after migrating, create or update the least-privilege roles: one for dora serve, a read-only one for "
       "Grafana (passwords from DORA_INGEST_PASSWORD and DORA_READER_PASSWORD, or their _FILE forms)"},
      {"print-roles", false, "", "print the SQL --create-roles runs and exit (no database needed)"},
      {"ingest-role", true, "NAME", "the role dora serve connects as (default dora_ingest)"},
      {"reader-role", true, "NAME", "the read-only role Grafana connects as (default dora_reader)"},
  };
  auto args = ParseArgs(raw, specs);
  int code = 0;
  if (HandleUsage("migrate", args, specs,
                  "Creates delivery_events (or adopts one created from the reference design) and "
                  "applies every pending migration. Safe to run repeatedly.",
                  out, err, &code)) {
    return code;
  }
  RoleSpec roles;
  roles.ingest_role = args->Get("ingest-role", roles.ingest_role);
  roles.reader_role = args->Get("reader-role", roles.reader_role);
  if (absl::Status valid = ValidateRoleSpec(roles); !valid.ok()) {
    PrintError(err, "migrate", valid);
    return kExitUsage;
  }
  if (args->Has("print-roles")) {
    out << RolesSql(roles);
    return kExitOk;
  }
  if (args->Has("create-roles")) {
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
    if (args->Has("status")) {
      DORA_ASSIGN_OR_RETURN(int v, store.SchemaVersion());
      out << "schema version " << v << " (this build knows " << LatestSchemaVersion() << ")\n";
      return absl::OkStatus();
    }
    DORA_ASSIGN_OR_RETURN(MigrationReport r, store.Migrate());
    if (r.adopted_existing_table) out << "adopted existing delivery_events table in place\n";
    for (const std::string& a : r.applied) out << "applied migration " << a << "\n";
    out << "schema version " << r.version_after << (r.applied.empty() ? " (already up to date)" : "") << "\n";
    if (args->Has("create-roles")) {
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

int RunVerify(const Args& raw, std::ostream& out, std::ostream& err) {
  std::vector<FlagSpec> specs = TimeRangeFlags("now-3650d");
  for (FlagSpec& p : PolicyFlags()) specs.push_back(p);
  auto args = ParseArgs(raw, specs);
  int code = 0;
  if (HandleUsage("verify", args, specs,
                  "Runs the reference design's verification checks on the stored events and prints "
                  "one PASS, WARN or FAIL line per check. Exits 1 if any check fails.",
                  out, err, &code)) {
    return code;
  }
  auto ctx = ContextFromArgs(*args, "now-3650d");
  if (!ctx.ok()) {
    PrintError(err, "verify", ctx.status());
    return kExitUsage;
  }
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
  auto checks = RunVerification(**db, *ctx);
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

int RunDemo(const Args& raw, std::ostream& out, std::ostream& err) {
  std::vector<FlagSpec> specs = {
      {"services", true, "N", "number of services (default 12)", WholeNumberCheck(10000)},
      {"days", true, "D", "days of history ending today (default 120)", WholeNumberCheck(36500)},
      {"seed", true, "S", "random seed; the same seed gives the same events (default 42)"},
      {"end", true, "T", "end of the generated span (default: today 00:00 UTC)"},
      {"rate-scale", true, "X", "multiply every service's deploy rate (default 1)", PositiveNumberCheck()},
  };
  auto args = ParseArgs(raw, specs);
  int code = 0;
  if (HandleUsage("demo", args, specs,
                  "Loads deterministic demo events (runs dora migrate's checks first). Loading the "
                  "same seed twice stores the events once.",
                  out, err, &code)) {
    return code;
  }
  DemoOptions opts;
  absl::Time now = SystemClock().Now();
  opts.end = absl::FromUnixSeconds(absl::ToUnixSeconds(now) / 86400 * 86400);
  bool ok = absl::SimpleAtoi(args->Get("services", "12"), &opts.services) &&
            absl::SimpleAtoi(args->Get("days", "120"), &opts.days) &&
            absl::SimpleAtoi(args->Get("seed", "42"), &opts.seed) &&
            absl::SimpleAtod(args->Get("rate-scale", "1"), &opts.deploy_rate_scale);
  if (!ok || opts.services < 1 || opts.days < 1 || opts.deploy_rate_scale <= 0) {
    err << "dora demo: --services, --days and --seed take positive whole numbers, --rate-scale a positive number\n";
    return kExitUsage;
  }
  if (args->Has("end")) {
    auto end = ParseTimeSpec(args->Get("end", ""), now);
    if (!end.ok()) {
      PrintError(err, "demo", end.status());
      return kExitUsage;
    }
    opts.end = *end;
  }
  auto db = OpenDatabase();
  if (!db.ok()) {
    PrintError(err, "demo", db.status());
    return kExitFailure;
  }
  InsertCounts total;
  Store& store = **db;
  auto load = [&]() -> absl::Status {
    DORA_ASSIGN_OR_RETURN(int v, store.SchemaVersion());
    if (v != LatestSchemaVersion()) {
      return absl::FailedPreconditionError(absl::StrCat("schema version is ", v, ", run `dora migrate` first"));
    }
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
      << " services, " << opts.days << " days to " << FormatRfc3339Utc(opts.end) << ", seed " << opts.seed << ")\n";
  return kExitOk;
}

}  // namespace dora
