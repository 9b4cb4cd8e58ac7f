// Typed reads of SqlResult cells for tests' reference queries:
//
//   SqlResult ref = db.Exec("SELECT service, count(*) FROM ... GROUP BY 1");
//   EXPECT_EQ(CellInt64(ref, 0, 1), 3);
//
// Each aborts the test binary with the cell's position (and text) when the
// cell does not exist, is SQL NULL, or does not parse as the type asked for.
#ifndef DORA_TESTS_SUPPORT_SQL_CELLS_H_
#define DORA_TESTS_SUPPORT_SQL_CELLS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "store/sql_executor.h"

namespace dora::testing {

// The cell's text as PostgreSQL sent it.
std::string CellText(const SqlResult& result, size_t row, size_t column);
// The whole cell as a decimal integer ("42", "-7").
int64_t CellInt64(const SqlResult& result, size_t row, size_t column);
// The whole cell as a floating-point number (numeric and double precision
// text, "NaN" and "Infinity" included), parsed as the engine parses it.
double CellDouble(const SqlResult& result, size_t row, size_t column);

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_SQL_CELLS_H_
