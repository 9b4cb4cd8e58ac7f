// A small typed table: what a query answers, before it becomes a Grafana
// data frame or CLI output.
#ifndef DORA_ENGINE_RESULT_TABLE_H_
#define DORA_ENGINE_RESULT_TABLE_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/time/time.h"

namespace dora {

enum class ColumnType { kString, kTime, kFloat, kInt };

struct ColumnSpec {
  std::string name;
  ColumnType type;
  std::string unit = "";  // Grafana unit id of numeric columns ("s", "percentunit"), or empty
};

// std::monostate is NULL; otherwise the alternative matches the column type.
using Cell = std::variant<std::monostate, std::string, absl::Time, double, int64_t>;

struct ResultTable {
  std::vector<ColumnSpec> columns;
  std::vector<std::vector<Cell>> rows;

  int ColumnIndex(const std::string& name) const;
};

inline bool IsNull(const Cell& c) { return std::holds_alternative<std::monostate>(c); }

}  // namespace dora

#endif  // DORA_ENGINE_RESULT_TABLE_H_
