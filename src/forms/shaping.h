// Reading SQL rows into a form's result table: typed cells, and the SQL
// columns a form reads declared once as a schema, located by name once and
// then read by the form's own column enum.
#ifndef DORA_FORMS_SHAPING_H_
#define DORA_FORMS_SHAPING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "forms/result_table.h"
#include "store/sql_executor.h"

namespace dora {

// Internal "engine error: unexpected database result: <what>".
absl::Status ShapeError(absl::string_view what);

// A non-NULL bigint cell; `column` names it in the error.
absl::StatusOr<int64_t> IntCell(const std::optional<std::string>& cell, absl::string_view column);
// A float8 cell; NULL is nullopt.
absl::StatusOr<std::optional<double>> DoubleCell(const std::optional<std::string>& cell);

// The SQL columns a form reads, in the order of the form's column enum.
// Locate finds each by name once (a missing one is a ShapeError); then
// `At(row, kSomeColumn)` reads a cell by the enum.
class SqlColumns {
 public:
  static absl::StatusOr<SqlColumns> Locate(const SqlResult& rows, const std::vector<std::string>& names);

  template <typename Column>
  const std::optional<std::string>& At(const std::vector<std::optional<std::string>>& row, Column c) const {
    return row[index_[static_cast<size_t>(c)]];
  }

 private:
  std::vector<int> index_;
};

// A result column copied from one SQL column: kTime columns come from
// epoch-microsecond integers; kString, kInt and kFloat as they are.
struct CopiedColumn {
  std::string sql;
  ColumnSpec spec;
};

// Appends `columns` to t->columns and one row per SQL row.
absl::Status CopyColumns(const SqlResult& rows, const std::vector<CopiedColumn>& columns, ResultTable* t);

}  // namespace dora

#endif  // DORA_FORMS_SHAPING_H_
