// The CallResource use case. Routes (paths with or without a leading slash):
//
//   GET  catalog       the catalog document of query/catalog_json.h (for the editor)
//   GET  services      [{"text","value"}] distinct services   (template variables)
//   GET  teams         [{"text","value"}] distinct teams
//   GET  environments  [{"text","value"}] distinct environments
//   POST values        {"query": "services where team in ('a')", "from": <epoch ms>, "to": <epoch ms>}
//                      -> [{"text","value"}]: the values of a variable query
//                      (datasource/variable_values.h) seen in [from, to);
//                      400 {"error", "detail": {phase, position, ...}} for a bad query
//   POST validate      {"expr": "..."} -> {"valid": true, "normalized": "..."}
//                      or {"valid": false, "error": {phase, position, length, message, ...}}
//
// Unknown paths are 404, wrong methods 405, bad bodies 400, database
// failures 503 or 500 per common/grafana_outcome.h; every body is JSON.
#ifndef DORA_DATASOURCE_RESOURCES_H_
#define DORA_DATASOURCE_RESOURCES_H_

#include <string>

#include "absl/status/statusor.h"
#include "datasource/instance.h"

namespace dora {

struct ResourceRequest {
  std::string method;  // GET, POST, ...
  std::string path;    // "catalog", "/catalog"
  std::string body;
};

struct ResourceResponse {
  int code = 200;
  std::string content_type = "application/json";
  std::string body;
};

// `instance` is the data source's instance, or the settings error that kept
// it from being built (catalog and validate still answer then).
ResourceResponse HandleResource(const absl::StatusOr<std::shared_ptr<DataSourceInstance>>& instance,
                                const ResourceRequest& request);

}  // namespace dora

#endif  // DORA_DATASOURCE_RESOURCES_H_
