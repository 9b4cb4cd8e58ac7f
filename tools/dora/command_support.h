// Pieces every dora subcommand shares: exit codes, the database pool from
// DATABASE_URL, and error printing. Options are in cli_options.h.
#ifndef DORA_TOOLS_DORA_COMMAND_SUPPORT_H_
#define DORA_TOOLS_DORA_COMMAND_SUPPORT_H_

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace dora {

// Exit codes: 0 success, 1 runtime failure (database, failed check), 2 usage
// or query error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// The PostgreSQL store on DATABASE_URL (a pool of two sessions named
// dora-cli, 10 minute statement timeout); nothing connects until first use.
absl::StatusOr<std::unique_ptr<Store>> OpenDatabase();

// Prints "dora <command>: <message>" and, for positioned query errors, the
// query with a caret line under the offending token.
void PrintError(std::ostream& err, const std::string& command, const absl::Status& status,
                const std::string& query_text = "");

}  // namespace dora

#endif  // DORA_TOOLS_DORA_COMMAND_SUPPORT_H_
