// A small typed table: what a query answers, before it becomes a Grafana
// data frame or CLI output. Each form's module (src/forms/) declares the
// columns it produces; consumers find columns by role, not by name or place.
#ifndef DORA_FORMS_RESULT_TABLE_H_
#define DORA_FORMS_RESULT_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/time/time.h"
#include "metrics/unit.h"

namespace dora {

enum class ColumnType { kString, kTime, kFloat, kInt };

// What a column means to consumers (frames, alerting, the CLI).
enum class ColumnRole {
  kDimension,  // a grouped dimension: a label of the row or series
  kTime,       // the bucket start of a series
  kValue,      // the metric value (units per band in a distribution)
  kBand,       // a DORA band name
  kDetail,     // anything else: sample sizes, counts, notes, event columns
};

struct ColumnSpec {
  std::string name;
  ColumnType type;
  Unit unit = Unit::kNone;  // of numeric columns
  ColumnRole role = ColumnRole::kDetail;
};

// std::monostate is NULL; otherwise the alternative matches the column type.
using Cell = std::variant<std::monostate, std::string, absl::Time, double, int64_t>;

struct ResultTable {
  std::vector<ColumnSpec> columns;
  std::vector<std::vector<Cell>> rows;

  // The first column with `role`, or -1.
  int ColumnWithRole(ColumnRole role) const;
  int ColumnIndex(const std::string& name) const;
};

inline bool IsNull(const Cell& c) { return std::holds_alternative<std::monostate>(c); }

// A numeric column's cell (double or int64) as a double; nullopt for NULL
// and for cells of other types.
inline std::optional<double> NumericCell(const Cell& c) {
  if (const double* d = std::get_if<double>(&c)) return *d;
  if (const int64_t* i = std::get_if<int64_t>(&c)) return static_cast<double>(*i);
  return std::nullopt;
}

}  // namespace dora

#endif  // DORA_FORMS_RESULT_TABLE_H_
