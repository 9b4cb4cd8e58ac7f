// The query use case: text + context -> compiled SQL -> executed -> a typed
// table with sample sizes, skew counts, bands and notices applied (each step
// by the query form's module, src/forms/). Callable from the CLI and the
// plugin alike; no Grafana types.
#ifndef DORA_ENGINE_QUERY_ENGINE_H_
#define DORA_ENGINE_QUERY_ENGINE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/interrupt.h"
#include "forms/query_result.h"
#include "query/binder.h"
#include "query/bound_query.h"
#include "sql/sql_statement.h"
#include "store/sql_executor.h"

namespace dora {

struct CompiledQuery {
  BoundQuery bound;
  SqlStatement statement;
};

// Parse, bind and generate SQL without touching the database.
absl::StatusOr<CompiledQuery> Compile(absl::string_view text, const QueryContext& context);

// Thread-safe if the executor is. Does not own the executor.
class QueryEngine {
 public:
  explicit QueryEngine(SqlExecutor* executor) : executor_(executor) {}

  absl::StatusOr<QueryResult> Run(absl::string_view text, const QueryContext& context) const;

  // Executes an already compiled query; stops when `interrupt` fires.
  absl::StatusOr<QueryResult> Execute(CompiledQuery compiled, const Interrupt& interrupt = {}) const;

 private:
  SqlExecutor* executor_;
};

// Shapes raw SQL rows by the query form's module (exposed for tests).
absl::StatusOr<QueryResult> ShapeResult(const BoundQuery& query, SqlStatement statement, const SqlResult& rows);

}  // namespace dora

#endif  // DORA_ENGINE_QUERY_ENGINE_H_
