// Errors that name the phase that failed and, where there is one, the
// 1-based character position in the user's text.
//
// Message form: "<phase> error: <what> at <position>[, <detail>][ — did you
// mean '<suggestion>'?]". The position is also attached as a status payload so
// callers (the query editor's validate resource) can place a marker without
// parsing the message.
#ifndef DORA_COMMON_PHASE_ERROR_H_
#define DORA_COMMON_PHASE_ERROR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dora {

// kQuery: the request around a query (its model, refId, deadline); kPlugin:
// a failure of the plugin itself; kEngine: the engine met a database result it
// cannot shape; kSpool: the ingest spool on disk; kMigrate: schema migrations.
enum class Phase { kParse, kBind, kSql, kDatabase, kEncode, kSettings, kQuery, kPlugin, kEngine, kSpool, kMigrate };

absl::string_view PhaseName(Phase phase);

// The one constructor of an error without a position: "<phase> error: <what>"
// with status `code`. A `what` that already carries this phase's prefix is
// kept as it is, so a message passed on is never prefixed twice.
absl::Status PhaseError(Phase phase, absl::StatusCode code, absl::string_view what);

// A data source setting that is wrong: "settings error: <field>: <what>",
// InvalidArgument. `field` is the name the user sees (jsonData or
// secureJsonData key).
absl::Status SettingsFieldError(absl::string_view field, absl::string_view what);

// `status` with another code and the same message (a phase error passed on
// under the outcome its caller assigns; nothing is prefixed again).
absl::Status WithCode(const absl::Status& status, absl::StatusCode code);

struct PositionedError {
  Phase phase = Phase::kParse;
  int position = 0;        // 1-based character column; 0 when not applicable
  int length = 0;          // characters covered by the offending token (>= 0)
  std::string what;        // e.g. "unknown metric 'lead_tme'"
  std::string detail;      // e.g. "expected one of: by, where, every"
  std::string suggestion;  // a near-miss name, or empty
};

// Builds an InvalidArgument status (or `code`) carrying `error`.
absl::Status MakePositionedError(const PositionedError& error,
                                 absl::StatusCode code = absl::StatusCode::kInvalidArgument);

// Recovers the position fields from a status built by MakePositionedError;
// nullopt for any other status.
std::optional<PositionedError> GetPositionedError(const absl::Status& status);

// Returns the candidate closest to `name` by edit distance (case-insensitive)
// when it is close enough to be a plausible typo; otherwise an empty string.
std::string SuggestNearest(absl::string_view name, const std::vector<std::string>& candidates);

// Levenshtein distance on ASCII-lowercased text.
int EditDistance(absl::string_view a, absl::string_view b);

}  // namespace dora

#endif  // DORA_COMMON_PHASE_ERROR_H_
