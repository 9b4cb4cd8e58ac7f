// The query use case: text + context -> compiled SQL -> executed -> a typed
// table with sample sizes, skew counts, bands and notices applied. Callable
// from the CLI and the plugin alike; no Grafana types.
#ifndef DORA_ENGINE_QUERY_ENGINE_H_
#define DORA_ENGINE_QUERY_ENGINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/interrupt.h"
#include "absl/strings/string_view.h"
#include "engine/result_table.h"
#include "query/binder.h"
#include "query/bound_query.h"
#include "sql/sql_statement.h"
#include "store/sql_executor.h"

namespace dora {

struct CompiledQuery {
  BoundQuery bound;
  SqlStatement statement;
};

struct QueryResult {
  BoundQuery query;
  SqlStatement statement;
  // Columns: the grouped dimensions (string), `time` (series only), `value`
  // (int for counts, float otherwise), `n`, `band` (banded metrics), `skewed`
  // (lead_time, recovery_time), `unresolved` (incident metrics), `note`.
  // Band distribution: `band`, `value` (units in the band), `n` (units
  // classified), `members` (comma-separated unit labels).
  ResultTable table;
  int64_t skewed_total = 0;         // rows excluded by the clock-skew guard
  int64_t insufficient_groups = 0;  // values nulled for n < min_sample
  int64_t unresolved_total = 0;     // incidents still open
  std::vector<std::string> notices; // one sentence each, for humans
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

// Shapes raw SQL rows per the generator's contract (exposed for tests).
absl::StatusOr<QueryResult> ShapeResult(const BoundQuery& query, SqlStatement statement,
                                        const SqlResult& rows);

}  // namespace dora

#endif  // DORA_ENGINE_QUERY_ENGINE_H_
