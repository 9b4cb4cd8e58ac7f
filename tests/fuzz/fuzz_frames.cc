// Result shaping and frame encoding on arbitrary database rows: a query form
// picked by the first byte, its rows' cells from the input (text, NULL,
// invalid UTF-8, numbers out of range). Invariants: no crash or UB; shaping
// and encoding either succeed or return an error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "datasource/result_frames.h"
#include "engine/query_engine.h"
#include "frame/arrow_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kQueries[] = {
      "lead_time p90 by service",
      "deploys by team every 1w",
      "change_failure_rate band distribution",
      "annotations deploys, incidents",
      "lead_time samples limit 10",
      "data_quality",
      "deploy_frequency by service every 1d",
      "recovery_time p50 by service, team",
  };
  if (size < 2) return 0;
  dora::QueryContext ctx;
  ctx.from = absl::FromUnixSeconds(1767225600);
  ctx.to = ctx.from + absl::Hours(24 * 28);
  auto compiled = dora::Compile(kQueries[data[0] % 8], ctx);
  if (!compiled.ok()) return 0;
  // The columns the generator promises, with cells cut from the input at \x00.
  dora::SqlResult rows;
  const size_t columns = 1 + data[1] % 12;
  for (size_t c = 0; c < columns; ++c) rows.columns.push_back("c" + std::to_string(c));
  std::vector<std::optional<std::string>> row;
  std::string cell;
  for (size_t i = 2; i <= size; ++i) {
    if (i == size || data[i] == 0) {
      row.push_back(cell == "\x01" ? std::nullopt : std::optional<std::string>(cell));
      cell.clear();
      if (row.size() == columns) {
        rows.rows.push_back(std::move(row));
        row.clear();
      }
    } else {
      cell += static_cast<char>(data[i]);
    }
  }
  auto shaped = dora::ShapeResult(compiled->bound, compiled->statement, rows);
  if (!shaped.ok()) return 0;
  for (bool alert : {false, true}) {
    for (const dora::Frame& f : dora::FramesForResult(*shaped, "A", alert)) {
      auto bytes = dora::EncodeArrowFile(f);
      if (bytes.ok() && (bytes->size() < 12 || bytes->compare(0, 6, "ARROW1") != 0)) __builtin_trap();
    }
  }
  return 0;
}
