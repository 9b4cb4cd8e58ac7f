// `dora verify`: the reference design's verification queries, run against
// the live table, each reported as PASS, WARN or FAIL with the evidence.
#ifndef DORA_ENGINE_VERIFY_H_
#define DORA_ENGINE_VERIFY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/query_engine.h"
#include "store/sql_executor.h"

namespace dora {

enum class CheckOutcome { kPass, kWarn, kFail };

struct CheckResult {
  std::string name;
  CheckOutcome outcome = CheckOutcome::kPass;
  std::string detail;
};

absl::string_view CheckOutcomeName(CheckOutcome outcome);  // "PASS", "WARN", "FAIL"

// Runs every check; a database error aborts the run. `context` supplies the
// policy (skew tolerance) and the time range checked.
absl::StatusOr<std::vector<CheckResult>> RunVerification(SqlExecutor& executor, const QueryContext& context);

}  // namespace dora

#endif  // DORA_ENGINE_VERIFY_H_
