// The dora commands. Each has a typed options struct; Add<Command> declares
// the command as a CLI11 subcommand of `dora` (name, one-line description,
// footer) with its options bound to the struct's fields, their checks and
// defaults (cli_options.h); Run<Command> takes the parsed struct and returns
// the process exit code (command_support.h). cli_app.h puts them together.
// The Add functions keep pointers to the struct: it must outlive the app.
#ifndef DORA_TOOLS_DORA_COMMANDS_H_
#define DORA_TOOLS_DORA_COMMANDS_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/time/time.h"
#include "demo/demo_data.h"
#include "engine/format.h"
#include "query/binder.h"
#include "store/roles.h"

namespace CLI {
class App;
}  // namespace CLI

namespace dora {

// dora migrate. Role passwords are read from the environment when it runs.
struct MigrateOptions {
  bool status = false;
  bool create_roles = false;
  bool print_roles = false;
  RoleSpec roles;  // --ingest-role, --reader-role
};
CLI::App* AddMigrateCommand(CLI::App& dora, MigrateOptions* options);
int RunMigrate(const MigrateOptions& options, std::ostream& out, std::ostream& err);

// dora query. `context` holds the range (relative times resolved), zone,
// interval and policy.
struct QueryOptions {
  std::string text;
  QueryContext context;
  OutputFormat format = OutputFormat::kTable;
  bool explain = false;
  bool explain_psql = false;
};
CLI::App* AddQueryCommand(CLI::App& dora, QueryOptions* options, absl::Time now);
int RunQuery(const QueryOptions& options, std::ostream& out, std::ostream& err);

// dora report.
struct ReportOptions {
  QueryContext context;
  OutputFormat format = OutputFormat::kTable;
};
CLI::App* AddReportCommand(CLI::App& dora, ReportOptions* options, absl::Time now);
int RunReport(const ReportOptions& options, std::ostream& out, std::ostream& err);

// dora verify.
struct VerifyOptions {
  QueryContext context;
};
CLI::App* AddVerifyCommand(CLI::App& dora, VerifyOptions* options, absl::Time now);
int RunVerify(const VerifyOptions& options, std::ostream& out, std::ostream& err);

// dora demo: the generator's own options (demo/demo_data.h); `end` defaults
// to today 00:00 UTC.
CLI::App* AddDemoCommand(CLI::App& dora, DemoOptions* options, absl::Time now);
int RunDemo(const DemoOptions& options, std::ostream& out, std::ostream& err);

// dora serve. Secrets, DATABASE_URL and DORA_ENV_ALIASES are read from the
// environment when it runs.
struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
};
struct ServeOptions {
  ListenAddress listen;
  std::string spool_dir = ".data/spool";
  int64_t spool_max_bytes = int64_t{1} << 30;
  absl::Duration db_statement_timeout = absl::Seconds(10);
  absl::Duration submit_deadline = absl::Seconds(5);
  int64_t max_body = int64_t{1} << 20;
  int threads = 64;
  int db_writers = 2;
  int max_connections = 4096;
  int max_connections_per_client = 256;
  absl::Duration request_timeout = absl::Seconds(10);
  absl::Duration idle_timeout = absl::Seconds(30);
  // "name=env,..." as EnvironmentAliases::AddFromSpec reads it (checked when
  // parsed), applied after DORA_ENV_ALIASES.
  std::string env_aliases;
};
CLI::App* AddServeCommand(CLI::App& dora, ServeOptions* options);
int RunServe(const ServeOptions& options, std::ostream& out, std::ostream& err);

// dora catalog --json.
struct CatalogOptions {
  bool json = false;
};
CLI::App* AddCatalogCommand(CLI::App& dora, CatalogOptions* options);
int RunCatalog(const CatalogOptions& options, std::ostream& out, std::ostream& err);

// dora settings-schema [--json | --markdown] (Markdown when neither).
struct SettingsSchemaOptions {
  bool json = false;
  bool markdown = false;
};
CLI::App* AddSettingsSchemaCommand(CLI::App& dora, SettingsSchemaOptions* options);
int RunSettingsSchema(const SettingsSchemaOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dora

#endif  // DORA_TOOLS_DORA_COMMANDS_H_
