#include "forms/result_table.h"

namespace dora {

int ResultTable::ColumnWithRole(ColumnRole role) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].role == role) return static_cast<int>(i);
  }
  return -1;
}

int ResultTable::ColumnIndex(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace dora
