#include "engine/query_engine.h"

#include "common/status_macros.h"
#include "forms/registry.h"

namespace dora {

absl::StatusOr<CompiledQuery> Compile(absl::string_view text, const QueryContext& context) {
  CompiledQuery c;
  DORA_ASSIGN_OR_RETURN(c.bound, CompileQuery(text, context));
  DORA_ASSIGN_OR_RETURN(c.statement, GenerateSql(c.bound));
  return c;
}

absl::StatusOr<QueryResult> ShapeResult(const BoundQuery& query, SqlStatement statement, const SqlResult& rows) {
  QueryResult result;
  result.query = query;
  result.statement = std::move(statement);
  DORA_RETURN_IF_ERROR(FormFor(query.form).Shape(rows, &result));
  return result;
}

absl::StatusOr<QueryResult> QueryEngine::Run(absl::string_view text, const QueryContext& context) const {
  DORA_ASSIGN_OR_RETURN(CompiledQuery compiled, Compile(text, context));
  return Execute(std::move(compiled));
}

absl::StatusOr<QueryResult> QueryEngine::Execute(CompiledQuery compiled, const Interrupt& interrupt) const {
  DORA_ASSIGN_OR_RETURN(SqlResult rows, executor_->Query(compiled.statement, interrupt));
  return ShapeResult(compiled.bound, std::move(compiled.statement), rows);
}

}  // namespace dora
