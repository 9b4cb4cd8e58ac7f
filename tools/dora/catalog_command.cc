// `dora catalog --json`: the catalog document (query/catalog_json.h), the
// same bytes the plugin's `catalog` resource answers with. The build writes
// it into the frontend (plugin/frontend/src/generated/catalog.json).
#include "CLI/CLI.hpp"
#include "cli_options.h"
#include "command_support.h"
#include "commands.h"
#include "query/catalog_json.h"

namespace dora {

CLI::App* AddCatalogCommand(CLI::App& dora, CatalogOptions* options) {
  CLI::App* cmd =
      dora.add_subcommand("catalog", "print the query language's catalog (--json), as the query editor reads it");
  AddSwitch(*cmd, "--json", &options->json, "print the catalog as JSON (the only format)")->required();
  cmd->footer(
      "The query language's catalog: metrics, stats, dimensions, keywords, query forms, annotation kinds and\n"
      "band profiles, as the Grafana query editor reads it.");
  return cmd;
}

int RunCatalog(const CatalogOptions&, std::ostream& out, std::ostream&) {
  out << CatalogJson() << "\n";  // --json is required: the only format
  return kExitOk;
}

}  // namespace dora
