// dora: migrate the schema, load demo data, query and verify DORA metrics.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "command_support.h"
#include "commands.h"

#ifndef DORA_VERSION
#define DORA_VERSION "unknown"
#endif

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
keyword/value string or a postgresql:// URI). `dora <command> --help` or
`dora help <command>` describes its flags; `dora --version` prints the version.
)";

using Command = int (*)(const dora::Args&, std::ostream&, std::ostream&);

const std::map<std::string, Command>& Commands() {
  static const auto* commands = new std::map<std::string, Command>{
      {"migrate", dora::RunMigrate}, {"query", dora::RunQuery},
      {"report", dora::RunReport},   {"verify", dora::RunVerify},
      {"demo", dora::RunDemo},       {"serve", dora::RunServe},
      {"catalog", dora::RunCatalog}, {"settings-schema", dora::RunSettingsSchema},
  };
  return *commands;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return dora::kExitUsage;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    std::cout << "dora " << DORA_VERSION << "\n";
    return dora::kExitOk;
  }
  if (args[0] == "help" && args.size() > 1) {
    // `dora help <command>` is `dora <command> --help`.
    auto it = Commands().find(args[1]);
    if (it == Commands().end() || args.size() > 2) {
      std::cerr << "dora help: unknown command '" << args[1] << "'\n\n" << kUsage;
      return dora::kExitUsage;
    }
    return it->second({"--help"}, std::cout, std::cerr);
  }
  if (args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return dora::kExitOk;
  }
  auto it = Commands().find(args[0]);
  if (it == Commands().end()) {
    std::cerr << "dora: unknown command '" << args[0] << "'\n\n" << kUsage;
    return dora::kExitUsage;
  }
  return it->second(std::vector<std::string>(args.begin() + 1, args.end()), std::cout, std::cerr);
}
