// The JSON model of one panel query, as Grafana sends it in DataQuery.json:
// every field this plugin reads, checked for its type. Fields it does not
// read (refId, datasource, intervalMs, editorMode, format from older editors,
// ...) are not checked.
#ifndef DORA_DATASOURCE_QUERY_MODEL_H_
#define DORA_DATASOURCE_QUERY_MODEL_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dora {

struct QueryModel {
  std::string expr;                     // "" when absent
  bool hide = false;                    // a hidden query answers nothing
  std::optional<std::string> timezone;  // Grafana's dashboard zone, as sent
};

// InvalidArgument naming the field and what it must be, for a model that is
// not a JSON object or has a field of the wrong type (`"hide": "yes"`).
// Never throws.
absl::StatusOr<QueryModel> ParseQueryModel(absl::string_view json);

}  // namespace dora

#endif  // DORA_DATASOURCE_QUERY_MODEL_H_
