// The query forms and the pipeline stages that dispatch to them.
#ifndef DORA_FORMS_REGISTRY_H_
#define DORA_FORMS_REGISTRY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forms/form_module.h"

namespace dora {

// The module of `form`; every QueryForm has one.
const FormModule& FormFor(QueryForm form);

// Parse + bind in one step (errors as query/parser.h and query/binder.h say).
absl::StatusOr<BoundQuery> CompileQuery(absl::string_view text, const QueryContext& context);

// BoundQuery -> SqlStatement. Values from the query text only ever appear as
// $n parameters; identifiers only come from the catalog. Internal error for a
// query that was not bound.
absl::StatusOr<SqlStatement> GenerateSql(const BoundQuery& query);

}  // namespace dora

#endif  // DORA_FORMS_REGISTRY_H_
