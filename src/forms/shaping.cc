#include "forms/shaping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/phase_error.h"
#include "common/status_macros.h"

namespace dora {

absl::Status ShapeError(absl::string_view what) {
  return PhaseError(Phase::kEngine, absl::StatusCode::kInternal, absl::StrCat("unexpected database result: ", what));
}

absl::StatusOr<int64_t> IntCell(const std::optional<std::string>& cell, absl::string_view column) {
  int64_t v = 0;
  if (!cell || !absl::SimpleAtoi(*cell, &v)) return ShapeError(absl::StrCat("column ", column));
  return v;
}

absl::StatusOr<std::optional<double>> DoubleCell(const std::optional<std::string>& cell) {
  if (!cell) return std::optional<double>();
  double v = 0;
  if (!absl::SimpleAtod(*cell, &v)) return ShapeError(absl::StrCat("value '", *cell, "'"));
  return std::optional<double>(v);
}

absl::StatusOr<SqlColumns> SqlColumns::Locate(const SqlResult& rows, const std::vector<std::string>& names) {
  SqlColumns c;
  for (const std::string& name : names) {
    const int i = rows.ColumnIndex(name);
    if (i < 0) return ShapeError(absl::StrCat("missing column ", name));
    c.index_.push_back(i);
  }
  return c;
}

absl::Status CopyColumns(const SqlResult& rows, const std::vector<CopiedColumn>& columns, ResultTable* t) {
  std::vector<std::string> names;
  for (const CopiedColumn& c : columns) names.push_back(c.sql);
  DORA_ASSIGN_OR_RETURN(SqlColumns sql, SqlColumns::Locate(rows, names));
  for (const CopiedColumn& c : columns) t->columns.push_back(c.spec);
  for (const auto& row : rows.rows) {
    std::vector<Cell>& out = t->rows.emplace_back();
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::optional<std::string>& cell = sql.At(row, i);
      if (!cell) {
        out.emplace_back();
        continue;
      }
      switch (columns[i].spec.type) {
        case ColumnType::kString:
          out.emplace_back(*cell);
          break;
        case ColumnType::kTime: {
          DORA_ASSIGN_OR_RETURN(int64_t us, IntCell(cell, columns[i].sql));
          out.emplace_back(absl::FromUnixMicros(us));
          break;
        }
        case ColumnType::kInt: {
          DORA_ASSIGN_OR_RETURN(int64_t v, IntCell(cell, columns[i].sql));
          out.emplace_back(v);
          break;
        }
        case ColumnType::kFloat: {
          DORA_ASSIGN_OR_RETURN(std::optional<double> v, DoubleCell(cell));
          out.emplace_back(*v);
          break;
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace dora
