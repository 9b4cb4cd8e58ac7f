// `dora catalog --json`: the catalog document (query/catalog_json.h), the
// same bytes the plugin's `catalog` resource answers with. The build writes
// it into the frontend (plugin/frontend/src/generated/catalog.json).
#include "absl/status/status.h"
#include "command_support.h"
#include "commands.h"
#include "query/catalog_json.h"

namespace dora {

int RunCatalog(const Args& raw, std::ostream& out, std::ostream& err) {
  const std::vector<FlagSpec> specs = {{"json", false, "", "print the catalog as JSON (the only format)"}};
  auto args = ParseArgs(raw, specs);
  if (!args.ok()) {
    PrintError(err, "catalog", args.status());
    return kExitUsage;
  }
  if (args->Has("help")) {
    out << "usage: dora catalog --json\n\nThe query language's catalog: metrics, stats, dimensions, keywords,\n"
           "query forms, annotation kinds and band profiles, as the Grafana query editor reads it.\n\n"
        << FlagsHelp(specs);
    return kExitOk;
  }
  if (!args->Has("json") || !args->positional.empty()) {
    PrintError(
        err, "catalog",
        absl::InvalidArgumentError(args->positional.empty() ? "--json is required (the catalog is printed as JSON only)"
                                                            : "takes no arguments besides --json"));
    return kExitUsage;
  }
  out << CatalogJson() << "\n";
  return kExitOk;
}

}  // namespace dora
