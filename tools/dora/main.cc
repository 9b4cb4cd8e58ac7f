// dora: migrate the schema, load demo data, query and verify DORA metrics.
#include <iostream>
#include <string>
#include <vector>

#include "command_support.h"
#include "commands.h"

namespace {

constexpr const char* kUsage = R"(usage: dora <command> [flags]

commands:
  migrate   create or upgrade the delivery_events schema (adopts a reference table in place)
  query     run a DORA query, e.g. dora query "lead_time p90 by service"
  report    the per-service DORA report (deploys, frequency, lead time, CFR, recovery, rework)
  verify    the reference verification checks, one PASS/WARN/FAIL line each
  demo      load deterministic, realistic demo events
  serve     receive webhooks and deploy events into delivery_events
  catalog   print the query language's catalog (--json), as the query editor reads it
  settings-schema  every data source setting and policy flag (--json for the config editor)

The commands that use the database read it from DATABASE_URL (a libpq
keyword/value string or a postgresql:// URI). `dora <command> --help` describes its flags.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? dora::kExitUsage : dora::kExitOk;
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "migrate") return dora::RunMigrate(rest, std::cout, std::cerr);
  if (command == "query") return dora::RunQuery(rest, std::cout, std::cerr);
  if (command == "report") return dora::RunReport(rest, std::cout, std::cerr);
  if (command == "verify") return dora::RunVerify(rest, std::cout, std::cerr);
  if (command == "demo") return dora::RunDemo(rest, std::cout, std::cerr);
  if (command == "serve") return dora::RunServe(rest, std::cout, std::cerr);
  if (command == "catalog") return dora::RunCatalog(rest, std::cout, std::cerr);
  if (command == "settings-schema") return dora::RunSettingsSchema(rest, std::cout, std::cerr);
  std::cerr << "dora: unknown command '" << command << "'\n\n" << kUsage;
  return dora::kExitUsage;
}
