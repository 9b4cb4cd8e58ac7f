// Pieces every dora subcommand shares: flag sets, the query context built
// from flags, the database pool from DATABASE_URL, and error printing.
#ifndef DORA_TOOLS_DORA_COMMAND_SUPPORT_H_
#define DORA_TOOLS_DORA_COMMAND_SUPPORT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli_args.h"
#include "query/binder.h"
#include "store/store.h"

namespace dora {

// Exit codes: 0 success, 1 runtime failure (database, failed check), 2 usage
// or query error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

std::vector<FlagSpec> TimeRangeFlags(const std::string& default_from);
// The policy flags: every setting of the settings schema with a CLI flag,
// its name, help and default from there.
std::vector<FlagSpec> PolicyFlags();

// CLI11 checks for FlagSpec::check: a whole number from 1 to `max`; a
// positive number; a duration from `min` to `max`.
std::function<std::string(const std::string&)> WholeNumberCheck(int64_t max);
std::function<std::string(const std::string&)> PositiveNumberCheck();
std::function<std::string(const std::string&)> DurationCheck(absl::Duration min, absl::Duration max);

// Builds the context from --from/--to/--tz/--interval and the policy flags
// (checked by the settings schema; errors "--flag: what"); relative times
// are resolved against the wall clock.
absl::StatusOr<QueryContext> ContextFromArgs(const ParsedArgs& args, const std::string& default_from);

// The PostgreSQL store on DATABASE_URL (a pool of two sessions named
// dora-cli, 10 minute statement timeout); nothing connects until first use.
absl::StatusOr<std::unique_ptr<Store>> OpenDatabase();

// Prints "dora <command>: <message>" and, for positioned query errors, the
// query with a caret line under the offending token.
void PrintError(std::ostream& err, const std::string& command, const absl::Status& status,
                const std::string& query_text = "");

}  // namespace dora

#endif  // DORA_TOOLS_DORA_COMMAND_SUPPORT_H_
