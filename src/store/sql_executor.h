// The seam between the engine and the database: run one parameterized
// statement, get every row back as text. The engine never sees libpqxx.
#ifndef DORA_STORE_SQL_EXECUTOR_H_
#define DORA_STORE_SQL_EXECUTOR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/interrupt.h"
#include "sql/sql_statement.h"

namespace dora {

struct SqlResult {
  std::vector<std::string> columns;
  // rows[r][c] is the text form of a cell, or nullopt for SQL NULL.
  std::vector<std::vector<std::optional<std::string>>> rows;

  // Index of the named column, or -1.
  int ColumnIndex(absl::string_view name) const;
};

// Implementations are thread-safe: Query may be called concurrently.
class SqlExecutor {
 public:
  virtual ~SqlExecutor() = default;

  // Runs a read-only statement. Errors carry the "database" phase and map
  // to status codes as documented in store/pg_errors.h. When `interrupt`
  // fires the statement is stopped (its deadline caps the statement
  // timeout; a cancellation cancels it on the server) and the answer is
  // Interrupt::Check()'s status.
  virtual absl::StatusOr<SqlResult> Query(const SqlStatement& statement, const Interrupt& interrupt) = 0;
  absl::StatusOr<SqlResult> Query(const SqlStatement& statement) { return Query(statement, Interrupt{}); }
};

}  // namespace dora

#endif  // DORA_STORE_SQL_EXECUTOR_H_
