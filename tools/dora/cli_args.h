// Minimal, strict command-line parsing for the dora subcommands:
// `--name value`, `--name=value`, boolean `--name`, and positionals.
#ifndef DORA_TOOLS_DORA_CLI_ARGS_H_
#define DORA_TOOLS_DORA_CLI_ARGS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace dora {

struct FlagSpec {
  std::string name;  // without dashes
  bool takes_value = true;
  std::string value_name;  // for help: "T", "N", "ZONE"
  std::string help;
};

struct ParsedArgs {
  std::map<std::string, std::string> values;  // flags with values, and booleans as "true"
  std::vector<std::string> positional;

  bool Has(const std::string& name) const { return values.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback) const;
};

// Unknown flags are InvalidArgument errors that suggest the nearest known
// flag. `--help` and `-h` are always accepted (as "help").
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

// Aligned help lines for the given flags.
std::string FlagsHelp(const std::vector<FlagSpec>& specs);

}  // namespace dora

#endif  // DORA_TOOLS_DORA_CLI_ARGS_H_
