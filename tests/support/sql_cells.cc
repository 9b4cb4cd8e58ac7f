#include "sql_cells.h"

#include <cstdlib>
#include <iostream>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"

namespace dora::testing {
namespace {

[[noreturn]] void Abort(size_t row, size_t column, absl::string_view problem) {
  std::cerr << "sql cell [" << row << "][" << column << "]: " << problem << "\n";
  std::abort();
}

}  // namespace

std::string CellText(const SqlResult& result, size_t row, size_t column) {
  if (row >= result.rows.size()) {
    Abort(row, column, "no such row (the result has " + std::to_string(result.rows.size()) + ")");
  }
  if (column >= result.rows[row].size()) {
    Abort(row, column, "no such column (the row has " + std::to_string(result.rows[row].size()) + ")");
  }
  const std::optional<std::string>& cell = result.rows[row][column];
  if (!cell.has_value()) Abort(row, column, "is NULL");
  return *cell;
}

int64_t CellInt64(const SqlResult& result, size_t row, size_t column) {
  const std::string text = CellText(result, row, column);
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) Abort(row, column, "'" + text + "' is not an integer");
  return value;
}

double CellDouble(const SqlResult& result, size_t row, size_t column) {
  const std::string text = CellText(result, row, column);
  double value = 0;
  if (!absl::SimpleAtod(text, &value)) Abort(row, column, "'" + text + "' is not a number");
  return value;
}

}  // namespace dora::testing
